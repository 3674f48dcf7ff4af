/**
 * Facts and stated relations from prose. Walks each paragraph sentence by sentence and
 * clause by clause, reading the text before each figure: a label (mapped to a concept through
 * the label dictionary), a role word (年初预算数, 决算数 …), a change word (增加/减少/增长/下降),
 * a share (占 … 的), or a budget rate (预决算差异率, 完成年初预算的).
 */
import { hygiene } from '../knowledge/hygiene';
import { classDictionary } from '../knowledge/classification';
import { Dec, Interval, ONE, Written } from '../util/decimal';
import { Figure, UnitKind, findFigures } from './figures';
import {
  Role,
  conceptKey,
  conceptScope,
  formatConcept,
  isFunctional,
  knowledge,
  normLabel,
  parseConcept,
} from '../knowledge';
import { CLAUSE_NUMBERING_RE } from '../knowledge/numbering';
import { grammar, type Grammar } from '../knowledge/grammar';
import { tableKnowledge, type TableKnowledge } from '../knowledge/tables';
import type { Block, Paragraph, ReportDoc, Section } from '../read/model';
import { append, blockFactsOf, blockKey, emptyExtraction, relocate, type ExtractionCache } from './block-cache';
import type { Span } from '../types';
import { readTable, type TableModel } from './tables';
import { ListReader, kindOf } from './lists';
import { partNamed } from '../knowledge/families';

export type FactKind = 'value' | 'delta' | 'rate' | 'share' | 'budget-rate';

export interface Fact {
  id: number;
  kind: FactKind;
  /** Full concept key (scope.base) when the label is known. */
  concept?: string;
  /** The label as written (normalised), or '' when none. */
  label: string;
  role: Role;
  written: Written;
  unit: string;
  unitKind: UnitKind;
  factor: Dec;
  /** Source span of the number (what a fix replaces). */
  span: Span;
  /** Source span of number + unit. */
  fullSpan: Span;
  /** The paragraph of a prose figure (table cells have none). */
  paragraph?: Paragraph;
  section: Section;
  sentence: number;
  /** The concept was not written next to the figure but taken from the paragraph's subject. */
  implicit: boolean;
  /** A blank table cell, read as an exact zero. */
  blank?: boolean;
  /** The document the figure is in (a report may link a tables file). */
  doc?: ReportDoc;
}

export interface WordRef {
  word: string;
  span: Span;
}

export interface ShareRel {
  kind: 'share';
  pct: Fact;
  part?: Fact;
  whole?: Fact;
  /** A denominator named in the text (占本年支出合计的 …), as a concept key. */
  wholeConcept?: string;
  wholeLabel?: string;
  missingPercent: boolean;
  /**
   * The values the sentence states before the 占 (after the whole, when the whole is the head of
   * the part's 其中 list): a budget and an actual figure among them leave the whole uncertain.
   */
  preceding: ValueRun;
}

/**
 * A run of a sentence's values, `values[from, to)`: the array is the sentence's own, shared by every
 * run in it (a copy per 占 would be quadratic in a long sentence).
 */
export interface ValueRun {
  values: readonly Fact[];
  from: number;
  to: number;
}

export interface ChangeRel {
  kind: 'change';
  current?: Fact;
  currentConcept?: string;
  delta?: Fact;
  deltaDir?: 1 | -1;
  deltaWord?: WordRef;
  rate?: Fact;
  rateDir?: 1 | -1;
  rateWord?: WordRef;
  flat?: WordRef;
  missingPercent: boolean;
}

export interface BudgetRel {
  kind: 'budget';
  subject?: string;
  actual?: Fact;
  budgets: Fact[];
  rate: Fact;
  rateKind: 'diff' | 'completion';
  /** Budget named by the rate's wording (完成年初预算的 → 年初预算). */
  rateBudget?: Role;
  rateBudgetWord?: WordRef;
}

export interface Marker {
  kind: 'missing-percent' | 'missing-unit' | 'alternative' | 'placeholder' | 'stray';
  span: Span;
  text: string;
  /** Suggested insertion or replacement. */
  fix?: { span: Span; newText: string };
  doc?: ReportDoc;
}

