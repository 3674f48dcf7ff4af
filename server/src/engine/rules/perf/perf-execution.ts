/**
 * perf-execution: the execution rate of a 自评表 is 全年执行数 ÷ 全年预算数, and its score is
 * 分值 × min(执行率, 100%).
 */
import { D, Dec, Interval, fmt, judge, trimDec } from '../../util/decimal';
import { asNum } from '../../facts/perf-cells';
import type { FundReading, PerfSheet } from '../../facts/perf-sheet';
import type { PerfConventions } from '../../knowledge/perf';
import type { Ctx } from '../context';
import { defineRule, t, type Report } from '../rule';
import { pctText, relCell, setFix } from './common';
import { rateScore, rateWrong, scoringRate } from './fund';
import { weightCulprit } from './perf-weights';
import { rateExplained } from './fund-blame';

/** The execution-rate score it should be, when it does not follow from the rate (and lies in 0 … 分值). */
export function rateScoreFix(f: FundReading, c: PerfConventions, sheet: PerfSheet): Dec | undefined {
  const exp = rateScore(f);
  const over = f.weight && f.score && f.score.w.value.gt(f.weight.w.value);
  if (!exp || !f.weight || !f.score || over || c.scoring !== 'proportional') return undefined;
  // a full score against a weight that makes the weights' sum wrong: the weight is at fault (perf-weights)
  const culprit = weightCulprit(sheet, c);
  if (culprit && culprit.w === f.weight) return undefined;
  const wrong =
    judge(f.score.w, Interval.exact(exp), exp) === 'mismatch' && !Interval.exact(exp).meets(f.score.w.interval);
  return wrong ? exp : undefined;
}

export const rule = defineRule(
  {
    id: 'perf-execution',
    aliases: ['SP204'],
    tags: ['performance'],
    scope: 'perf-sheet',
    title: { 'zh-CN': '预算执行率或其得分有误', en: 'Execution rate or its score is wrong' },
    severity: 'error',
    doc: {
      'zh-CN':
        '预算执行率 = 全年执行数 ÷ 全年预算数（按舍入区间核对）；执行率得分 = 分值 × min(执行率, 100%)。快速修复重算执行率或其得分。',
      en:
        'The execution rate is 全年执行数 ÷ 全年预算数 (checked with rounding intervals); its score is the weight × ' +
        'min(rate, 100%). The quick fix recomputes the rate or its score.',
    },
  },
  {
    check: (ctx, sheet, report) => {
      if (!sheet.fund) return;
      // a wrong total that explains the rate is blamed once, by perf-funds: the stated rate
      // holds then, and the score follows from it
      const explained = rateExplained(sheet);
      const f = explained ? { ...sheet.fund, ratio: undefined } : sheet.fund;
      if (!explained && rateWrong(f)) reportRate(ctx, report, sheet, f);
      const exp = rateScoreFix(f, ctx.perf.conventions, sheet);
      if (exp) reportScore(ctx, report, sheet, f, exp);
    },
  },
);

function reportRate(ctx: Ctx, report: Report, sheet: PerfSheet, f: FundReading): void {
  const rateN = asNum(f.rate)!;
  const execN = asNum(f.executed)!;
  const yearN = asNum(f.year)!;
  const point = f.ratio!.point;
  const expected = pctText(point, rateN.w.decimals);
  const tname = sheet.name;
  report({
    span: rateN.span,
    doc: sheet.table.doc,
    message: t(
      ctx.lang,
      `执行率 ${rateN.cell.text} 与全年执行数 ÷ 全年预算数不符，应为 ${expected}（${tname}）`,
      `the execution rate ${rateN.cell.text} does not follow from executed ÷ full-year budget; it should ` +
        `be ${expected} (${tname})`,
    ),
    related: [
      relCell(ctx, sheet, execN, `全年执行数 ${execN.cell.text}`),
      relCell(ctx, sheet, yearN, `全年预算数 ${yearN.cell.text}`),
    ],
    fixes: [setFix(ctx, sheet, rateN, point.times(100), rateN.w.decimals, true)],
    expected,
    formula: `${trimDec(execN.w.value)} ÷ ${trimDec(yearN.w.value)} × 100 = ${trimDec(point.times(100), 4)}%`,
  });
}

function reportScore(ctx: Ctx, report: Report, sheet: PerfSheet, f: FundReading, exp: Dec): void {
  const fundWeight = f.weight!;
  const fundScore = f.score!;
  const ratePoint = scoringRate(f)!;
  const expected = fmt(exp, fundScore.w.decimals);
  const pct = trimDec(D.min(ratePoint, 1).times(100), 2);
  const w = trimDec(fundWeight.w.value);
  report({
    span: fundScore.span,
    doc: sheet.table.doc,
    message: t(
      ctx.lang,
      `执行率得分 ${fundScore.cell.text} 与执行率不符：${w} × ${pct}% = ${expected}（${sheet.name}）`,
      `the execution-rate score ${fundScore.cell.text} does not follow from the rate: ${w} × ${pct}% = ${expected} ` +
        `(${sheet.name})`,
    ),
    related: [
      relCell(ctx, sheet, fundWeight, `分值 ${fundWeight.cell.text}`),
      ...(f.row.rate ? [relCell(ctx, sheet, f.row.rate, `执行率 ${f.row.rate.text}`)] : []),
    ],
    fixes: [setFix(ctx, sheet, fundScore, exp, fundScore.w.decimals, true)],
    expected,
    formula: `${w} × min(${trimDec(ratePoint.times(100), 4)}%, 100%) = ${trimDec(exp, 4)}`,
  });
}
