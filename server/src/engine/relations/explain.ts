/**
 * Findings of the relation stage, as the relation rules state them: the messages, related
 * figures, fixes and formulas of a culprit, an unexplained failure, a truncated, nudged or
 * rounded figure, a zero base, a direction word and a budget alternative. Each builder returns
 * a FindingSpec; the rule file decides what it reports (and with which severity).
 */
import { Written, trimDec, written } from '../util/decimal';
import type { Fact } from '../facts/extract';
import type { Constraint, Eval } from './network';
import type { BudgetAlternative, DirectionIssue } from './build';
import type { Diagnosis } from './diagnose';
import { t, type FindingSpec, type Report } from '../rules/rule';
import { fix, labelOf, rel, relFact, show, valueFix, type Ctx } from '../rules/context';
import type { Fix, Lang } from '../types';

type Culprit = Diagnosis['culprits'][number];
type Unexplained = Diagnosis['unexplained'][number];
type Kind = Constraint['rule'];

/**
 * The findings every relation rule reports for its own kind of constraint, in this order: the
 * culprits a relation of that kind names, its failures no figure explains, then, relation by
 * relation, its truncated figures (a warning) and whatever `more` reports of the others.
 */
export function reportFailures(ctx: Ctx, report: Report, kind: Kind, more?: (c: Constraint, e: Eval) => void): void {
  const { evals, diagnosis: dx } = ctx.relations;
  for (const cul of dx.culprits) if (cul.primary.rule === kind) report(culpritSpec(ctx, cul, evals));
  for (const s of dx.unexplained) if (s.constraint.rule === kind) report(symptomSpec(ctx, s));
  for (const [c, e] of evals) {
    if (c.rule !== kind) continue;
    if (e.status === 'truncated') report({ ...truncatedSpec(ctx, c, e), severity: 'warning' });
    else more?.(c, e);
  }
}

/** The other figures of a constraint, as related figures of a finding at `f`. */
function others(ctx: Ctx, c: Constraint, f: Fact) {
  return c.facts.filter((x) => x !== f).map((x) => relFact(ctx, x));
}

export function culpritSpec(ctx: Ctx, cul: Culprit, evals: Map<Constraint, Eval>): FindingSpec {
  const { lang } = ctx;
  const { fact: f, value, primary } = cul;
  const symptoms = cul.symptoms.map((s) => s.constraint);
  const expected = show(f, value);
  const related = new Map<Fact, true>();
  for (const c of symptoms) for (const x of c.facts) if (x !== f) related.set(x, true);
  const title = primary.title[lang];
  const more =
    symptoms.length > 1
      ? t(lang, `（牵涉 ${symptoms.length} 处关系）`, ` (${symptoms.length} relations involved)`)
      : '';
  const message = cul.certain
    ? t(
        lang,
        `${labelOf(f, lang)} ${show(f)} 与相关数字不符，应为 ${expected}：${title}${more}`,
        `${labelOf(f, lang)} ${show(f)} does not agree with the related figures; it should be ${expected}: ` +
          `${title}${more}`,
      )
    : uncertainMessage(ctx, cul, expected, title + more);
  const e = evals.get(primary)!;
  return {
    span: f.span,
    doc: f.doc,
    message,
    related: [...related.keys()].map((x) => relFact(ctx, x)),
    fixes: [
      valueFix(ctx, f, value, cul.certain),
      // every other figure whose correction explains the failures as well, as a suggestion
      ...cul.alternatives.map((a) => {
        const x = valueFix(ctx, a.fact, a.value, false);
        return { ...x, title: `${labelOf(a.fact, lang)}: ${x.title}` };
      }),
    ],
    expected,
    formula: formulaFor(primary, f, value, e, lang),
    data: { constraint: primary.id, relation: title },
  };
}

/** 「可能应为 X，也可能是 Y → y」: the culprit is not singled out, or its value is not determined. */
function uncertainMessage(ctx: Ctx, cul: Culprit, expected: string, why: string): string {
  const { lang } = ctx;
  const f = cul.fact;
  const alts = cul.alternatives.map((a) => `${labelOf(a.fact, lang)} ${show(a.fact)} → ${show(a.fact, a.value)}`);
  return t(
    lang,
    `${labelOf(f, lang)} ${show(f)} 与相关数字不符，可能应为 ${expected}` +
      (alts.length ? `，也可能是 ${alts.join('、')}` : '') +
      `：${why}`,
    `${labelOf(f, lang)} ${show(f)} does not agree with the related figures; it may be ${expected}` +
      (alts.length ? `, or else ${alts.join(', ')}` : '') +
      `: ${why}`,
  );
}

function formulaFor(c: Constraint, f: Fact, value: Written, e: Eval, lang: Lang): string {
  if (f === c.target) return e.formula[lang];
  const sub = c.evaluate((x) => (x === f ? value : x.written));
  return sub.formula[lang];
}

