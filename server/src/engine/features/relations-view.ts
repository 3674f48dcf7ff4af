/**
 * The relations view: every relation the check evaluated (the network's sums, shares, changes,
 * budget rates and repeated mentions, the links between tables, the 自评表's scores), grouped by
 * section and table, each with its figures, its formula with the actual numbers, the recomputed
 * value and ✓ / 尾差 / ✗. It reads the pipeline's stages (the network's evaluation, the perf
 * stage) and computes no analysis of its own. The result is plain JSON.
 */
import { trimDec } from '../util/decimal';
import { labelOf, show, unitOf } from '../rules/context';
import type { Fact } from '../facts/extract';
import type { TableModel } from '../facts/tables';
import type { ReportDoc, Section } from '../read/model';
import { asWritten } from '../read/traditional';
import type { Constraint, Eval } from '../relations/network';
import { tableLinks } from '../relations/links';
import type { CheckResult } from '../pipeline';
import type { Lang } from '../types';
import { perfRelations, type Placed } from './relations-perf';
import {
  MARKS,
  type RelationCounts,
  type RelationFigure,
  type RelationGroup,
  type RelationItem,
  type RelationStatus,
  type RelationsView,
} from './relations-types';

const T = (lang: Lang, zh: string, en: string) => (lang === 'en' ? en : zh);

export function relationsView(result: CheckResult, lang: Lang = 'zh-CN'): RelationsView {
  const tableOf = new Map<Fact, TableModel>();
  for (const t of result.extraction.tables) for (const f of t.facts) tableOf.set(f, t);
  const at = (f: Fact) => ({
    doc: f.doc && f.doc !== result.doc ? f.doc : undefined,
    span: f.span,
    section: f.section,
    table: tableOf.get(f)?.def.name,
  });
  const placed: Placed[] = [];
  for (const c of result.network.constraints) {
    const e = result.relations.evals.get(c);
    if (e) placed.push({ at: at(c.target), item: constraintItem(result, c, e, lang) });
  }
  for (const a of result.network.budgetAlternatives) {
    const item = constraintItem(
      result,
      a.constraint,
      a.constraint.evaluate((f) => f.written),
      lang,
    );
    const stated = a.stated ? `${a.stated.role} ${show(a.stated)}` : T(lang, '所称预算数', 'the budget it names');
    const note = T(
      lang,
      `与${stated}不符，只与${a.fits.role} ${show(a.fits)} 相符`,
      `does not fit ${stated}; it only fits ${a.fits.role} ${show(a.fits)}`,
    );
    placed.push({ at: at(a.rel.rate), item: { ...item, id: `alt:${item.id}`, status: 'fails', mark: '✗', note } });
  }
  for (const l of tableLinks(result.extraction, result.network.index)) {
    const status: RelationStatus = l.holds ? 'holds' : 'fails';
    placed.push({
      at: at(l.line),
      item: {
        id: `table-link:${l.code}:${l.line.id}`,
        kind: 'table-link',
        title: T(
          lang,
          `基本支出 ${l.code} ${l.row.name} 不超过“三公”经费中的相应数字`,
          `basic-expenditure line ${l.code} ${l.row.name} does not exceed its three-public-expenses figure`,
        ),
        status,
        mark: MARKS[status],
        formula: `${show(l.line)} ≤ ${show(l.total)}`,
        figures: [figure(result, l.line, lang, true), figure(result, l.total, lang, false)],
      },
    });
  }
  placed.push(...perfRelations(result, lang));
  uniqueIds(placed.map((p) => p.item));
  return { lang, counts: countsOf(placed.map((p) => p.item)), groups: groupsOf(result, placed, lang) };
}

function figure(result: CheckResult, f: Fact, lang: Lang, target: boolean): RelationFigure {
  const doc = f.doc ?? result.doc;
  return {
    text: show(f),
    label: labelOf(f, lang),
    span: { start: f.span.start, end: f.span.end },
    range: doc.lines.range(f.span),
    ...(doc !== result.doc ? { path: doc.path } : {}),
    ...(target ? { target: true } : {}),
  };
}