export interface Extraction {
  facts: Fact[];
  shares: ShareRel[];
  changes: ChangeRel[];
  budgets: BudgetRel[];
  markers: Marker[];
  /** 其中 items -> their head fact. */
  qizhong: Map<Fact, Fact>;
  /** The recognised tables and their cells' facts (also in `facts`). */
  tables: TableModel[];
  /** Each paragraph's actual and budget figures of one subject, with or without a rate. */
  budgetGroups?: BudgetPair[];
}

/** An actual and its budget figures, as a paragraph states them (年初预算为 A 万元，支出决算为 B 万元). */
export interface BudgetPair {
  subject?: string;
  actual?: Fact;
  budgets: Fact[];
}

/** The knowledge an extraction reads with: the prose grammar and the table layouts. */
export interface Lexicon {
  grammar: Grammar;
  tables: TableKnowledge;
}
export const LEXICON: Lexicon = { grammar, tables: tableKnowledge };

import { nextFactId } from './ids';
import { pushAll } from '../util/array';

export { nextFactId };

/**
 * The facts of a document (added to `into` when given). With an engine's cache, a block read in an
 * earlier check with the same text and context is not read again (block-cache.ts).
 */
export function extract(
  doc: ReportDoc,
  into?: Extraction,
  lex: Lexicon = LEXICON,
  cache?: ExtractionCache,
): Extraction {
  const ex: Extraction = into ?? emptyExtraction();
  const first = ex.facts.length;
  const firstMarker = ex.markers.length;
  if (cache && lex === LEXICON) extractCached(doc, ex, lex, cache);
  else for (const b of doc.blocks) extractBlock(doc, b, ex, lex);
  for (let i = first; i < ex.facts.length; i++) ex.facts[i].doc = doc;
  if (doc.meta.kind === '部门预算' || doc.meta.kind === '单位预算') budgetOfTheYear(ex, first);
  for (let i = firstMarker; i < ex.markers.length; i++) ex.markers[i].doc = doc;
  return ex;
}

function extractBlock(doc: ReportDoc, b: Block, ex: Extraction, lex: Lexicon): void {
  if (b.kind === 'paragraph') extractParagraph(b, ex, lex.grammar);
  else if (b.kind === 'table') {
    const t = readTable(b, doc.meta.amountUnit, lex.tables);
    if (t) {
      ex.tables.push(t);
      pushAll(ex.facts, t.facts);
    }
  }
}

/** The blocks through the cache: a Markdown document block by block, a document kept parsed as a whole. */
function extractCached(doc: ReportDoc, ex: Extraction, lex: Lexicon, cache: ExtractionCache): void {
  if (doc.format !== 'markdown') {
    const kept = cache.docs.get(doc);
    if (kept) return void relocate(kept, { start: 0, freshIds: true }, ex);
    const own = emptyExtraction();
    for (const b of doc.blocks) extractBlock(doc, b, own, lex);
    const got = blockFactsOf(own, 0);
    append(ex, got);
    cache.docs.set(doc, relocate(got, { start: 0, freshIds: false }));
    return;
  }
  for (const b of doc.blocks) {
    if (b.kind === 'comment') continue;
    const key = blockKey(doc, b);
    const kept = cache.blocks.get(key);
    if (kept) {
      relocate(kept, { start: b.span.start, block: b, freshIds: true }, ex);
      continue;
    }
    const own = emptyExtraction();
    extractBlock(doc, b, own, lex);
    const got = blockFactsOf(own, b.span.start);
    append(ex, got);
    cache.blocks.set(key, relocate(got, { start: b.span.start, block: b, freshIds: false }));
  }
}

/**
 * In a budget report the 预算数 of a figure (「“三公”经费预算数为47.91万元」) is the year's own figure,
 * as its tables state it: role 本年, unless it is the budget of a completion or variance rate.
 */
function budgetOfTheYear(ex: Extraction, first: number): void {
  const inRate = new Set(ex.budgets.flatMap((b) => b.budgets));
  for (let i = first; i < ex.facts.length; i++) {
    const f = ex.facts[i];
    if (f.role === '预算' && f.sentence >= 0 && !inRate.has(f)) f.role = '本年';
  }
}

interface BudgetGroup {
  subject?: string;
  actual?: Fact;
  budgets: Fact[];
  used: boolean;
}