export function symptomSpec(ctx: Ctx, s: Unexplained): FindingSpec {
  const { lang } = ctx;
  const { constraint: c, eval: e, suggestion: value } = s;
  const f = c.target;
  const solved = c.solve(f, (x) => x.written);
  const expected = solved ? show(f, written(solved, f.written.decimals)) : undefined;
  const message = expected
    ? t(
        lang,
        `${labelOf(f, lang)} ${show(f)} 与计算值 ${expected} 不符：${c.title[lang]}`,
        `${labelOf(f, lang)} ${show(f)} disagrees with the computed ${expected}: ${c.title[lang]}`,
      )
    : t(
        lang,
        `${labelOf(f, lang)} ${show(f)} 不成立：${c.title[lang]}`,
        `${labelOf(f, lang)} ${show(f)} does not hold: ${c.title[lang]}`,
      );
  return {
    span: f.span,
    doc: f.doc,
    message,
    related: others(ctx, c, f),
    fixes: value ? [valueFix(ctx, f, value, false)] : [],
    expected,
    formula: e.formula[lang] + (e.computed ? `  ${t(lang, '区间', 'interval')} ${e.computed.toString()}` : ''),
    data: { constraint: c.id, relation: c.title[lang] },
  };
}

/**
 * Whether the derived figure f is the only suspect of c: every other figure of c takes part in a
 * relation that holds exactly (so changing it would break that relation), and f itself in none (a
 * corrected f would break it: the next check's finding). Otherwise an input may as well be off, and
 * a correction of f is only a suggestion.
 */
function corroborated(ctx: Ctx, c: Constraint, f: Fact): boolean {
  const holds = (x: Constraint) => x !== c && x.mode !== 'le' && ctx.relations.evals.get(x)?.status === 'exact';
  // an input that another relation finds wrong (a figure repeated with another value) is no witness
  const fails = (x: Constraint) => x !== c && ctx.relations.evals.get(x)?.status === 'mismatch';
  const of = ctx.relations.of;
  if ((of.get(f) ?? []).some(holds)) return false;
  return c.facts.every((x) => x === f || ((of.get(x) ?? []).some(holds) && !(of.get(x) ?? []).some(fails)));
}

export function truncatedSpec(ctx: Ctx, c: Constraint, e: Eval): FindingSpec {
  const { lang } = ctx;
  const f = c.target;
  const value = written(e.point!, f.written.decimals);
  const expected = show(f, value);
  return {
    span: f.span,
    doc: f.doc,
    message: t(
      lang,
      `${labelOf(f, lang)} ${show(f)} 是截尾所得，四舍五入应为 ${expected}`,
      `${labelOf(f, lang)} ${show(f)} is truncated; rounded it is ${expected}`,
    ),
    related: others(ctx, c, f),
    fixes: [valueFix(ctx, f, value, corroborated(ctx, c, f))],
    expected,
    formula: e.formula[lang],
    data: { constraint: c.id, convention: 'truncation' },
  };
}

export function roundingSpec(ctx: Ctx, c: Constraint, e: Eval): FindingSpec {
  const { lang } = ctx;
  const f = c.target;
  const pt = e.point!;
  const pct = f.unitKind === 'percent' ? '%' : '';
  const stated = f.written.interval.toString();
  const interval = `${t(lang, '区间', 'interval')} ${e.computed!.toString()}${pct} ∩ ${stated}${pct}`;
  const off = trimDec(pt.minus(f.written.value).abs());
  const message =
    c.rule === 'sum'
      ? t(
          lang,
          `尾差：各项之和 ${trimDec(pt)} 与 ${labelOf(f, lang)} ${show(f)} 相差 ${off}，在舍入区间内`,
          `rounding difference: the parts add to ${trimDec(pt)}, ${off} off ${labelOf(f, lang)} ${show(f)}, within ` +
            `the rounding intervals`,
        )
      : t(
          lang,
          `尾差：${labelOf(f, lang)} ${show(f)} 与按所列数字算得的 ${trimDec(pt, 4)}${pct} 不同，但在舍入区间内`,
          `rounding difference: ${labelOf(f, lang)} ${show(f)} differs from the ${trimDec(pt, 4)}${pct} computed ` +
            `from the stated figures, but within the rounding intervals`,
        );
  return {
    span: f.span,
    doc: f.doc,
    message,
    related: others(ctx, c, f),
    expected: trimDec(pt, 4) + pct,
    formula: `${e.formula[lang]}  ${interval}`,
    data: { constraint: c.id, relation: c.title[lang] },
  };
}

