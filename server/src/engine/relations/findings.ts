/** From the network and the diagnosis to findings: messages, ranges, related figures, fixes. */
import { Written, trimDec, written } from '../util/decimal';
import type { Fact } from '../facts/extract';
import type { Constraint, Eval } from './network';
import type { Culprit } from './diagnose';
import type { Network } from './build';
import { t } from '../rules/rule';
import { Ctx, base, fix, labelOf, rel, relFact, show, valueFix } from '../rules/context';
import type { Finding, Fix, Lang } from '../types';

export type { Ctx };

export function collectFindings(ctx: Ctx): Finding[] {
  const { net, lang } = ctx;
  const out: Finding[] = [];
  const { evals, diagnosis: dx } = ctx.relations;
  for (const cul of dx.culprits)
    out.push(
      culpritFinding(
        ctx,
        cul.fact,
        cul.value,
        cul.primary,
        cul.symptoms.map((s) => s.constraint),
        evals,
        cul,
      ),
    );
  for (const s of dx.unexplained) out.push(symptomFinding(ctx, s.constraint, s.eval, s.suggestion));

  for (const [c, e] of evals) {
    if (e.status === 'truncated') out.push(truncatedFinding(ctx, c, e));
    else if (e.status === 'rounding') out.push(roundingFinding(ctx, c, e));
    else if (e.status === 'zero-base' && c.rule === 'yoy') out.push(zeroBaseFinding(ctx, c, e));
    else if ((e as Eval & { nudged?: boolean }).nudged) out.push(nudgedFinding(ctx, c, e));
  }
  for (const d of net.directions) {
    const ch = d.change;
    if (d.kind === 'flat') {
      const at = ch.delta ?? ch.rate!;
      out.push(
        base(
          ctx,
          'yoy',
          'error',
          at.span,
          t(lang, `写明「持平」，但增减为 ${show(at)}`, `says 「持平」 (unchanged) but states a change of ${show(at)}`),
          [rel(ctx, ch.flat!.span, '持平', at.doc)],
          [],
          {},
          at.doc,
        ),
      );
      continue;
    }
    const w = d.flip?.word ?? ch.rateWord!;
    const wdoc = (ch.rate ?? ch.delta)?.doc;
    const fixes: Fix[] = d.flip
      ? [fix(ctx, t(lang, `改为「${d.flip.to}」`, `Change to 「${d.flip.to}」`), w.span, d.flip.to, true, wdoc)]
      : [];
    const msg = d.flip
      ? t(
          lang,
          `增减方向不一致：「${ch.deltaWord!.word}」与「${ch.rateWord!.word}」；按数字应为「${d.flip.to}」`,
          `direction words disagree: 「${ch.deltaWord!.word}」 vs 「${ch.rateWord!.word}」; the figures say 「${d.flip.to}」`,
        )
      : t(
          lang,
          `增减方向不一致：「${ch.deltaWord!.word}」与「${ch.rateWord!.word}」`,
          `direction words disagree: 「${ch.deltaWord!.word}」 vs 「${ch.rateWord!.word}」`,
        );
    const other = w === ch.rateWord ? ch.deltaWord! : ch.rateWord!;
    out.push(
      base(
        ctx,
        'yoy',
        'error',
        w.span,
        msg,
        [rel(ctx, other.span, other.word, wdoc), ...[ch.delta, ch.rate].filter(isFact).map((f) => relFact(ctx, f))],
        fixes,
        { formula: d.formula, expected: d.flip?.to, data: { direction: d.fits } },
        wdoc,
      ),
    );
  }
  for (const a of net.budgetAlternatives) out.push(budgetAltFinding(ctx, a));
  // rules with checks of their own (one file each under rules/)
  return out;
}

function isFact(f: Fact | undefined): f is Fact {
  return !!f;
}