/** What the reading of a paragraph carries from clause to clause. */
interface ParaState {
  p: Paragraph;
  ex: Extraction;
  g: Grammar;
  t: string;
  scope: string;
  figs: Figure[];
  /** The next figure to place in a clause. */
  fi: number;
  numberingEnd: number;
  paraSubject?: string;
  lastHead?: Fact;
  lastValue?: Fact;
  /** The 其中 lists: which head each item is of. */
  lists: ListReader;
  /** The last value read in the paragraph of each label and role (`valueKey`). */
  lastOf: Map<string, Fact>;
  group?: BudgetGroup;
}

/** What the reading of a sentence carries from figure to figure. */
interface SentenceState {
  si: number;
  head?: Fact;
  change?: ChangeRel;
  subjectConcept?: string;
  /** The values read in the sentence, in order. */
  values: Fact[];
  /** After 「主要原因是：」 the sentence explains. */
  reason: boolean;
}

/** A figure and the text before it in its clause. */
interface FigureAt {
  f: Figure;
  rawPrefix: string;
  prefixStart: number;
  /** The prefix normalised, its numbering dropped. */
  n: string;
  clause: string;
}

function extractParagraph(p: Paragraph, ex: Extraction, g: Grammar): void {
  const t = p.text.text;
  const st: ParaState = {
    p,
    ex,
    g,
    t,
    scope: p.section.scope,
    figs: findFigures(t),
    fi: 0,
    numberingEnd: p.numbering ? p.numbering.length : 0,
    lists: new ListReader(g),
    lastOf: new Map(),
  };
  splitSentences(t, g).forEach(([s0, s1], si) => {
    const ss: SentenceState = { si, reason: false, values: [] };
    st.lists.sentence(st.lastHead);
    for (const [c0, c1] of splitClauses(t, s0, s1, g)) readClause(st, ss, c0, c1);
    if (ss.head) st.lastHead = ss.head;
  });
}

function readClause(st: ParaState, ss: SentenceState, c0: number, c1: number): void {
  const { t, g } = st;
  const clause = t.slice(c0, c1);
  // after 「主要原因是：」 the sentence explains; its words state no relation of their own
  const inReason = ss.reason;
  if (g.reasons.test(clause)) ss.reason = true;
  const inClause = clauseFigures(st, c0, c1);
  readFlat(st, ss, c0, clause, inReason);
  markTemplate(st.p, c0, clause, st.ex, g);
  if (!inClause.length) {
    st.lists.scan(t, c0, c1);
    if (!inReason) readWithin(st, clause);
    const subj = inReason ? undefined : subjectOf(normLabel(stripNumbering(clause)), st.scope, g);
    if (subj) {
      ss.subjectConcept = subj;
      st.paraSubject = subj;
    }
    return;
  }
  let pos = c0;
  for (const f of inClause) {
    const rawPrefix = t.slice(pos, f.start);
    const prefixStart = pos;
    st.lists.scan(t, pos, f.start);
    pos = f.unitEnd;
    if (f.kind === 'date') continue;
    readFigure(st, ss, { f, rawPrefix, prefixStart, n: normLabel(stripNumbering(rawPrefix)), clause });
  }
  st.lists.scan(t, pos, c1);
}

/** 「财政拨款支出预算中，」: a figure of the paragraph named again, then 中: the list of its items follows. */
function readWithin(st: ParaState, clause: string): void {
  const { g } = st;
  const n = normLabel(stripNumbering(clause)).replace(g.trailing, '');
  if (!n.endsWith(g.within) || n.length <= g.within.length) return;
  const { label, role } = valueLabel(n.slice(0, n.length - g.within.length), g);
  if (!label) return;
  const f = st.lastOf.get(valueKey(label, role));
  if (f) st.lists.openOn(f);
}

const valueKey = (label: string, role: Role): string => `${role}\u0000${label}`;

/** The figures of a clause (not the paragraph's own numbering). */
function clauseFigures(st: ParaState, c0: number, c1: number): Figure[] {
  const out: Figure[] = [];
  while (st.fi < st.figs.length && st.figs[st.fi].start < c1) {
    const f = st.figs[st.fi];
    if (f.start >= c0 && f.start >= st.numberingEnd) out.push(f);
    st.fi++;
  }
  return out;
}

