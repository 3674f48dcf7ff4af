/** perf-score-range: every score of a 自评表 lies in 0 … its 分值 (the execution-rate score too). */
import { fmt, trimDec, type Dec } from '../../util/decimal';
import { asNum, scoreCap, type Num } from '../../facts/perf-cells';
import type { FundReading, PerfSheet, RowReading } from '../../facts/perf-sheet';
import type { PerfConventions } from '../../knowledge/perf';
import type { Ctx } from '../context';
import { defineRule, t, type Report } from '../rule';
import { relCell, setFix } from './common';
import { completionWrong } from './perf-completion';
import { rateScore } from './fund';
import { weightCulprit } from './perf-weights';
import { proportionalScore } from './scoring';

/**
 * Rows whose score another finding explains: the row whose weight is the culprit of a wrong sum
 * (its score is right against the right weight), a row whose completion rate is wrong.
 */
export function settledRows(sheet: PerfSheet, c: PerfConventions): Set<RowReading> {
  const out = new Set(sheet.rows.filter(completionWrong));
  const culprit = weightCulprit(sheet, c);
  if (culprit?.row) out.add(culprit.row);
  return out;
}

/**
 * The execution-rate score capped to 0 … 分值, when it lies outside (and the rate is known), unless
 * its weight is the culprit of a wrong sum of weights (the score is right against the right weight).
 */
export function fundCap(f: FundReading, sheet: PerfSheet, c: PerfConventions): Dec | undefined {
  if (!f.weight || !f.score || !(f.ratio || asNum(f.rate))) return undefined;
  if (weightCulprit(sheet, c)?.w === f.weight) return undefined;
  return scoreCap(f.weight, f.score);
}

/**
 * A row's score capped to 0 … 分值, when it lies outside and no other finding explains it: a wrong
 * completion rate does not (no completion puts a score above its weight), a wrong weight does.
 */
export function rowCap(r: RowReading, settled: Set<RowReading>): Dec | undefined {
  return r.weight && r.score && (!settled.has(r) || completionWrong(r)) ? scoreCap(r.weight, r.score) : undefined;
}

export const rule = defineRule(
  {
    id: 'perf-score-range',
    aliases: ['SP202'],
    tags: ['performance'],
    scope: 'perf-sheet',
    title: { 'zh-CN': '得分超出分值范围', en: 'Score outside 0 … weight' },
    severity: 'error',
    doc: {
      'zh-CN': '每项得分应满足 0 ≤ 得分 ≤ 分值。快速修复将得分改为分值（上限）。',
      en: 'Every score lies between 0 and its weight (分值). The quick fix caps the score at its weight.',
    },
  },
  {
    check: (ctx, sheet, report) => {
      const { lang } = ctx;
      const f = sheet.fund;
      const cap = f && fundCap(f, sheet, ctx.perf.conventions);
      if (f && cap) {
        const message = t(
          lang,
          `预算执行率得分 ${f.score!.cell.text} 超出 0 至分值 ${f.weight!.cell.text} 的范围（${sheet.name}）`,
          `the execution-rate score ${f.score!.cell.text} is outside 0 … ${f.weight!.cell.text} (${sheet.name})`,
        );
        // as for a row: the cap is the score only when the rate (as the amounts give it) earns full marks
        const full = rateScore(f);
        reportCap(ctx, report, sheet, f.weight!, f.score!, cap, message, !!full && full.eq(cap));
      }
      const settled = settledRows(sheet, ctx.perf.conventions);
      for (const r of sheet.rows) {
        const to = rowCap(r, settled);
        if (!to) continue;
        const score = r.score!.cell.text;
        const message = r.score!.w.value.lt(0)
          ? t(lang, `「${r.name}」得分 ${score} 为负数`, `「${r.name}」: the score ${score} is negative`)
          : t(
              lang,
              `「${r.name}」得分 ${score} 超过分值 ${r.weight!.cell.text}`,
              `「${r.name}」: the score ${score} exceeds its weight ${r.weight!.cell.text}`,
            );
        // a score above its weight is wrong whatever the completion; the cap is its value only when
        // the completion (as target and actual give it) earns full marks: else it may be anything below
        const full = proportionalScore(r, ctx.perf.conventions);
        const known = !!full && full.eq(to);
        reportCap(ctx, report, sheet, r.weight!, r.score!, to, message, known);
      }
    },
  },
);

function reportCap(
  ctx: Ctx,
  report: Report,
  sheet: PerfSheet,
  weight: Num,
  score: Num,
  to: Dec,
  message: string,
  known: boolean,
): void {
  const d = score.w.decimals;
  report({
    span: score.span,
    doc: sheet.table.doc,
    message,
    related: [relCell(ctx, sheet, weight, `分值 ${weight.cell.text}`)],
    fixes: [
      // a negative score's value is not known from its range (perf-score knows it from the completion)
      setFix(
        ctx,
        sheet,
        score,
        to,
        d,
        known && !score.w.value.lt(0),
        t(ctx.lang, `改为 ${fmt(to, d)}（不超过分值）`, `Cap at ${fmt(to, d)}`),
      ),
    ],
    expected: fmt(to, d),
    formula: `0 ≤ ${trimDec(score.w.value)} ≤ ${trimDec(weight.w.value)}`,
  });
}