function culpritFinding(
  ctx: Ctx,
  f: Fact,
  value: Written,
  primary: Constraint,
  symptoms: Constraint[],
  evals: Map<Constraint, Eval>,
  cul: Culprit,
): Finding {
  const { lang } = ctx;
  const expected = show(f, value);
  const others = new Map<Fact, true>();
  for (const c of symptoms) for (const x of c.facts) if (x !== f) others.set(x, true);
  const title = primary.title[lang];
  const more =
    symptoms.length > 1
      ? t(lang, `（牵涉 ${symptoms.length} 处关系）`, ` (${symptoms.length} relations involved)`)
      : '';
  const alts = cul.alternatives.map((a) => `${labelOf(a.fact, lang)} ${show(a.fact)} → ${show(a.fact, a.value)}`);
  const msg = cul.certain
    ? t(
        lang,
        `${labelOf(f, lang)} ${show(f)} 与相关数字不符，应为 ${expected}：${title}${more}`,
        `${labelOf(f, lang)} ${show(f)} does not agree with the related figures; it should be ${expected}: ${title}${more}`,
      )
    : t(
        lang,
        `${labelOf(f, lang)} ${show(f)} 与相关数字不符，可能应为 ${expected}` +
          (alts.length ? `，也可能是 ${alts.join('、')}` : '') +
          `：${title}${more}`,
        `${labelOf(f, lang)} ${show(f)} does not agree with the related figures; it may be ${expected}` +
          (alts.length ? `, or else ${alts.join(', ')}` : '') +
          `: ${title}${more}`,
      );
  const fixes = [
    valueFix(ctx, f, value, cul.certain),
    ...cul.alternatives.map((a) => {
      const x = valueFix(ctx, a.fact, a.value, false);
      return { ...x, title: `${labelOf(a.fact, lang)}: ${x.title}` };
    }),
  ];
  const e = evals.get(primary)!;
  return base(
    ctx,
    primary.rule,
    'error',
    f.span,
    msg,
    [...others.keys()].map((x) => relFact(ctx, x)),
    fixes,
    {
      expected,
      formula: formulaFor(primary, f, value, e, lang),
      data: { constraint: primary.id, relation: title },
    },
    f.doc,
  );
}

function formulaFor(c: Constraint, f: Fact, value: Written, e: Eval, lang: Lang): string {
  if (f === c.target) return e.formula[lang];
  const sub = c.evaluate((x) => (x === f ? value : x.written));
  return sub.formula[lang];
}

function symptomFinding(ctx: Ctx, c: Constraint, e: Eval, suggestion: Written | undefined): Finding {
  const { lang } = ctx;
  const f = c.target;
  const solved = c.solve(f, (x) => x.written);
  const value = suggestion;
  const expected = solved ? show(f, written(solved, f.written.decimals)) : undefined;
  const msg = expected
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
  return base(
    ctx,
    c.rule,
    'error',
    f.span,
    msg,
    c.facts.filter((x) => x !== f).map((x) => relFact(ctx, x)),
    value ? [valueFix(ctx, f, value, false)] : [],
    {
      expected,
      formula: e.formula[lang] + (e.computed ? `  ${t(lang, '区间', 'interval')} ${e.computed.toString()}` : ''),
      data: { constraint: c.id, relation: c.title[lang] },
    },
    f.doc,
  );
}

/**
 * Whether the derived figure f is the only suspect of c: every other figure of c takes part in a
 * relation that holds (so changing it would break that relation). Otherwise an input may as well
 * be off, and a correction of f is only a suggestion.
 */
function corroborated(ctx: Ctx, c: Constraint, f: Fact): boolean {
  const holds = (x: Constraint) => {
    const st = ctx.relations.evals.get(x)?.status;
    return x !== c && x.mode !== 'le' && st === 'exact';
  };
  return c.facts.every((x) => x === f || ctx.net.constraints.some((o) => o.facts.includes(x) && holds(o)));
}

function truncatedFinding(ctx: Ctx, c: Constraint, e: Eval): Finding {
  const { lang } = ctx;
  const f = c.target;
  const value = written(e.point!, f.written.decimals);
  const expected = show(f, value);
  return base(
    ctx,
    c.rule,
    'warning',
    f.span,
    t(
      lang,
      `${labelOf(f, lang)} ${show(f)} 是截尾所得，四舍五入应为 ${expected}`,
      `${labelOf(f, lang)} ${show(f)} is truncated; rounded it is ${expected}`,
    ),
    c.facts.filter((x) => x !== f).map((x) => relFact(ctx, x)),
    [valueFix(ctx, f, value, corroborated(ctx, c, f))],
    { expected, formula: e.formula[lang], data: { constraint: c.id, convention: 'truncation' } },
    f.doc,
  );
}