/** 与上年持平: a flat change; 「公务接待费支出与上年持平」 names its own subject, a new change. */
function readFlat(st: ParaState, ss: SentenceState, c0: number, clause: string, inReason: boolean): void {
  const { g } = st;
  const flatAt = clause.indexOf(g.flat);
  if (flatAt < 0 || inReason || clause.includes(g.budgetWord)) return;
  const own = normLabel(clause.slice(0, flatAt)).replace(g.flatPrior, '').replace(g.lead, '');
  if (!ss.change || own) {
    ss.change = newChange(own ? undefined : st.lastValue);
    ss.change.currentConcept = own ? subjectOf(own, st.scope, g) : undefined;
    st.ex.changes.push(ss.change);
  }
  ss.change.flat = wordAt(st.p, c0 + flatAt, g.flat);
}

function readFigure(st: ParaState, ss: SentenceState, at: FigureAt): void {
  if (readShare(st, ss, at) || readChange(st, ss, at) || readBudgetRate(st, ss, at)) return;
  readValue(st, ss, at);
}

function mkFact(
  st: ParaState,
  f: Figure,
  kind: FactKind,
  role: Role,
  label: string,
  concept: string | undefined,
  sentence: number,
): Fact {
  const { p } = st;
  // Counts of people, vehicles, items … are exact integers, not rounded figures.
  const w =
    f.kind === 'count' && f.written.decimals === 0 && st.g.exactCount.has(f.unit)
      ? { ...f.written, interval: Interval.exact(f.written.value) }
      : f.written;
  const fact: Fact = {
    id: nextFactId(),
    kind,
    concept,
    label,
    role,
    written: w,
    unit: f.unit,
    unitKind: f.kind,
    factor: f.factor,
    span: p.text.span(f.start, f.end),
    fullSpan: p.text.span(f.start, f.unitEnd),
    paragraph: p,
    section: p.section,
    sentence,
    implicit: false,
  };
  st.ex.facts.push(fact);
  return fact;
}

function wordAt(p: Paragraph, start: number, w: string): WordRef {
  return { word: w, span: p.text.span(start, start + w.length) };
}

/** A percentage written without its %: the marker and the fix that adds it. */
function missingPercent(fact: Fact, f: Figure, g: Grammar): Marker {
  const end = fact.span.end;
  return {
    kind: 'missing-percent',
    span: fact.span,
    text: f.text,
    fix: { span: { start: end, end }, newText: g.units.percent[0] },
  };
}

/** 占 X%: a share (占 … 的 names its whole). */
function readShare(st: ParaState, ss: SentenceState, at: FigureAt): boolean {
  const { f } = at;
  const sm = st.g.share.exec(at.n);
  if (!sm || (f.kind !== 'percent' && f.kind !== 'other')) return false;
  const pct = mkFact(st, f, 'share', '本年', '', undefined, ss.si);
  const missing = f.kind === 'other';
  if (missing) st.ex.markers.push(missingPercent(pct, f, st.g));
  const named = sm[1] ? resolveLabel(sm[1], st.scope, st.g) : undefined;
  // the part: the last value of the sentence (one inside a bracket closed since is not)
  const part = st.lists.lastValue;
  const { whole, listed } = sm[1] || !part ? { whole: undefined, listed: false } : shareWhole(st, ss, part);
  const from = listed && whole ? ss.values.indexOf(whole) + 1 : 0;
  st.ex.shares.push({
    kind: 'share',
    pct,
    part,
    whole,
    wholeConcept: named,
    wholeLabel: sm[1],
    missingPercent: missing,
    preceding: { values: ss.values, from, to: ss.values.length },
  });
  return true;
}

/**
 * The whole of 占 X% after `part` when the text names none: the head of the part's 其中 list, else
 * the sentence's head. None when the part's list is not certain, or its head is of another role
 * (a budget figure's item): the part's identity total is then the whole, if any (relations/build.ts).
 */
function shareWhole(st: ParaState, ss: SentenceState, part: Fact): { whole?: Fact; listed: boolean } {
  const listHead = st.lists.heads.get(part);
  if (listHead) return { whole: listHead.role === part.role ? listHead : undefined, listed: true };
  if (st.lists.unplaced.has(part)) return { listed: false };
  return { whole: ss.head && ss.head !== part ? ss.head : undefined, listed: false };
}

