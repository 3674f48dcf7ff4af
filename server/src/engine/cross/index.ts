/**
 * Reports checked against each other. Each report is indexed once (crossEntry: its identity and
 * its figures placed by concept, year and measure); the check of one report takes the entries of
 * the others (its partners) and finds the relations between them (crossStage):
 *
 *   year              the same unit and level one year apart: the later report's figures about
 *                     the year before (上年, 比上年/比2024年预算 bases) = the earlier report's own
 *   budget-final      the same unit, level and year: a 决算's 年初预算 figures = the budget report's
 *   department-units  a 部门 report = Σ the 单位 reports of the units it lists (all present), or
 *                     = its own unit's report when it lists one (本部) or none (无下属预算单位)
 *
 * Figures are compared in the same place (concept, year, measure) with the rounding intervals
 * of both documents, in 万元 exactly (元 figures scaled). The engine never reads files: the host
 * builds the entries from its checks and names explicit sets (`.suanpan.yaml` sets:).
 */
import { sumIntervals, type Interval } from '../util/decimal';
import type { Extraction } from '../facts/extract';
import type { CrossKind } from '../knowledge/cross';
import type { Fact } from '../facts/extract';
import type { DocRef, ReportDoc } from '../read/model';
import { crossFigures, placeKey, type CrossFigure, type FigureFact } from './figures';
import { identityOf, type DocIdentity } from './identity';
import { crossNames, namesByCode, relateNames, type CrossName, type NameRelation } from './names';
import { pushAll } from '../util/array';
import { detached } from '../util/text';

export type { CrossFigure, FigureFact } from './figures';
export type { DocIdentity } from './identity';
export type { CrossName, NameRelation, NameVerdict } from './names';
export { identityOf } from './identity';

/**
 * A report as its partners see it (what a host indexes, `partnerEntry`): its path, identity,
 * placed figures and names, and its document only as a DocRef (path, line starts), each figure's
 * fact only as a FigureFact. It holds none of the report's parsed document or extraction.
 */
export interface CrossEntry<F extends FigureFact = FigureFact> {
  /** The report's path (a partner without one cannot be pointed at, and takes no part). */
  path?: string;
  doc: DocRef;
  identity: DocIdentity;
  figures: CrossFigure<F>[];
  /** Figures by place (placeKey). */
  byPlace: Map<string, CrossFigure<F>[]>;
  /** The 功能分类 codes its coded tables name, by code (names.ts). */
  names: Map<string, CrossName[]>;
}

/** The entry of the report being checked: its figures' facts are the check's own (the cross rules report on them). */
export interface OwnEntry extends CrossEntry<Fact> {
  doc: ReportDoc;
  names: Map<string, CrossName<ReportDoc>[]>;
}

export interface CrossInput {
  /** The other reports of the workspace (the report itself, when among them, is skipped). */
  partners: CrossEntry[];
  /** Sets named explicitly (`.suanpan.yaml` sets:), as lists of paths; a report in one pairs only inside it. */
  sets?: string[][];
}

export interface Partner {
  entry: CrossEntry;
  figure: CrossFigure<FigureFact>;
}

export interface CrossRelation {
  kind: CrossKind;
  /** The figure of the report being checked. */
  here: CrossFigure;
  /** The partner figures it is compared with (one, or the units of a sum). */
  partners: Partner[];
  /** What `here` should be, from the partners (their value, the department less the other units …). */
  expected: Interval;
  /** How expected follows from the partners: equal, the sum of the units, the department less the others. */
  how: 'equal' | 'sum' | 'rest';
  /** The department's figure, when `how` is rest. */
  whole?: Partner;
  ok: boolean;
}

export interface CrossPair<E extends CrossEntry = CrossEntry> {
  kind: CrossKind;
  partners: E[];
  how: 'equal' | 'sum' | 'rest';
}

export interface CrossStage {
  entry: OwnEntry;
  pairs: CrossPair[];
  relations: CrossRelation[];
  /** The 类/款/项 names against the reports a year apart, code by code (names.ts). */
  names: Array<NameRelation & { partner: CrossEntry }>;
}

export function crossEntry(report: ReportDoc, ex: Extraction, path = report.path): OwnEntry {
  const doc = report.path === path ? report : { ...report, path };
  const identity = identityOf(doc);
  const figures = crossFigures(ex, identity);
  return {
    path,
    doc,
    identity,
    figures,
    byPlace: byPlaceOf(figures),
    names: namesByCode(crossNames(ex, report, identity.year)),
  };
}

