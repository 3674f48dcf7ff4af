/** How a 自评表 row is scored from its completion (perf-score checks it, perf-score-range caps by it). */
import type { Dec } from '../../util/decimal';
import type { PCell } from '../../facts/perf-table';
import type { RowReading } from '../../facts/perf-sheet';
import { perfVocabulary, type PerfConventions } from '../../knowledge/perf';
import { rowCompletion } from './perf-completion';

/** Whether a row is scored in proportion to its completion: its 赋分规则 names no other way. */
export function isProportional(rule: PCell | undefined, c: PerfConventions): boolean {
  if (c.scoring === 'none') return false;
  if (!rule || !rule.text.trim()) return true;
  if (perfVocabulary.proportional.test(rule.text)) return true;
  return !perfVocabulary.otherScoring.test(rule.text);
}

/**
 * The score a row scored in proportion earns from its completion as written: full marks at 100% or
 * more, 分值 × 完成率 below; undefined when the row is not scored so or its completion is not known.
 */
export function proportionalScore(r: RowReading, c: PerfConventions): Dec | undefined {
  if (!r.weight) return undefined;
  const completion = rowCompletion(r)?.value;
  // a negative completion (a negative rate or figure) scores nothing in proportion: not determined
  if (!completion || completion.lt(0) || !isProportional(r.row.rule, c)) return undefined;
  const wv = r.weight.w.value;
  return completion.gte(1) ? wv : wv.times(completion);
}