/** 增加 X万元 / 增长 Y%: a change. */
function readChange(st: ParaState, ss: SentenceState, at: FigureAt): boolean {
  const { g } = st;
  const { f, n } = at;
  const cm = g.change.exec(n);
  if (!cm) return false;
  const w = cm[1];
  const dir: 1 | -1 = g.increase.has(w) ? 1 : -1;
  const wordStart = at.prefixStart + at.rawPrefix.lastIndexOf(w);
  const isRate = f.kind === 'percent' || (f.kind === 'other' && g.rateWords.has(w));
  const before = n.slice(0, n.length - cm[0].length).replace(g.prior, '');
  const subj = before ? subjectOf(before, st.scope, g) : undefined;
  if (subj) ss.subjectConcept = subj;
  const ownSubject = before.replace(g.lead, '').length > 0;
  let change = ss.change;
  if (
    !change ||
    (isRate ? change.rate : change.delta) ||
    change.flat ||
    (ownSubject && (change.delta || change.rate) && subj !== change.currentConcept)
  ) {
    change = newChange(sameKind(st.lastValue, f.kind, ss.si) ?? st.lastValue);
    ss.change = change;
    st.ex.changes.push(change);
  }
  if (ss.subjectConcept) change.currentConcept = ss.subjectConcept;
  const ref = wordAt(st.p, wordStart, w);
  if (isRate) {
    change.rate = mkFact(st, f, 'rate', '本年', '', undefined, ss.si);
    change.rateDir = dir;
    change.rateWord = ref;
    if (f.kind === 'other') {
      change.missingPercent = true;
      st.ex.markers.push(missingPercent(change.rate, f, g));
    }
  } else {
    change.delta = mkFact(st, f, 'delta', '本年', '', undefined, ss.si);
    change.deltaDir = dir;
    change.deltaWord = ref;
  }
  return true;
}

/** 预决算差异率 / 完成年初预算的 / 预算执行率 X%: a budget rate over the paragraph's budget group. */
function readBudgetRate(st: ParaState, ss: SentenceState, at: FigureAt): boolean {
  const { g } = st;
  const dm = g.variance.exec(at.n);
  const km = g.completion.exec(at.n) ?? g.execution.exec(at.n);
  if (!(dm || km) || at.f.kind !== 'percent') return false;
  const rate = mkFact(st, at.f, 'budget-rate', '本年', '', undefined, ss.si);
  const group: BudgetGroup = st.group ?? { budgets: [], used: false, subject: st.paraSubject };
  let rateBudget: Role | undefined;
  let rateBudgetWord: WordRef | undefined;
  if (km && km[1]) {
    rateBudget = g.completionBudgets[km[1]];
    rateBudgetWord = wordAt(st.p, at.prefixStart + at.rawPrefix.lastIndexOf(km[1]), km[1]);
  }
  st.ex.budgets.push({
    kind: 'budget',
    subject: group.subject,
    actual: group.actual,
    budgets: group.budgets.slice(),
    rate,
    rateKind: dm ? 'diff' : 'completion',
    rateBudget,
    rateBudgetWord,
  });
  group.used = true;
  return true;
}

type RoleWord = ReturnType<typeof knowledge.roleSuffix>;

/** A value with its label (and maybe a role word: 年初预算数, 决算数 …). */
function readValue(st: ParaState, ss: SentenceState, at: FigureAt): void {
  const { f } = at;
  const { label, role, rs } = valueLabel(at.n, st.g);
  const { concept, explicit } = valueConcept(st, ss, at, label, rs);
  if (rs && (role === '年初预算' || role === '全年预算' || role === '预算' || rs.role === '决算')) {
    const subject = concept ?? st.paraSubject;
    const g = st.group;
    if (!g || g.used || (explicit && g.subject && g.subject !== concept)) {
      st.group = { budgets: [], used: false, subject };
      (st.ex.budgetGroups ??= []).push(st.group);
    }
    if (explicit) st.group!.subject = concept;
  }
  if (f.kind === 'other' && concept && !rs) markMissingUnit(st, f, concept);
  const fact = mkFact(st, f, 'value', role, label, concept, ss.si);
  // a subject named as a functional path (「…(类)…(款)…(项)：」) identifies its figures surely
  fact.implicit = !!concept && !explicit && !isFunctional(parseConcept(concept));
  if (st.group && rs) {
    if (role === '本年') st.group.actual = fact;
    else st.group.budgets.push(fact);
  }
  linkValue(st, fact, explicit);
  ss.values.push(fact);
  st.lastOf.set(valueKey(label, role), fact);
  if ((f.kind === 'amount' || f.kind === 'count') && role === '本年') {
    if (!ss.head && (explicit || label)) ss.head = fact;
    if (explicit) st.paraSubject = concept;
  }
  st.lastValue = fact;
  const change = ss.change;
  if (change && !change.current && (change.delta || change.rate)) change.current = fact;
}