function byPlaceOf<F extends FigureFact>(figures: CrossFigure<F>[], keep = false): Map<string, CrossFigure<F>[]> {
  const byPlace = new Map<string, CrossFigure<F>[]>();
  for (const f of figures) {
    // a key kept with the entry in one piece (else the string of each part of it stays)
    const k = keep ? detached(placeKey(f)) : placeKey(f);
    const l = byPlace.get(k);
    if (l) l.push(f);
    else byPlace.set(k, [f]);
  }
  return byPlace;
}

/**
 * The entry its partners are checked against: the same figures and names, pointing at the
 * report's documents only by path and line starts (a DocRef each), the facts cut to what a
 * partner's figure is shown with; nothing of the parsed documents or the extraction stays.
 */
export function partnerEntry(own: OwnEntry): CrossEntry {
  const refs = new Map<DocRef, DocRef>();
  const ref = (d: DocRef): DocRef => {
    let r = refs.get(d);
    if (!r) refs.set(d, (r = { path: d.path, lines: d.lines.startsOnly() }));
    return r;
  };
  const facts = new Map<Fact, FigureFact>();
  const fact = (f: Fact): FigureFact => {
    let r = facts.get(f);
    if (!r) {
      const { kind, concept, role, written, unit, unitKind, factor, span } = f;
      facts.set(f, (r = { kind, concept, label: detached(f.label), role, written, unit, unitKind, factor, span }));
    }
    return r;
  };
  // every field written, in one order: one object shape for all (a spread copy gets one of its own)
  const figures = own.figures.map((f): CrossFigure<FigureFact> => ({
    key: f.key,
    year: f.year,
    measure: f.measure,
    interval: f.interval,
    fact: fact(f.fact),
    via: f.via,
    delta: f.delta && fact(f.delta),
    deltaDir: f.deltaDir,
    table: f.table,
    item: f.item && { code: f.item.code, name: detached(f.item.name) },
  }));
  const names = new Map<string, CrossName[]>();
  for (const [code, rows] of own.names)
    names.set(
      code,
      rows.map((n) => ({ code: n.code, name: detached(n.name), span: n.span, doc: n.doc && ref(n.doc) })),
    );
  return {
    path: own.path,
    doc: ref(own.doc),
    identity: own.identity,
    figures,
    byPlace: byPlaceOf(figures, true),
    names,
  };
}

export function crossStage(entry: OwnEntry, input: CrossInput): CrossStage {
  const pairs = pairsOf(entry, input);
  const relations: CrossRelation[] = [];
  const names: CrossStage['names'] = [];
  for (const pair of pairs) {
    pushAll(relations, relate(entry, pair));
    if (pair.kind === 'year')
      for (const p of pair.partners)
        for (const r of relateNames(entry.names, entry.identity.year!, p.names, p.identity.year!))
          names.push({ ...r, partner: p });
  }
  return { entry, pairs, relations, names };
}

const same = (a?: string, b?: string) => !!a && a === b;

/** The partners of a report, by kind: from the identities, or inside the explicit set it is in. */
export function pairsOf<E extends CrossEntry>(entry: E, input: { partners: E[]; sets?: string[][] }): CrossPair<E>[] {
  const set = entry.path ? input.sets?.find((s) => s.includes(entry.path!)) : undefined;
  const others = input.partners.filter(
    (p) => p !== entry && p.path && p.path !== entry.path && (!set || set.includes(p.path)),
  );
  const a = entry.identity;
  if (!a.year || !a.stage || !a.level) return [];
  const sameUnit = (b: DocIdentity) => !!set || same(a.unit, b.unit);
  const out: CrossPair<E>[] = [];
  const years = others.filter(
    (p) => sameUnit(p.identity) && p.identity.level === a.level && Math.abs((p.identity.year ?? 0) - a.year!) === 1,
  );
  if (years.length) out.push({ kind: 'year', partners: years, how: 'equal' });
  const finals = others.filter(
    (p) =>
      sameUnit(p.identity) &&
      p.identity.level === a.level &&
      p.identity.year === a.year &&
      p.identity.stage &&
      p.identity.stage !== a.stage,
  );
  if (finals.length) out.push({ kind: 'budget-final', partners: finals, how: 'equal' });
  const du = departmentUnits(entry, others, !!set);
  if (du) out.push(du);
  return out;
}

