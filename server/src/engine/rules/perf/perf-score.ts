/**
 * perf-score: an indicator scored in proportion earns full marks at a completion of 100% or
 * more, 分值 × 完成率 below; a deduction with its reason stated is deliberate.
 */
import { D, Dec, Interval, fmt, judge, trimDec } from '../../util/decimal';
import type { PerfSheet, RowReading } from '../../facts/perf-sheet';
import type { PerfConventions } from '../../knowledge/perf';
import type { Ctx } from '../context';
import { defineRule, t, type FindingSpec } from '../rule';
import { relCell, setFix } from './common';
import { rowCompletion } from './perf-completion';
import { isProportional, proportionalScore } from './scoring';

export { isProportional };
import { settledRows } from './perf-score-range';

/** The score a row should have from its completion, when it has another (and nothing else explains it). */
export function scoreFix(r: RowReading, settled: Set<RowReading>, c: PerfConventions): Dec | undefined {
  // a score above its weight is capped (perf-score-range); a negative one is scored here like any other
  if (!r.weight || !r.score || settled.has(r) || r.score.w.value.gt(r.weight.w.value)) return undefined;
  const exp = proportionalScore(r, c);
  if (!exp) return undefined;
  const completion = rowCompletion(r)!.value;
  const sv = r.score.w.value;
  const ok = sv.eq(exp) || judge(r.score.w, Interval.exact(exp), exp) !== 'mismatch';
  // a lower score with its reason stated is a deliberate deduction (a completion far above
  // target scored down, say); one far above target without a reason needs the reason
  const lower = sv.lt(exp);
  const excused = !!r.reason && lower;
  return !ok && !excused && !(completion.gt(1) && lower) ? exp : undefined;
}

export const rule = defineRule(
  {
    id: 'perf-score',
    aliases: ['SP206'],
    tags: ['performance'],
    scope: 'perf-sheet',
    title: { 'zh-CN': '得分与完成率不符', en: 'Score does not follow from the completion rate' },
    severity: 'error',
    doc: {
      'zh-CN':
        '按比例赋分的指标：完成率 ≥ 100% 得满分，低于 100% 按比例得分（分值 × 完成率）。有偏差原因说明的扣分（如完成率远超目标而扣分）不报；赋分规则为直接赋分、按等级赋分等的指标不按比例核对。' +
        '快速修复改为按规则确定的得分。',
      en:
        'For indicators scored in proportion: full marks at a completion of 100% or more, weight × completion ' +
        'below. A deduction with its reason stated (such as a completion far above target scored down) is not ' +
        'reported; indicators scored directly or by grade are not checked in proportion. The quick fix writes the ' +
        'score the rule determines.',
    },
  },
  {
    check: (ctx, sheet, report) => {
      const c = ctx.perf.conventions;
      const settled = settledRows(sheet, c);
      for (const r of sheet.rows) {
        const exp = scoreFix(r, settled, c);
        if (exp) report(findingOf(ctx, sheet, r, exp));
      }
    },
  },
);

function findingOf(ctx: Ctx, sheet: PerfSheet, r: RowReading, exp: Dec): FindingSpec {
  const weight = r.weight!;
  const score = r.score!;
  const { value: completion, formula: how } = rowCompletion(r)!;
  const wv = trimDec(weight.w.value);
  const expected = fmt(exp, score.w.decimals);
  const pct = trimDec(D.min(completion, 1).times(100), 2);
  return {
    span: score.span,
    doc: sheet.table.doc,
    message: t(
      ctx.lang,
      `「${r.name}」得分 ${score.cell.text} 与完成率不符：${wv} × ${pct}% = ${expected}`,
      `「${r.name}」: the score ${score.cell.text} does not follow from the completion rate: ${wv} × ${pct}% ` +
        `= ${expected}`,
    ),
    related: [
      relCell(ctx, sheet, weight, `分值 ${weight.cell.text}`),
      ...(r.row.completion ? [relCell(ctx, sheet, r.row.completion, `完成率 ${r.row.completion.text}`)] : []),
    ],
    fixes: [setFix(ctx, sheet, score, exp, score.w.decimals, !r.reason)],
    expected,
    formula: `${wv} × min(${how ?? trimDec(completion.times(100), 4) + '%'}, 100%) = ${trimDec(exp, 4)}`,
  };
}