/** The label before a value and its role word. */
function valueLabel(n: string, g: Grammar): { label: string; role: Role; rs: RoleWord } {
  let label = n.replace(g.connectors, '');
  let role: Role = '本年';
  const rs = knowledge.roleSuffix(label);
  if (rs) {
    role = rs.role === '决算' ? '本年' : rs.role;
    label = label.slice(0, label.length - rs.length).replace(g.connectors, '');
  }
  return { label, role, rs };
}

/** The concept of a value: its label's, else (after a bare role word) the subject's. */
function valueConcept(
  st: ParaState,
  ss: SentenceState,
  at: FigureAt,
  label: string,
  rs: RoleWord,
): { concept: string | undefined; explicit: boolean } {
  let concept = labelConcept(label, st.scope, st.g);
  const q = st.lists.head(kindOf({ unitKind: at.f.kind, unit: at.f.unit }));
  // items listed under a head named with a label we do not know belong to that head, not to our concepts
  if (concept && q && !q.concept && q.label && q.sentence === ss.si) concept = undefined;
  // an item named short under a known head (「运行费」 under 公务用车购置及运行维护费) is the part it names
  if (!concept && label && q?.concept) concept = partNamed(q.concept, label.replace(st.g.listing, ''));
  const explicit = !!concept;
  if (!concept && rs && !label.replace(st.g.listing, '')) concept = st.paraSubject ?? ss.subjectConcept;
  return { concept, explicit };
}

/** A bare number under an amount's label: the unit it is missing. */
function markMissingUnit(st: ParaState, f: Figure, concept: string): void {
  if (st.g.dateAfter.test(st.t.slice(f.unitEnd, f.unitEnd + 1))) return;
  // 「2.71万万元」: a unit written twice is stray-character's, not a missing unit
  if (hygiene.doubledAtRe.test(st.t.slice(f.end, f.end + 8))) return;
  // 「10.82萬元」: the traditional unit is traditional-character's
  if (hygiene.traditional.has(st.t.slice(f.end, f.end + 8).trimStart()[0] ?? '')) return;
  const unit = defaultUnit(concept, st.g);
  if (!unit) return;
  const span = st.p.text.span(f.start, f.end);
  st.ex.markers.push({
    kind: 'missing-unit',
    span,
    text: f.text,
    fix: { span: { start: span.end, end: span.end }, newText: unit },
  });
}

/**
 * 其中 items: a value read in a 其中 list is an item of its head (facts/lists.ts); a named one of the
 * same kind and role is related to it (an item of a budget figure is no item of the actual).
 */
function linkValue(st: ParaState, fact: Fact, explicit: boolean): void {
  const head = st.lists.value(fact);
  if (head && head !== fact && explicit && fact.unitKind === head.unitKind && fact.role === head.role) {
    st.ex.qizhong.set(fact, head);
  }
}

function newChange(current: Fact | undefined): ChangeRel {
  return { kind: 'change', current, missingPercent: false };
}

function sameKind(f: Fact | undefined, kind: UnitKind, sentence: number): Fact | undefined {
  if (!f || f.sentence !== sentence) return undefined;
  if (kind === 'percent' || kind === 'other') return f;
  return f.unitKind === kind ? f : undefined;
}

function defaultUnit(concept: string, g: Grammar): string | undefined {
  if (g.noDefaultUnit.has(conceptScope(concept))) return undefined;
  return g.defaultAmount;
}

function stripNumbering(s: string): string {
  return s.replace(CLAUSE_NUMBERING_RE, '');
}

/** Longest label read: a subject is named in its last words, and the grammar's `…$` patterns cost per character. */
const MAX_LABEL = 200;

/** The end of a label, bounded (a 100,000-character line is not a label; reading all of it is quadratic). */
function labelTail(s: string): string {
  return s.length > MAX_LABEL ? s.slice(s.length - MAX_LABEL) : s;
}

/** Concept of a label-only clause (a subject named before its figures). */
function subjectOf(n: string, scope: string, g: Grammar): string | undefined {
  let s = labelTail(n)
    .replace(g.trailing, '')
    .replace(g.prior, '')
    .replace(g.budgetPrior, '')
    .replace(g.connectors, '');
  const rs = knowledge.roleSuffix(s);
  if (rs && rs.role === '决算') s = s.slice(0, s.length - rs.length);
  return labelConcept(s, scope, g);
}