/** A department and the reports of its units (or a unit and its department with the other units). */
function departmentUnits<E extends CrossEntry>(entry: E, others: E[], explicit: boolean): CrossPair<E> | undefined {
  const a = entry.identity;
  const peers = others.filter((p) => p.identity.year === a.year && p.identity.stage === a.stage);
  const dept = a.level === '部门' ? entry : peers.find((p) => p.identity.level === '部门' && lists(p, entry, explicit));
  if (!dept) return undefined;
  const units = unitsOf(dept, [entry, ...peers], explicit);
  if (!units) return undefined;
  if (entry === dept) return { kind: 'department-units', partners: units, how: units.length === 1 ? 'equal' : 'sum' };
  if (units.length === 1) return { kind: 'department-units', partners: [dept], how: 'equal' };
  return { kind: 'department-units', partners: [dept, ...units.filter((u) => u !== entry)], how: 'rest' };
}

function lists(dept: CrossEntry, unit: CrossEntry, explicit: boolean): boolean {
  if (unit.identity.level !== '单位') return false;
  if (explicit) return true;
  return !!unit.identity.unit && !!dept.identity.units?.includes(unit.identity.unit);
}

/** The unit reports of a department, when every unit it lists has one (in an explicit set: its 单位 reports). */
function unitsOf<E extends CrossEntry>(dept: E, pool: E[], explicit: boolean): E[] | undefined {
  const units = pool.filter((p) => p !== dept && p.identity.level === '单位');
  if (explicit) return units.length ? units : undefined;
  const names = dept.identity.units;
  if (!names?.length) return undefined;
  const found: E[] = [];
  for (const n of names) {
    const u = units.filter((p) => p.identity.unit === n);
    if (u.length !== 1) return undefined;
    found.push(u[0]);
  }
  return found;
}

/** The relations of one pair: every figure of the report with a partner figure in the same place. */
function relate(entry: OwnEntry, pair: CrossPair): CrossRelation[] {
  const out: CrossRelation[] = [];
  for (const [place, figures] of entry.byPlace) {
    if (pair.how === 'equal') {
      for (const p of pair.partners) {
        const there = pick(p, place, figures[0]);
        if (!there) continue;
        for (const here of figures)
          if (comparable(here, there.figure))
            out.push(relation(pair.kind, here, [there], there.figure.interval, 'equal'));
      }
      continue;
    }
    const parts = pair.partners.map((p) => pick(p, place, figures[0]));
    if (parts.some((x) => !x)) continue;
    const ps = parts as Partner[];
    for (const here of figures) {
      if (!ps.every((x) => comparable(here, x.figure))) continue;
      if (pair.how === 'sum') {
        out.push(relation(pair.kind, here, ps, sumIntervals(ps.map((x) => x.figure.interval)), 'sum'));
      } else {
        const [whole, ...rest] = ps;
        const expected = whole.figure.interval.sub(sumIntervals(rest.map((x) => x.figure.interval)));
        const r = relation(pair.kind, here, rest, expected, 'rest');
        r.whole = whole;
        out.push(r);
      }
    }
  }
  return out;
}

/** Two 持平 bases say nothing their current figures do not (those are compared themselves). */
function comparable(a: CrossFigure<FigureFact>, b: CrossFigure<FigureFact>): boolean {
  return !(a.via === 'flat' && b.via === 'flat');
}

/**
 * The partner's figure in a place: one of the same kind (table or prose) first. None when the
 * partner is at odds with itself there (the in-document rules' finding; it cannot arbitrate).
 */
function pick(entry: CrossEntry, place: string, like: CrossFigure<FigureFact>): Partner | undefined {
  const all = entry.byPlace.get(place);
  if (!all?.length || !agree(all)) return undefined;
  const stated = all.filter((f) => f.via === 'stated');
  const kind = stated.filter((f) => f.table === like.table);
  const pool = kind.length ? kind : stated.length ? stated : all;
  return { entry, figure: pool[0] };
}

/** The figures of one place agree: their intervals have a value in common. */
function agree(figures: CrossFigure<FigureFact>[]): boolean {
  let lo = figures[0].interval.lo;
  let hi = figures[0].interval.hi;
  for (const f of figures) {
    if (f.interval.lo.gt(lo)) lo = f.interval.lo;
    if (f.interval.hi.lt(hi)) hi = f.interval.hi;
  }
  return lo.lte(hi);
}

function relation(
  kind: CrossKind,
  here: CrossFigure,
  partners: Partner[],
  expected: Interval,
  how: CrossRelation['how'],
): CrossRelation {
  return { kind, here, partners, expected, how, ok: here.interval.meets(expected) };
}