function statusOf(c: Constraint, e: Eval, lang: Lang): { status: RelationStatus; note?: string } {
  if ((e as Eval & { nudged?: boolean }).nudged)
    return { status: 'rounding', note: T(lang, '为凑足 100% 而调整', 'adjusted so the shares total 100%') };
  switch (e.status) {
    case 'exact':
      return { status: 'holds' };
    case 'rounding':
      return { status: 'rounding' };
    case 'truncated':
      return { status: 'fails', note: T(lang, '截尾所得，未四舍五入', 'truncated, not rounded') };
    case 'mismatch':
      return { status: 'fails' };
    case 'zero-base':
      return { status: 'undetermined', note: T(lang, '上年数为零，增长率无意义', 'the prior year is zero') };
    default:
      return c.rule === 'budget'
        ? { status: 'undetermined', note: T(lang, '预算数为零，比率无定义', 'the budget is zero: no rate') }
        : { status: 'undetermined', note: T(lang, '整体为零，占比无定义', 'the whole is zero: no share') };
  }
}

function constraintItem(result: CheckResult, c: Constraint, e: Eval, lang: Lang): RelationItem {
  const { status, note } = statusOf(c, e, lang);
  const t = c.target;
  const unit = unitOf(t);
  return {
    id: c.id,
    kind: c.rule,
    title: c.title[lang],
    status,
    mark: MARKS[status],
    formula: e.formula[lang],
    ...(e.point ? { recomputed: `${trimDec(e.point, 4)}${unit}` } : {}),
    ...(e.computed && c.mode !== 'le' ? { interval: `${e.computed.toString()}${unit}` } : {}),
    ...(note ? { note } : {}),
    figures: c.facts.map((f) => figure(result, f, lang, f === t)),
  };
}

/** A constraint id names its target; two relations on one target (a row's sum and a column's) get #2, #3, … */
function uniqueIds(items: RelationItem[]): void {
  const seen = new Map<string, number>();
  for (const i of items) {
    const n = (seen.get(i.id) ?? 0) + 1;
    seen.set(i.id, n);
    if (n > 1) i.id = `${i.id}#${n}`;
  }
}

export function countsOf(items: RelationItem[]): RelationCounts {
  const n = (s: RelationStatus) => items.filter((i) => i.status === s).length;
  return {
    checked: items.length,
    holding: n('holds'),
    rounding: n('rounding'),
    failing: n('fails'),
    undetermined: n('undetermined'),
  };
}

/** A group's heading: its section's, as the report writes it (in traditional characters, if so). */
function sectionTitle(s: Section | undefined, doc: ReportDoc | undefined, inDoc: ReportDoc, lang: Lang): string {
  const title = s?.title.trim() ?? '';
  if (!s || !title) return doc?.path ? doc.path.split(/[\\/]/).pop()! : T(lang, '（无标题）', '(no heading)');
  return asWritten(inDoc, s.numbering && !title.startsWith(s.numbering) ? `${s.numbering}${title}` : title);
}

function groupsOf(result: CheckResult, placed: Placed[], lang: Lang): RelationGroup[] {
  const byKey = new Map<string, { doc?: ReportDoc; section?: Section; table?: string; items: Placed[] }>();
  for (const p of placed) {
    const k = `${p.at.doc?.path ?? ''}|${p.at.section?.id ?? -1}|${p.at.table ?? ''}`;
    const g = byKey.get(k);
    if (g) g.items.push(p);
    else byKey.set(k, { doc: p.at.doc, section: p.at.section, table: p.at.table, items: [p] });
  }
  const groups = [...byKey.values()].map((g) => {
    g.items.sort((a, b) => a.at.span.start - b.at.span.start);
    const first = g.items[0].at.span;
    const doc = g.doc ?? result.doc;
    const relations = g.items.map((p) => p.item);
    return {
      section: sectionTitle(g.section, g.doc, doc, lang),
      // the report's table names as it writes them (in traditional characters, if so)
      ...(g.table ? { table: asWritten(doc, g.table) } : {}),
      span: { start: first.start, end: first.end },
      range: doc.lines.range(first),
      ...(g.doc ? { path: g.doc.path } : {}),
      counts: countsOf(relations),
      relations,
    };
  });
  return groups.sort((a, b) => (a.path ?? '').localeCompare(b.path ?? '') || a.span.start - b.span.start);
}