/** Whether a name written as a 款 is the 类's own name, or only ever a 类 in the classification. */
function isClassName(name: string, cls: string): boolean {
  if (name === cls) return true;
  const codes = classDictionary.codesNamed(name, 'functional');
  return codes.length > 0 && codes.every((code) => code.length === 3);
}

/** A label's concept key: dictionary suffix match, else a functional-classification path. */
function labelConcept(label: string, scope: string, g: Grammar): string | undefined {
  if (!label) return undefined;
  label = labelTail(label);
  const fm = g.functional.exec(label);
  if (fm) {
    const [, cls, written, xiang] = fm;
    const c = cls.replace(g.functionalLead, '');
    // a 类 written again where its 款 belongs (「住房保障支出（类）住房保障支出（款）住房公积金（项）」,
    // the official-name rule's finding): the 款 is not known, the 项 is still the 类's
    const kuan = written && isClassName(written, c) ? undefined : written;
    if (written && !kuan && !xiang) return undefined;
    if (xiang) return formatConcept({ scope, kind: '项', path: [c, kuan ?? '', xiang] });
    if (kuan) return formatConcept({ scope, kind: '款', path: [c, kuan] });
    return formatConcept({ scope, kind: '类', path: [c] });
  }
  const m = knowledge.labelSuffix(label);
  if (!m) return undefined;
  // A known label glued to a qualifier names another figure: 「政府性基金预算财政拨款收入」
  // is not 「财政拨款收入」.
  if (g.qualifiers.test(label.slice(0, label.length - m.length))) return undefined;
  return conceptKey(m.concept, scope);
}

function resolveLabel(label: string, scope: string, g: Grammar): string | undefined {
  return labelConcept(label.replace(g.connectors, ''), scope, g);
}

function markTemplate(p: Paragraph, c0: number, clause: string, ex: Extraction, g: Grammar): void {
  const marks: Array<[RegExp, Marker['kind']]> = [
    [g.alternatives, 'alternative'],
    [g.placeholders, 'placeholder'],
  ];
  for (const [re, kind] of marks) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(clause))) {
      ex.markers.push({ kind, span: p.text.span(c0 + m.index, c0 + m.index + m[0].length), text: m[0] });
    }
  }
}

/** Sentences end at 。！？ (and a closing quote after them). */
export function splitSentences(t: string, g: Grammar = grammar): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let s = 0;
  for (let i = 0; i < t.length; i++) {
    if (g.sentenceEndSet.has(t.charCodeAt(i))) {
      let e = i + 1;
      while (e < t.length && g.closingSet.has(t.charCodeAt(e))) e++;
      out.push([s, e]);
      s = e;
      i = e - 1;
    }
  }
  if (s < t.length) out.push([s, t.length]);
  return out;
}

const COMMA = 0x2c;
const isDigitCode = (c: number) => c >= 48 && c <= 57;

/** Clauses end at ，；：、 and at an ASCII comma that is not a thousands separator. */
export function splitClauses(t: string, s0: number, s1: number, g: Grammar = grammar): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let s = s0;
  for (let i = s0; i < s1; i++) {
    const c = t.charCodeAt(i);
    let cut = g.clauseEndSet.has(c);
    // a thousands separator: a digit before, exactly three after
    if (c === COMMA)
      cut = !(
        i > 0 &&
        isDigitCode(t.charCodeAt(i - 1)) &&
        isDigitCode(t.charCodeAt(i + 1)) &&
        isDigitCode(t.charCodeAt(i + 2)) &&
        isDigitCode(t.charCodeAt(i + 3)) &&
        !isDigitCode(t.charCodeAt(i + 4))
      );
    if (cut) {
      out.push([s, i + 1]);
      s = i + 1;
    }
  }
  if (s < s1) out.push([s, s1]);
  return out;
}

/** A fact's value as an interval in the base unit (万元 for amounts). */
export function factInterval(f: Fact, w: Written = f.written): Interval {
  return f.factor === ONE ? w.interval : w.interval.scale(f.factor);
}
export function factPoint(f: Fact, w: Written = f.written): Dec {
  return f.factor === ONE ? w.value : w.value.times(f.factor);
}