function roundingFinding(ctx: Ctx, c: Constraint, e: Eval): Finding {
  const { lang } = ctx;
  const f = c.target;
  const pt = e.point!;
  const pct = f.unitKind === 'percent' ? '%' : '';
  const interval = `${t(lang, '区间', 'interval')} ${e.computed!.toString()}${pct} ∩ ${f.written.interval.toString()}${pct}`;
  const msg =
    c.rule === 'sum'
      ? t(
          lang,
          `尾差：各项之和 ${trimDec(pt)} 与 ${labelOf(f, lang)} ${show(f)} 相差 ${trimDec(pt.minus(f.written.value).abs())}，在舍入区间内`,
          `rounding difference: the parts add to ${trimDec(pt)}, ${trimDec(pt.minus(f.written.value).abs())} off ${labelOf(f, lang)} ${show(f)}, within the rounding intervals`,
        )
      : t(
          lang,
          `尾差：${labelOf(f, lang)} ${show(f)} 与按所列数字算得的 ${trimDec(pt, 4)}${pct} 不同，但在舍入区间内`,
          `rounding difference: ${labelOf(f, lang)} ${show(f)} differs from the ${trimDec(pt, 4)}${pct} computed from the stated figures, but within the rounding intervals`,
        );
  return base(
    ctx,
    'rounding-difference',
    'info',
    f.span,
    msg,
    c.facts.filter((x) => x !== f).map((x) => relFact(ctx, x)),
    [],
    {
      expected: trimDec(pt, 4) + pct,
      formula: `${e.formula[lang]}  ${interval}`,
      data: { constraint: c.id, relation: c.title[lang] },
    },
    f.doc,
  );
}

function zeroBaseFinding(ctx: Ctx, c: Constraint, e: Eval): Finding {
  const { lang } = ctx;
  const f = c.target;
  return base(
    ctx,
    'yoy',
    'warning',
    f.span,
    t(
      lang,
      `上年数为零（本年数 − 增加额 = 0），增长率 ${show(f)} 无意义，宜改为文字说明`,
      `the prior year is zero (current − change = 0): the rate ${show(f)} is undefined; say so in words`,
    ),
    c.facts.filter((x) => x !== f).map((x) => relFact(ctx, x)),
    [],
    { formula: e.formula[lang], data: { constraint: c.id, convention: 'zero-base' } },
    f.doc,
  );
}

function nudgedFinding(ctx: Ctx, c: Constraint, e: Eval): Finding {
  const { lang } = ctx;
  const f = c.target;
  return base(
    ctx,
    'share',
    'warning',
    f.span,
    t(
      lang,
      `${labelOf(f, lang)} ${show(f)} 为凑足 100% 而调整（计算值 ${trimDec(e.point!, 4)}%）`,
      `${labelOf(f, lang)} ${show(f)} was adjusted so the shares total 100% (computed ${trimDec(e.point!, 4)}%)`,
    ),
    c.facts.filter((x) => x !== f).map((x) => relFact(ctx, x)),
    [],
    { formula: e.formula[lang], data: { constraint: c.id, convention: 'nudged' } },
    f.doc,
  );
}

function budgetAltFinding(ctx: Ctx, a: Network['budgetAlternatives'][number]): Finding {
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
  return base(
    ctx,
    'budget',
    'error',
    a.rel.rateBudgetWord?.span ?? rate.span,
    t(
      lang,
      `${show(rate)} 与${statedDesc}不符，只与${fitsRole} ${show(a.fits)} 相符`,
      `${show(rate)} does not fit ${statedDesc}; it only fits ${fitsRole} ${show(a.fits)}`,
    ),
    [relFact(ctx, rate), relFact(ctx, a.fits), ...(a.stated ? [relFact(ctx, a.stated)] : [])],
    fixes,
    { formula: e.formula[lang], expected: fitsRole, data: { constraint: a.constraint.id } },
    rate.doc,
  );
}
