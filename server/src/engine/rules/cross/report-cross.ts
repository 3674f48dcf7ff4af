/**
 * The finding of a relation between two reports that does not hold (cross/): on the figure of
 * the report being checked, with the partner's figure (its file and range) as related
 * information, the value that would agree and how it is computed. The fix is a suggestion only:
 * which of two documents is wrong is never certain.
 */
import { fmtLike, trimDec, type Dec } from '../../util/decimal';
import type { CrossFigure, CrossRelation } from '../../cross';
import type { Partner } from '../../cross';
import type { CrossKind } from '../../knowledge/cross';
import { fix, labelOf, rel, show, unitOf, type Ctx } from '../context';
import { t, type FindingSpec, type Report } from '../rule';
import type { Fix, RelatedFigure } from '../../types';

export function reportCross(ctx: Ctx, report: Report, kind: CrossKind): void {
  const stage = ctx.cross();
  if (!stage) return;
  for (const r of stage.relations) if (r.kind === kind && !r.ok) report(findingOf(ctx, r));
}

function findingOf(ctx: Ctx, r: CrossRelation): FindingSpec {
  const { here } = r;
  const f = here.fact;
  const label = nameOf(ctx, here);
  const there = thereText(ctx, r);
  const lang = ctx.lang;
  const related: RelatedFigure[] = [...r.partners, ...(r.whole ? [r.whole] : [])].flatMap((p) => relatedOf(ctx, p));
  const expected = r.expected.mid();
  const point = expected.div(f.factor);
  if (here.via === 'change' && here.delta) {
    const d = here.delta;
    const base = f.written.value.times(f.factor).minus(expected).times(here.deltaDir!).div(d.factor);
    const implied = fmtLike(here.interval.mid().div(f.factor), f.written.decimals, f.written.grouped) + unitOf(f);
    const want = fmtLike(base.abs(), d.written.decimals, d.written.grouped);
    return {
      span: d.span,
      doc: d.doc === ctx.doc ? undefined : d.doc,
      message: t(
        lang,
        `${label}的增减额 ${show(d)} 推得上年数 ${implied}，与${there} ${partnerValue(r, f)} 不一致`,
        `${label}: the change ${show(d)} implies ${implied} for the year before, ` +
          `but ${there} states ${partnerValue(r, f)}`,
      ),
      related: [rel(ctx, f.span, `${label} ${show(f)}`, f.doc), ...related],
      expected: base.gt(0) ? want : undefined,
      formula: `${show(f)} ${here.deltaDir! > 0 ? '−' : '+'} ${show(d)} = ${implied}; ${there}: ${partnerValue(r, f)}`,
      fixes: base.gt(0) ? [suggest(ctx, d, want)] : [],
      data: { cross: r.kind, partners: r.partners.map((p) => p.entry.path) },
    };
  }
  const want = fmtLike(point, f.written.decimals, f.written.grouped);
  const flat = here.via === 'flat';
  return {
    span: f.span,
    doc: f.doc === ctx.doc ? undefined : f.doc,
    message: flat
      ? t(
          lang,
          `${label} ${show(f)} 称与上年持平，而${there}为 ${partnerValue(r, f)}`,
          `${label} ${show(f)} is said to be flat on the year before, but ${there} states ${partnerValue(r, f)}`,
        )
      : t(
          lang,
          `${label} ${show(f)} 与${there} ${partnerValue(r, f)} 不一致`,
          `${label} ${show(f)} disagrees with ${there}: ${partnerValue(r, f)}`,
        ),
    related,
    expected: want + unitOf(f),
    formula: formulaOf(r, f, want),
    fixes: flat ? [] : [suggest(ctx, f, want)],
    data: { cross: r.kind, partners: r.partners.map((p) => p.entry.path) },
  };
}

function nameOf(ctx: Ctx, f: CrossFigure): string {
  return labelOf({ ...f.fact, concept: f.key, role: '本年' }, ctx.lang);
}

/** The partner's side in words: 「2024年报告」, 「部门报告」, 「各单位报告之和」 … */
function thereText(ctx: Ctx, r: CrossRelation): string {
  const lang = ctx.lang;
  const p = r.partners[0].entry.identity;
  if (r.how === 'sum') return t(lang, '各单位报告之和', 'the sum of the unit reports');
  if (r.how === 'rest') return t(lang, '部门报告减其他单位报告之差', 'the department report less the other units');
  const derived = r.partners[0].figure.via !== 'stated';
  const of = derived ? t(lang, '推得的上年数', ' (the base of its change)') : '';
  if (r.kind === 'department-units')
    return p.level === '部门'
      ? t(lang, `部门报告${of}`, `the department report${of}`)
      : t(lang, `本级单位报告${of}`, `its unit's report${of}`);
  const kind = p.stage === '预算' ? t(lang, '预算', 'budget') : t(lang, '决算', 'final accounts');
  return t(lang, `${p.year}年${kind}报告${of}`, `the ${p.year} ${kind} report${of}`);
}

/** The partner's value in the unit of the figure checked. */
function partnerValue(r: CrossRelation, f: CrossFigure['fact']): string {
  if (r.partners.length === 1 && r.how === 'equal') {
    const p = r.partners[0].figure;
    if (p.via === 'stated' && p.fact.unit === f.unit) return show(p.fact);
  }
  return fmtLike(r.expected.mid().div(f.factor), f.written.decimals, f.written.grouped) + unitOf(f);
}

function formulaOf(r: CrossRelation, f: CrossFigure['fact'], want: string): string {
  const v = (x: Dec) => trimDec(x.div(f.factor), 6);
  const parts = r.partners.map((p) => v(p.figure.interval.mid()));
  if (r.how === 'sum') return `${parts.join(' + ')} = ${want}${unitOf(f)}`;
  if (r.how === 'rest')
    return `${v(r.whole!.figure.interval.mid())} − ${parts.join(' − ') || '0'} = ${want}${unitOf(f)}`;
  const p = r.partners[0].figure;
  if (p.via === 'change' && p.delta)
    return `${show(p.fact)} ${p.deltaDir! > 0 ? '−' : '+'} ${show(p.delta)} = ${want}${unitOf(f)} ≠ ${show(f)}`;
  return `${want}${unitOf(f)} ≠ ${show(f)}`;
}

/** The partner's figure (and the change it is the base of), in its file. */
function relatedOf(ctx: Ctx, p: Partner): RelatedFigure[] {
  const f = p.figure;
  const label = labelOf({ ...f.fact, concept: f.key, role: '本年' }, ctx.lang);
  const doc = p.entry.doc;
  const where = (p.entry.path ?? '').replace(/^.*[\\/]/, '');
  const out = [rel(ctx, f.fact.span, `${label} ${show(f.fact)}（${where}）`, doc)];
  if (f.via === 'change' && f.delta) {
    const word = f.deltaDir! > 0 ? t(ctx.lang, '增加', 'up') : t(ctx.lang, '减少', 'down');
    out.push(rel(ctx, f.delta.span, `${label} ${word} ${show(f.delta)}（${where}）`, doc));
  }
  return out;
}

function suggest(ctx: Ctx, f: CrossFigure['fact'], text: string): Fix {
  return fix(
    ctx,
    t(ctx.lang, `改为 ${text}${unitOf(f)}（与另一报告一致）`, `Change to ${text}${unitOf(f)} (as the other report)`),
    f.span,
    text,
    false,
    f.doc === ctx.doc ? undefined : f.doc,
  );
}
