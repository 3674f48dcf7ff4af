/**
 * percent-precision: a rate written with fewer decimals than the report's own convention. When
 * most of a report's rates (hygiene.yaml `precision`) carry the same number of decimals (95.71%),
 * a rate written coarser (「完成年初预算的96%」) whose relation the report states (its share, its
 * change, its budget comparison) is reported with the value at the report's precision, computed
 * from the figures. Nothing is said when the report writes whole percentages throughout, when
 * the rate does not fit its figures (the relation rules report that), or when the coarse value is
 * the exact one (100%).
 */
import type { Fact } from '../../facts/extract';
import { hygiene } from '../../knowledge/hygiene';
import type { Constraint } from '../../relations/network';
import { fmt } from '../../util/decimal';
import { fix, relFact, type Ctx } from '../context';
import { defineRule, t, type Report } from '../rule';

const RATE_KINDS = new Set(['share', 'rate', 'budget-rate']);

/** The decimals most of the report's rates are written with, when they agree enough. */
function convention(rates: Fact[]): number | undefined {
  const { share, minRates } = hygiene.precision;
  if (rates.length < minRates) return undefined;
  const count = new Map<number, number>();
  for (const f of rates) count.set(f.written.decimals, (count.get(f.written.decimals) ?? 0) + 1);
  const [d, n] = [...count.entries()].sort((a, b) => b[1] - a[1])[0];
  return d > 0 && n / rates.length >= share ? d : undefined;
}

function check(ctx: Ctx, report: Report): void {
  const { lang } = ctx;
  const rates = ctx.ex.facts.filter(
    (f) => f.paragraph && f.unitKind === 'percent' && RATE_KINDS.has(f.kind) && (!f.doc || f.doc === ctx.doc),
  );
  const d = convention(rates);
  if (d === undefined) return;
  const byTarget = new Map<Fact, Constraint>();
  for (const c of ctx.net.constraints) if (!byTarget.has(c.target)) byTarget.set(c.target, c);
  for (const f of rates) {
    if (f.written.decimals >= d) continue;
    const c = byTarget.get(f);
    const e = c ? ctx.relations.evals.get(c) : undefined;
    if (!c || !e || !e.point || !e.computed || (e.status !== 'exact' && e.status !== 'rounding')) continue;
    const point = e.point.div(f.factor);
    const exact = fmt(point, d);
    if (point.toDecimalPlaces(d).eq(f.written.value)) continue;
    const lo = fmt(e.computed.lo.div(f.factor), d);
    const hi = fmt(e.computed.hi.div(f.factor), d);
    const written = f.written.value.toFixed(f.written.decimals);
    report({
      span: f.span,
      message: t(
        lang,
        `${written}% 的精度低于本报告其他比率（${d} 位小数）：按所列数字为 ${exact}%`,
        `${written}% is coarser than the report's other rates (${d} decimals): the figures give ${exact}%`,
      ),
      expected: exact,
      formula: e.formula[lang],
      related: c.facts.filter((x) => x !== f).map((x) => relFact(ctx, x)),
      fixes: lo === hi ? [fix(ctx, t(lang, `改为 ${exact}`, `Change to ${exact}`), f.span, exact, false, f.doc)] : [],
      data: { decimals: d, exact },
    });
  }
}

export const rule = defineRule(
  {
    id: 'percent-precision',
    aliases: ['SP117'],
    tags: ['text', 'format'],
    title: { 'zh-CN': '比率精度不一致', en: 'A rate coarser than the report’s convention' },
    severity: 'warning',
    doc: {
      'zh-CN':
        '报告中的比率大多写到同样的小数位（如两位小数 95.71%）时，写得更粗的比率（「完成年初预算的96%」）按其占比、增减或预决算关系重新计算，' +
        '报告按报告精度的准确值。全文都写整数百分比时不报告；比率与数字不符时由关系规则报告；粗值正是准确值（100%）时不报告。阈值见 server/data/hygiene.yaml。',
      en:
        "When most of a report's rates carry the same number of decimals (95.71%), a rate written coarser " +
        '(「完成年初预算的96%」) is recomputed from its share, change or budget relation and reported with the value at ' +
        "the report's precision. Not when the report writes whole percentages throughout, not when the rate does not " +
        'fit its figures (the relation rules report that), not when the coarse value is exact (100%). Thresholds are ' +
        'data (server/data/hygiene.yaml).',
    },
  },
  check,
);