export function zeroBaseSpec(ctx: Ctx, c: Constraint, e: Eval): FindingSpec {
  const { lang } = ctx;
  const f = c.target;
  return {
    span: f.span,
    doc: f.doc,
    message: t(
      lang,
      `上年数为零（本年数 − 增加额 = 0），增长率 ${show(f)} 无意义，宜改为文字说明`,
      `the prior year is zero (current − change = 0): the rate ${show(f)} is undefined; say so in words`,
    ),
    related: others(ctx, c, f),
    formula: e.formula[lang],
    data: { constraint: c.id, convention: 'zero-base' },
  };
}

export function nudgedSpec(ctx: Ctx, c: Constraint, e: Eval): FindingSpec {
  const { lang } = ctx;
  const f = c.target;
  return {
    span: f.span,
    doc: f.doc,
    message: t(
      lang,
      `${labelOf(f, lang)} ${show(f)} 为凑足 100% 而调整（计算值 ${trimDec(e.point!, 4)}%）`,
      `${labelOf(f, lang)} ${show(f)} was adjusted so the shares total 100% (computed ${trimDec(e.point!, 4)}%)`,
    ),
    related: others(ctx, c, f),
    formula: e.formula[lang],
    data: { constraint: c.id, convention: 'nudged' },
  };
}

/** 「持平」 stated with a change that is not zero. */
export function flatSpec(ctx: Ctx, d: DirectionIssue): FindingSpec {
  const { lang } = ctx;
  const ch = d.change;
  const at = ch.delta ?? ch.rate!;
  return {
    span: at.span,
    doc: at.doc,
    message: t(
      lang,
      `写明「持平」，但增减为 ${show(at)}`,
      `says 「持平」 (unchanged) but states a change of ${show(at)}`,
    ),
    related: [rel(ctx, ch.flat!.span, '持平', at.doc)],
    data: {},
  };
}

/** The direction words of a change disagree (增加 with 下降, …), with the word the figures call for. */
export function directionSpec(ctx: Ctx, d: DirectionIssue): FindingSpec {
  const { lang } = ctx;
  const ch = d.change;
  const w = d.flip?.word ?? ch.rateWord!;
  const wdoc = (ch.rate ?? ch.delta)?.doc;
  const fixes: Fix[] = d.flip
    ? [fix(ctx, t(lang, `改为「${d.flip.to}」`, `Change to 「${d.flip.to}」`), w.span, d.flip.to, true, wdoc)]
    : [];
  const [dw, rw] = [ch.deltaWord!.word, ch.rateWord!.word];
  const message = d.flip
    ? t(
        lang,
        `增减方向不一致：「${dw}」与「${rw}」；按数字应为「${d.flip.to}」`,
        `direction words disagree: 「${dw}」 vs 「${rw}」; the figures say 「${d.flip.to}」`,
      )
    : t(lang, `增减方向不一致：「${dw}」与「${rw}」`, `direction words disagree: 「${dw}」 vs 「${rw}」`);
  const other = w === ch.rateWord ? ch.deltaWord! : ch.rateWord!;
  return {
    span: w.span,
    doc: wdoc,
    message,
    related: [
      rel(ctx, other.span, other.word, wdoc),
      ...[ch.delta, ch.rate].filter(isFact).map((f) => relFact(ctx, f)),
    ],
    fixes,
    formula: d.formula,
    expected: d.flip?.to,
    data: { direction: d.fits },
  };
}

function isFact(f: Fact | undefined): f is Fact {
  return !!f;
}

/** A budget rate that fits only the other budget figure (年初 vs 全年). */
export function budgetAltSpec(ctx: Ctx, a: BudgetAlternative): FindingSpec {
  const { lang } = ctx;
  const rate = a.rel.rate;
  const fitsRole = a.fits.role;
  const statedDesc = a.stated ? `${a.stated.role} ${show(a.stated)}` : t(lang, '所称预算数', 'the budget it names');
  const fixes: Fix[] = [];
  if (a.rel.rateBudgetWord && (fitsRole === '年初预算' || fitsRole === '全年预算')) {
    const to = fitsRole === '年初预算' ? '年初' : '全年';
    fixes.push(
      fix(ctx, t(lang, `改为「${to}」`, `Change to 「${to}」`), a.rel.rateBudgetWord.span, to, true, rate.doc),
    );
  }
  const e = a.constraint.evaluate((f) => f.written);
  return {
    span: a.rel.rateBudgetWord?.span ?? rate.span,
    doc: rate.doc,
    message: t(
      lang,
      `${show(rate)} 与${statedDesc}不符，只与${fitsRole} ${show(a.fits)} 相符`,
      `${show(rate)} does not fit ${statedDesc}; it only fits ${fitsRole} ${show(a.fits)}`,
    ),
    related: [relFact(ctx, rate), relFact(ctx, a.fits), ...(a.stated ? [relFact(ctx, a.stated)] : [])],
    fixes,
    expected: fitsRole,
    formula: e.formula[lang],
    data: { constraint: a.constraint.id },
  };
}
