/** The execution rate of a 自评表 and the score it earns, as the perf-* rules read them. */
import { D, Dec, judge } from '../../util/decimal';
import { asNum } from '../../facts/perf-cells';
import type { FundReading } from '../../facts/perf-sheet';

/** Whether the stated execution rate disagrees with executed ÷ budget (within rounding). */
export function rateWrong(f: FundReading): boolean {
  const rate = asNum(f.rate);
  return !!f.ratio && !!rate && judge(rate.w, f.ratio.percent, f.ratio.point.times(100)) === 'mismatch';
}

/** The rate the score follows from: the stated one, unless the amounts say otherwise (1 = 100%). */
export function scoringRate(f: FundReading): Dec | undefined {
  const rate = asNum(f.rate);
  if (f.ratio) return rate && !rateWrong(f) ? rate.w.value.div(100) : f.ratio.point;
  return rate ? rate.w.value.div(100) : undefined;
}

/** The score the execution rate earns, when its weight, its score and the rate are known. */
export function rateScore(f: FundReading): Dec | undefined {
  const rate = scoringRate(f);
  return f.weight && f.score && rate ? f.weight.w.value.times(D.min(rate, 1)) : undefined;
}
