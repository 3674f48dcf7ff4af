/**
 * direction-contradiction: the words comparing the actual with the budget (「决算数小于年初预算
 * 数的主要原因」) against the figures the paragraph states for them: the budget comparison the
 * extraction read (actual, budget, 完成预算的 X%) gives the sign; a 大于 where the actual is the
 * smaller (or a 小于 where it is the larger) is reported, with the opposite word as the fix.
 * Nothing is said when the sign is not certain (the figures' rounding intervals overlap).
 */
import type { BudgetPair, BudgetRel, Fact } from '../../facts/extract';
import type { Paragraph } from '../../read/model';
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
function budgetNamed(b: { budgets: Fact[]; rateBudget?: string }, word: string): Fact | undefined {
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
type Sign = { sign: 1 | -1; from: Fact[] };

/** The sign of actual − budget from the two figures, when certain. */
function byFigures(b: BudgetPair & { rateBudget?: string }, word: string): Sign | undefined {
  const budget = budgetNamed(b, word);
  const s = b.actual && budget ? sign(b.actual.written.interval.sub(budget.written.interval)) : undefined;
  return s ? { sign: s, from: [b.actual!, budget!] } : undefined;
}

function actualVsBudget(b: BudgetRel, word: string): Sign | undefined {
  const budget = budgetNamed(b, word);
  const bySum = b.actual && budget ? sign(b.actual.written.interval.sub(budget.written.interval)) : undefined;
  const sameBudget = !/^(年初|全年|调整)/.test(word) || (b.rateBudget && word.startsWith(b.rateBudget.slice(0, 2)));
  const byRate = b.rateKind === 'completion' && sameBudget ? sign(b.rate.written.interval.sub(HUNDRED)) : undefined;
  if (bySum && byRate && bySum !== byRate) return undefined;
  if (bySum) return { sign: bySum, from: [b.actual!, budget!] };
  if (byRate) return { sign: byRate, from: [b.rate] };
  return undefined;
}

/** The first comparison (决算数小于预算数) in [from, to) of a paragraph (read only there: linear overall). */
function comparison(p: Paragraph, from: number, to: number): RegExpExecArray | undefined {
  const re = new RegExp(hygiene.compareRe.source);
  const m = re.exec(p.text.text.slice(from, to));
  if (!m) return undefined;
  m.index += from;
  return m;
}

/** Each item's successor in the same paragraph. */
function nextInParagraph<T>(items: T[], para: (x: T) => Paragraph): Map<T, T> {
  const last = new Map<Paragraph, T>();
  const next = new Map<T, T>();
  for (const x of items) {
    const prev = last.get(para(x));
    if (prev) next.set(prev, x);
    last.set(para(x), x);
  }
  return next;
}

function reportContradiction(ctx: Ctx, report: Report, p: Paragraph, m: RegExpExecArray, real: Sign): void {
  const { lang } = ctx;
  const cmp = m[2];
  const at = m.index + m[1].length;
  const span = p.text.span(at, at + cmp.length);
  const to = hygiene.opposite.get(cmp);
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
    fixes: to ? [fix(ctx, t(lang, `改为「${to}」`, `Change to 「${to}」`), span, to, false)] : [],
    data: { stated: hygiene.compareSign[cmp], actual: real.sign },
  });
}

function check(ctx: Ctx, report: Report): void {
  const mine = (f: Fact) => !!f.paragraph && (!f.doc || f.doc === ctx.doc);
  const seen = new Set<string>();
  const judge = (p: Paragraph, m: RegExpExecArray | undefined, real: (word: string) => Sign | undefined) => {
    if (!m || seen.has(`${p.span.start}:${m.index}`)) return;
    seen.add(`${p.span.start}:${m.index}`);
    const r = real(m[3]);
    if (r && r.sign !== hygiene.compareSign[m[2]]) reportContradiction(ctx, report, p, m, r);
  };
  // after a rate: 「完成年初预算的 95.45%。决算数小于预算数的主要原因…」
  const rels = ctx.ex.budgets.filter((b) => mine(b.rate));
  const nextRel = nextInParagraph(rels, (b) => b.rate.paragraph!);
  rels.forEach((b) => {
    const p = b.rate.paragraph!;
    const next = nextRel.get(b);
    const to = next ? p.text.offsetOf(next.rate.span.start) : p.text.text.length;
    judge(p, comparison(p, p.text.offsetOf(b.rate.span.end), to), (w) => actualVsBudget(b, w));
  });
  // no rate: 「全年预算为 17.68 万元，支出决算为 11.31 万元。决算数小于全年预算数的主要原因…」
  const groups = (ctx.ex.budgetGroups ?? []).filter((g) => g.actual && g.budgets.length && mine(g.actual));
  const nextGroup = nextInParagraph(groups, (g) => g.actual!.paragraph!);
  groups.forEach((g) => {
    const p = g.actual!.paragraph!;
    const figs = [g.actual!, ...g.budgets];
    if (figs.some((f) => f.paragraph !== p)) return;
    const from = Math.max(...figs.map((f) => p.text.offsetOf(f.span.end)));
    const next = nextGroup.get(g);
    const nextStart = next ? Math.min(...[next.actual!, ...next.budgets].map((f) => f.span.start)) : undefined;
    const to = nextStart !== undefined ? p.text.offsetOf(nextStart) : p.text.text.length;
    judge(p, comparison(p, from, to), (w) => byFigures(g, w));
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
