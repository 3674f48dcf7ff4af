/**
 * perf-total: the 总分 of a 自评表 is the sum of its scores, the execution rate's included; a
 * difference that the faults of single scores explain is theirs, not the total's.
 */
import { D, Dec, fmt, trimDec } from '../../util/decimal';
import type { Num } from '../../facts/perf-cells';
import type { PerfSheet } from '../../facts/perf-sheet';
import type { PerfConventions } from '../../knowledge/perf';
import { defineRule, t } from '../rule';
import { relCell, setFix } from './common';
import { rateScoreFix } from './perf-execution';
import { scoreFix } from './perf-score';
import { fundCap, rowCap, settledRows } from './perf-score-range';
import { completionWrong } from './perf-completion';

export interface Totals {
  /** The scores (the execution rate's first), their sum, and the sum with every score as it should be. */
  scores: Num[];
  sum: Dec;
  corrected: Dec;
  /**
   * A row's completion rate is wrong: its score is checked once the rate is right, so the sum of the
   * scores as they should be is not known yet.
   */
  pending: boolean;
}

/** The sums of the scores, when there are scores and every score cell holds a number. */
export function totalsOf(sheet: PerfSheet, c: PerfConventions): Totals | undefined {
  const fundScore = sheet.fund?.score;
  const scores = [...(fundScore ? [fundScore] : []), ...sheet.rows.map((r) => r.score).filter((s): s is Num => !!s)];
  if (!scores.length || sheet.badScore) return undefined;
  const settled = settledRows(sheet, c);
  const f = sheet.fund;
  const fundFixed = f && (rateScoreFix(f, c, sheet) ?? fundCap(f, sheet, c));
  const rowsFixed = sheet.rows.reduce(
    (acc, r) => acc.plus(scoreFix(r, settled, c) ?? rowCap(r, settled) ?? r.score?.w.value ?? 0),
    new D(0),
  );
  return {
    scores,
    sum: scores.reduce((acc, s) => acc.plus(s.w.value), new D(0)),
    corrected: (fundFixed ?? (fundScore ? fundScore.w.value : new D(0))).plus(rowsFixed),
    pending: sheet.rows.some((r) => r.score && completionWrong(r)),
  };
}

export const rule = defineRule(
  {
    id: 'perf-total',
    aliases: ['SP203'],
    tags: ['performance'],
    scope: 'perf-sheet',
    title: { 'zh-CN': '总分与各项得分之和不符', en: 'Total score is not the sum of the scores' },
    severity: 'error',
    doc: {
      'zh-CN':
        '总分应等于预算执行率得分与各项指标得分之和。某项得分另有错误（超出分值、与完成率不符）且改正后总分相符时，只报告该项。快速修复重算总分。',
      en:
        "The total score equals the execution-rate score plus every indicator score. When a row's own error (above " +
        'its weight, not following its completion rate) explains the difference, only that row is reported. The ' +
        'quick fix recomputes the total.',
    },
  },
  {
    check: (ctx, sheet, report) => {
      const { lang } = ctx;
      const stated = sheet.statedTotal;
      const totals = typeof stated === 'object' ? totalsOf(sheet, ctx.perf.conventions) : undefined;
      if (typeof stated !== 'object' || !totals) return;
      const { scores, sum, corrected, pending } = totals;
      const tv = stated.w;
      const matches = (x: Dec) => x.toDecimalPlaces(tv.decimals, D.ROUND_HALF_UP).eq(tv.value);
      if (matches(sum) || matches(corrected)) return;
      const expected = fmt(corrected, tv.decimals);
      report({
        span: stated.span,
        doc: sheet.table.doc,
        message: t(
          lang,
          `总分 ${stated.cell.text} 不等于各项得分之和 ${expected}（${sheet.name}）`,
          `the total score ${stated.cell.text} is not the sum of the scores, ${expected} (${sheet.name})`,
        ),
        related: scores.slice(0, 12).map((s) => relCell(ctx, sheet, s, `得分 ${s.cell.text}`)),
        fixes: [
          setFix(
            ctx,
            sheet,
            stated,
            corrected,
            tv.decimals,
            // certain only on the scores as they are, and final: a total that assumes other corrections
            // (some only suggested), or precedes a score's own (after its completion rate's), would be
            // recomputed again once they are made, or not made
            corrected.eq(sum) && !pending,
            t(lang, `重算总分为 ${expected}`, `Recompute the total: ${expected}`),
          ),
        ],
        expected,
        formula: `${scores.map((s) => trimDec(s.w.value)).join(' + ')} = ${trimDec(sum)}`,
      });
    },
  },
);
