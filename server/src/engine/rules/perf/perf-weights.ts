/**
 * perf-weights: the weights of a 自评表 (the execution rate's included) add up to 100, or the
 * total of the layout profile; a row scored full marks shows what its weight should have been.
 */
import { D, Dec, trimDec } from '../../util/decimal';
import type { Num } from '../../facts/perf-cells';
import type { PerfSheet, RowReading } from '../../facts/perf-sheet';
import type { PerfConventions } from '../../knowledge/perf';
import type { Ctx } from '../context';
import { defineRule, t, type Report } from '../rule';
import { relCell, setFix } from './common';
import { rateScore } from './fund';

/** The weight that explains a wrong sum: of the one row scored full marks whose score is weight − difference. */
export interface Culprit {
  w: Num;
  s: Num;
  /** Its indicator row (none for the execution rate). */
  row?: RowReading;
}

/** Every weight of the sheet, the execution rate's first. */
export function weightsOf(sheet: PerfSheet): Num[] {
  const fw = sheet.fund?.weight;
  return [...(fw ? [fw] : []), ...sheet.rows.map((r) => r.weight).filter((w): w is Num => !!w)];
}

const sumOf = (ws: Num[]) => ws.reduce((acc, w) => acc.plus(w.w.value), new D(0));

/** A completion of 100% or more, stated or from target and actual. */
function fullMarks(r: RowReading): boolean {
  const c = r.stated ? r.stated.w.value.div(100) : r.computed && r.computed !== 'units' ? r.computed.value : undefined;
  return !!c && c.gte(1);
}

/** Whether the sum of the weights is checked: rows, weights, and every weight a number. */
export const weightsChecked = (sheet: PerfSheet) =>
  sheet.rows.length > 0 && weightsOf(sheet).length > 0 && !sheet.badWeight;

export function weightCulprit(sheet: PerfSheet, c: PerfConventions): Culprit | undefined {
  if (!weightsChecked(sheet)) return undefined;
  const diff = sumOf(weightsOf(sheet)).minus(c.weightTotal);
  if (diff.isZero()) return undefined;
  const f = sheet.fund;
  const fe = f && rateScore(f);
  const full: Culprit[] = [
    ...(f?.weight && f.score && fe && f.score.w.value.eq(f.weight.w.value.minus(diff)) && fe.gte(f.weight.w.value)
      ? [{ w: f.weight, s: f.score }]
      : []),
    ...sheet.rows
      .filter(
        (r) =>
          r.weight &&
          r.score &&
          fullMarks(r) &&
          r.score.w.value.eq(r.weight.w.value.minus(diff)) &&
          !r.score.w.value.eq(r.weight.w.value),
      )
      .map((r) => ({ w: r.weight!, s: r.score!, row: r })),
  ];
  return full.length === 1 ? full[0] : undefined;
}

export const rule = defineRule(
  {
    id: 'perf-weights',
    aliases: ['SP201'],
    tags: ['performance'],
    scope: 'perf-sheet',
    title: { 'zh-CN': '分值之和不为 100', en: 'Weights do not add up to 100' },
    severity: 'error',
    doc: {
      'zh-CN':
        '绩效自评表各项分值（含预算执行率的分值）之和应为 100（或布局模板规定的总分）；总分行所列分值应等于各项之和。若某项得满分而其分值使总和不为 100，则指出该项并给出应有的分值。',
      en:
        'The weights of a self-evaluation table (the execution-rate weight included) add up to 100 (or the total ' +
        'the layout profile sets), and the 总分 row states their sum. When one fully scored row explains the ' +
        'difference, that weight is reported with the value it should have.',
    },
  },
  {
    check: (ctx, sheet, report) => {
      if (weightsChecked(sheet)) checkSheet(ctx, report, sheet);
    },
  },
);

function checkSheet(ctx: Ctx, report: Report, sheet: PerfSheet): void {
  const { lang } = ctx;
  const total = ctx.perf.conventions.weightTotal;
  const weights = weightsOf(sheet);
  const sumW = sumOf(weights);
  const formula = `${weights.map((w) => trimDec(w.w.value)).join(' + ')} = ${trimDec(sumW)}`;
  const statedW = sheet.statedWeight;
  const tname = sheet.name;
  const doc = sheet.table.doc;
  if (sumW.eq(new D(total))) {
    if (typeof statedW === 'object' && !statedW.w.value.eq(sumW))
      report({
        span: statedW.span,
        doc,
        message: t(
          lang,
          `总分的分值 ${statedW.cell.text} 与各项分值之和 ${trimDec(sumW)} 不符（${tname}）`,
          `the total weight ${statedW.cell.text} is not the sum of the weights, ${trimDec(sumW)} (${tname})`,
        ),
        fixes: [setFix(ctx, sheet, statedW, sumW, statedW.w.decimals, true)],
        expected: trimDec(sumW),
        formula,
      });
    return;
  }
  const culprit = weightCulprit(sheet, ctx.perf.conventions);
  if (culprit) return reportCulprit(ctx, report, sheet, culprit, weights, formula);
  report({
    span: typeof statedW === 'object' ? statedW.span : sheet.table.title.span,
    doc,
    message: t(
      lang,
      `各项分值之和为 ${trimDec(sumW)}，应为 ${total}（${tname}）`,
      `the weights add up to ${trimDec(sumW)}, not ${total} (${tname})`,
    ),
    related: weights.slice(0, 12).map((w) => relCell(ctx, sheet, w, `分值 ${w.cell.text}`)),
    expected: String(total),
    formula,
  });
}

function reportCulprit(
  ctx: Ctx,
  report: Report,
  sheet: PerfSheet,
  culprit: Culprit,
  weights: Num[],
  formula: string,
): void {
  const total = ctx.perf.conventions.weightTotal;
  const sumW = sumOf(weights);
  const to: Dec = culprit.w.w.value.minus(sumW.minus(total));
  const [w, s, tname] = [culprit.w.cell.text, culprit.s.cell.text, sheet.name];
  report({
    span: culprit.w.span,
    doc: sheet.table.doc,
    message: t(
      ctx.lang,
      `分值之和为 ${trimDec(sumW)}，不是 ${total}：此项分值 ${w} 应为 ${trimDec(to)}（得分 ${s} 为满分）（${tname}）`,
      `the weights add up to ${trimDec(sumW)}, not ${total}: this weight ${w} should be ${trimDec(to)} (its ` +
        `score ${s} is full marks) (${tname})`,
    ),
    related: weights
      .filter((x) => x !== culprit.w)
      .slice(0, 12)
      .map((x) => relCell(ctx, sheet, x, `分值 ${x.cell.text}`)),
    fixes: [setFix(ctx, sheet, culprit.w, to, culprit.w.w.decimals, true)],
    expected: trimDec(to),
    formula,
  });
}
