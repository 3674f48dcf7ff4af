/**
 * direction-contradiction: the words comparing the actual with the budget (「决算数小于年初预算
 * 数的主要原因」) against the figures the paragraph states for them: the budget comparison the
 * extraction read (actual, budget, 完成预算的 X%) gives the sign; a 大于 where the actual is the
 * smaller (or a 小于 where it is the larger) is reported, with the opposite word as the fix.
 * Nothing is said when the sign is not certain (the figures' rounding intervals overlap).
 */
import type { BudgetRel, Fact } from '../../facts/extract';
import { hygiene } from '../../knowledge/hygiene';
import { Interval } from '../../util/decimal';
import { fix, relFact, show, type Ctx } from '../context';
import { defineRule, t, type Report } from '../rule';

function sign(x: Interval): 1 | -1 | undefined {
  if (x.lo.gt(0)) return 1;
  if (x.hi.lt(0)) return -1;
  return undefined;
}

const HUNDRED = Interval.exact(100);

/** The budget figure a comparison word names (年初预算数 → the 年初预算 one). */
function budgetNamed(b: BudgetRel, word: string): Fact | undefined {
  const role = word.startsWith('年初')
    ? '年初预算'
    : word.startsWith('全年') || word.startsWith('调整')
      ? '全年预算'
      : '';
  if (role) return b.budgets.find((f) => f.role === role);
  if (b.rateBudget) return b.budgets.find((f) => f.role === b.rateBudget);
  return b.budgets.length === 1 ? b.budgets[0] : undefined;
}

/** The sign of actual − budget, from the figures, else from the completion rate; undefined when unsure. */
function actualVsBudget(b: BudgetRel, word: string): { sign: 1 | -1; from: Fact[] } | undefined {
  const budget = budgetNamed(b, word);
  const bySum = b.actual && budget ? sign(b.actual.written.interval.sub(budget.written.interval)) : undefined;
  const sameBudget = !/^(年初|全年|调整)/.test(word) || (b.rateBudget && word.startsWith(b.rateBudget.slice(0, 2)));
  const byRate = b.rateKind === 'completion' && sameBudget ? sign(b.rate.written.interval.sub(HUNDRED)) : undefined;
  if (bySum && byRate && bySum !== byRate) return undefined;
  if (bySum) return { sign: bySum, from: [b.actual!, budget!] };
  if (byRate) return { sign: byRate, from: [b.rate] };
  return undefined;
}

function check(ctx: Ctx, report: Report): void {
  const { lang } = ctx;
  const rels = ctx.ex.budgets.filter((b) => b.rate.paragraph && (!b.rate.doc || b.rate.doc === ctx.doc));
  rels.forEach((b, i) => {
    const p = b.rate.paragraph!;
    const from = p.text.offsetOf(b.rate.span.end);
    const next = rels.slice(i + 1).find((x) => x.rate.paragraph === p);
    const to = next ? p.text.offsetOf(next.rate.span.start) : p.text.text.length;
    const re = new RegExp(hygiene.compareRe.source, 'g');
    re.lastIndex = from;
    const m = re.exec(p.text.text);
    if (!m || m.index >= to) return;
    const [, , cmp, budgetWord] = m;
    const stated = hygiene.compareSign[cmp];
    const real = actualVsBudget(b, budgetWord);
    if (!real || real.sign === stated) return;
    const at = m.index + m[1].length;
    const span = p.text.span(at, at + cmp.length);
    const to2 = hygiene.opposite.get(cmp);
    const [a, bud] = real.from.map((f) => show(f));
    const two = real.from.length > 1;
    const zh = two ? `决算 ${a}、预算 ${bud}` : `完成率 ${a}`;
    const en = two ? `actual ${a}, budget ${bud}` : `completion ${a}`;
    report({
      span,
      message: t(
        lang,
        `「${m[0]}」与所列数字不符：${zh}，决算数${real.sign > 0 ? '大于' : '小于'}预算数`,
        `「${m[0]}」 contradicts the figures: ${en}; the actual is ${real.sign > 0 ? 'larger' : 'smaller'}`,
      ),
      related: real.from.map((f) => relFact(ctx, f)),
      fixes: to2 ? [fix(ctx, t(lang, `改为「${to2}」`, `Change to 「${to2}」`), span, to2, false)] : [],
      data: { stated, actual: real.sign },
    });
  });
}

export const rule = defineRule(
  {
    id: 'direction-contradiction',
    aliases: ['SP113'],
    tags: ['text', 'budget'],
    title: { 'zh-CN': '比较方向与数字不符', en: 'Comparison word contradicts the figures' },
    severity: 'error',
    doc: {
      'zh-CN':
        '「决算数大于（小于）预算数」与同段所列的决算数、预算数（或「完成预算的 X%」）不符时报告：决算数较小却写「大于」，或较大却写「小于」。' +
        '只在数字的舍入区间不重叠、方向确定时报告；快速修复改为相反的词。比较词见 server/data/hygiene.yaml。',
      en:
        'Reports 「决算数大于（小于）预算数」 when it contradicts the actual and budget the paragraph states (or its ' +
        '「完成预算的 X%」): 大于 where the actual is smaller, 小于 where it is larger. Only when the sign is certain (the ' +
        "figures' rounding intervals do not overlap); the quick fix writes the opposite word. The words are data " +
        '(server/data/hygiene.yaml).',
    },
  },
  check,
);
