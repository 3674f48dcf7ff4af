/**
 * The report's structure against its layout profile: which heading (or caption line) stands for
 * each part, section and table the profile requires, by title similarity (never by number),
 * what is missing, duplicated or out of order, and where each item's content lies. Computed
 * once per document and shared by the structure rules, the hover and the outline.
 */
import type { ReportDoc, Section } from '../read/model';
import type { EngineCaches } from '../caches';
import { CappedMemo } from '../util/cache';
import { detached } from '../util/text';
import { NUMBERING_RE } from '../read/model';
import { CN_ITEM_RE, NUM, NUM_OR_DIGIT, PART } from '../knowledge/numbering';
import {
  allProfiles,
  normTitle,
  normTitleBy,
  normUnit,
  type GlossaryEntry,
  type Profile,
  type ProfileItem,
} from './profile';
import type { Span } from '../types';

export interface Anchor {
  id: number;
  kind: 'section' | 'line';
  /** Normalised title (numbering, unit name and years dropped). */
  key: string;
  /** The title as written (trimmed, one line). */
  text: string;
  /** The title's source span. */
  span: Span;
  /** Start of the title's line (where an insertion before it goes). */
  lineStart: number;
  /** End of the anchor's own text (its line, or its paragraph). */
  lineEnd: number;
  /** Section level; 0 for a caption line or short paragraph. */
  level: number;
  /** For a heading: the start of the line where its section ends (the next heading of its level). */
  end?: number;
  section?: Section;
  numbering?: string;
  bigrams: number[];
  /** Its similarity to profile items, by ProfileItem.sig (shared by every anchor of its title). */
  scores: Map<string, number>;
}

export interface GlossaryFound {
  term: string;
  key: string;
  span: Span;
  /** Start of its line (where an entry after it ends). */
  lineStart: number;
  end: number;
  numbering?: string;
}

export interface ItemMatch {
  item: ProfileItem;
  anchor?: Anchor;
  score: number;
  /** Where its content lies: from its anchor to the next sibling's (or the parent's end). */
  region?: Span;
  children: ItemMatch[];
  tables: ItemMatch[];
  glossary?: { entries: GlossaryFound[]; missing: GlossaryEntry[]; duplicates: GlossaryFound[] };
  /** Present through its content (its tables), with no heading of its own. */
  implicit?: boolean;
  parent?: ItemMatch;
}

export interface Duplicate {
  anchor: Anchor;
  of: ItemMatch;
}

export interface OutOfOrder {
  match: ItemMatch;
  /** The item it should come before (or after, when it is last). */
  before?: ItemMatch;
  after?: ItemMatch;
}

export interface StructureAnalysis {
  profile: Profile;
  how: 'front-matter' | 'detected';
  /** The front matter names a 模板 no profile has. */
  unknownTemplate?: string;
  parts: ItemMatch[];
  score: number;
  /**
   * Whether what the profile requires can be held against the report: the profile is named in
   * the front matter, or most of it was found (a detected profile that fits only loosely may be
   * another layout, whose differences are no slips).
   */
  confident: boolean;
  duplicates: Duplicate[];
  outOfOrder: OutOfOrder[];
  anchors: Anchor[];
  /** The text is cut short (it ends mid-sentence): where it stops. What the layout puts after that is not missing. */
  excerpt?: { end: number };
}

export interface ProfileChoice {
  analysis?: StructureAnalysis;
  unknownTemplate?: string;
  /** Invalid workspace profiles. */
  errors: string[];
}

const SECTION_MIN = 0.75;
const LINE_MIN = 0.85;

// ---------------------------------------------------------------------------------------------
// anchors

/** The distinct character pairs of a string, sorted (for a linear-time intersection). */
function bigramsOf(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < s.length; i++) out.push(s.charCodeAt(i) * 65536 + s.charCodeAt(i + 1));
  out.sort((a, b) => a - b);
  let k = 0;
  for (let i = 0; i < out.length; i++) if (i === 0 || out[i] !== out[i - 1]) out[k++] = out[i];
  out.length = k;
  return out;
}

/** Similarity of a document title (a) and a profile key (b), 0 … 1. */
export function similarity(a: string, ab: number[], b: string, bb: number[]): number {
  if (!a || !b) return 0;
  if (a === b) return 1;
  let best = 0;
  if (b.length >= 4 && a.endsWith(b)) best = 0.9 + 0.1 * (b.length / a.length);
  else if (b.length >= 2 && a.includes(b)) best = 0.5 + 0.5 * (b.length / a.length);
  else if (a.length >= 2 && b.includes(a)) best = 0.5 + 0.5 * (a.length / b.length);
  if (ab.length && bb.length) {
    let common = 0;
    for (let i = 0, j = 0; i < ab.length && j < bb.length;) {
      if (ab[i] === bb[j]) {
        common++;
        i++;
        j++;
      } else if (ab[i] < bb[j]) i++;
      else j++;
    }
    best = Math.max(best, (2 * common) / (ab.length + bb.length));
  }
  return best;
}

/** A heading that is really a table row of a PDF export (figures, or two numbered items). */
export function isPseudoHeading(title: string): boolean {
  if (/\d[\d,]*\.\d|\d{1,3}(?:,\d{3})+/.test(title)) return true;
  const rest = title.replace(NUMBERING_RE, '');
  return CN_ITEM_RE.test(rest);
}

const LEADER_RE = /(?:…{2,}|\.{4,}|·{4,}|-{4,})/;

/** Lines of a plain-text table of contents: after 「目录」 until the first part heading repeats. */
function tocRange(doc: ReportDoc): Span | undefined {
  const src = doc.source;
  const m = /(?:^|\n)[^\S\n]*目[^\S\n]*录[^\S\n]*(?:\r?\n)/.exec(src);
  if (!m) return undefined;
  const start = m.index;
  const after = src.slice(m.index + m[0].length);
  const first = new RegExp(`(?:^|\\n)[^\\S\\n]*(${PART})`).exec(after);
  if (!first) return undefined;
  const key = first[1];
  const from = m.index + m[0].length + first.index + first[0].length;
  const re = new RegExp(`\\n[^\\S\\n]*${key}`, 'g');
  re.lastIndex = from;
  const again = re.exec(src);
  return again ? { start, end: again.index + 1 } : undefined;
}

// Titles, their keys and their similarity to the profiles' items are pure functions of the
// text: remembered across checks (an editor re-checks the same headings on every keystroke).
interface Title {
  key: string;
  bigrams: number[];
  /** Its similarity to profile items, by ProfileItem.sig. */
  scores: Map<string, number>;
}
/**
 * By unit, then title as written: the unit is a key of its own (a key made of both would hash the
 * unit's name again for every title, and a front matter may give any 单位).
 */
const TITLES = new CappedMemo<string, { u: string; titles: CappedMemo<string, Title> }>(16);
/**
 * Titles kept per unit. At most 16 × 4,096 titles (a few MB); each title is kept as a string of
 * its own (detached): a title cut from a report would keep the report's whole text (a batch of
 * 1,000 reports kept 21 MB of them with 64 units of 20,000).
 */
const TITLES_PER_UNIT = 4096;
/** Longer titles are not kept (the corpus has 60 KB ones: a text export's page on one line). */
const MAX_KEPT_TITLE = 256;
/** The bigrams of the profile items' keys. */
const BIGRAMS = new CappedMemo<string, number[]>(20000);

function titleOf(title: string, unit: string | undefined): Title {
  const byUnit = TITLES.through(detached(unit ?? ''), (x) => ({
    u: normUnit(x),
    titles: new CappedMemo<string, Title>(TITLES_PER_UNIT),
  }));
  const hit = byUnit.titles.get(title);
  if (hit) return hit;
  const key = detached(normTitleBy(title, byUnit.u));
  const made: Title = { key, bigrams: bigramsOf(key), scores: new Map() };
  // a line of a text export without breaks can be a whole page: not kept
  return title.length > MAX_KEPT_TITLE ? made : byUnit.titles.set(detached(title), made);
}

type NewAnchor = Omit<Anchor, 'id' | 'key' | 'bigrams' | 'scores'>;

/** The headings and caption lines of a document that may stand for a profile's items, in text order. */
export function anchorsOf(doc: ReportDoc): Anchor[] {
  const out: Anchor[] = [];
  const unit = doc.meta.unit;
  const push = (a: NewAnchor) => {
    const { key, bigrams, scores } = titleOf(a.text, unit);
    if (key.length < 2) return;
    // completed in place (a spread would give every anchor a shape of its own, slowing the matching)
    const full = a as Anchor;
    full.id = out.length;
    full.key = key;
    full.bigrams = bigrams;
    full.scores = scores;
    out.push(full);
  };
  const sectionLines = sectionAnchors(doc, push);
  if (doc.format === 'markdown' || doc.format === 'yaml') paragraphAnchors(doc, push);
  else lineAnchors(doc, sectionLines, push);
  out.sort((a, b) => a.span.start - b.span.start);
  out.forEach((a, i) => (a.id = i));
  return out;
}

/** Section headings below the title; returns the lines they take (a wrapped heading takes two). */
function sectionAnchors(doc: ReportDoc, push: (a: NewAnchor) => void): Set<number> {
  const { lines, source: src } = doc;
  const sectionLines = new Set<number>();
  for (const s of doc.sections) {
    const line = lines.position(s.titleSpan.start).line;
    sectionLines.add(line);
    if (s.level <= 1) continue;
    if (isPseudoHeading(s.title)) continue;
    let title = s.title;
    let lineEnd = lines.lineEnd(line);
    if (doc.format === 'text') {
      const cont = continuation(doc, line, s);
      if (cont) {
        title += cont.text;
        lineEnd = cont.end;
        for (let l = line + 1; l <= cont.line; l++) sectionLines.add(l);
      }
    }
    const end = s.span.end >= src.length ? src.length : lines.lineStart(lines.position(s.span.end).line);
    push({
      kind: 'section',
      text: title,
      span: s.titleSpan,
      lineStart: lines.lineStart(line),
      lineEnd,
      level: s.level,
      section: s,
      numbering: s.numbering,
      end,
    });
  }
  return sectionLines;
}

/** Short paragraphs of a Markdown (or YAML) report: table captions, headings written as text. */
function paragraphAnchors(doc: ReportDoc, push: (a: NewAnchor) => void): void {
  for (const b of doc.blocks) {
    if (b.kind !== 'paragraph') continue;
    const t = b.text.text;
    if (t.length > 50 || /[。；;]./.test(t) || /[，,]/.test(t)) continue;
    push({
      kind: 'line',
      text: t,
      span: b.span,
      lineStart: doc.lines.lineStart(doc.lines.position(b.span.start).line),
      lineEnd: b.span.end,
      level: 0,
      numbering: b.numbering,
    });
  }
}

/** Short lines of a plain-text report that are no heading (outside its table of contents). */
function lineAnchors(doc: ReportDoc, sectionLines: Set<number>, push: (a: NewAnchor) => void): void {
  const { lines, source: src } = doc;
  const toc = tocRange(doc);
  for (let l = 0; l < lines.lineCount; l++) {
    if (sectionLines.has(l)) continue;
    const s = lines.lineStart(l);
    if (toc && s >= toc.start && s < toc.end) continue;
    const e = lines.lineEnd(l);
    if (e - s > 160 || src.charCodeAt(s) === 9) continue;
    const raw = src.slice(s, e);
    const t = raw.trim();
    if (t.length < 3 || t.length > 50) continue;
    if (/[。；;，,]/.test(t) || LEADER_RE.test(t) || /^[\d.,\s%-]+$/.test(t)) continue;
    if (/\S[ \u3000]{3,}\S/.test(t)) continue; // a layout-table row
    const lead = raw.length - raw.trimStart().length;
    push({
      kind: 'line',
      text: t,
      span: { start: s + lead, end: s + lead + t.length },
      lineStart: s,
      lineEnd: e,
      level: 0,
      numbering: NUMBERING_RE.exec(t)?.[0],
    });
  }
}

/** A heading wrapped onto the next line in a PDF export (「…2024 年度部门决算」 + 「情况说明」). */
function continuation(
  doc: ReportDoc,
  line: number,
  s: Section,
): { text: string; end: number; line: number } | undefined {
  const bare = s.title.replace(NUMBERING_RE, '').trim();
  const wantLong = bare.length === 0;
  if (s.level > 2 && !wantLong) return undefined;
  const lines = doc.lines;
  for (let l = line + 1; l < Math.min(lines.lineCount, line + 4); l++) {
    const t = doc.source.slice(lines.lineStart(l), lines.lineEnd(l)).trim();
    if (!t) continue;
    if (NUMBERING_RE.test(t) || doc.source.charCodeAt(lines.lineStart(l)) === 9) return undefined;
    const max = wantLong ? 40 : 8;
    if (t.length > max || /[，,；;：:]/.test(t) || (!wantLong && /。/.test(t))) return undefined;
    return { text: t.replace(/[。]$/, ''), end: lines.lineEnd(l), line: l };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// matching

interface Cand {
  item: ProfileItem;
  anchor: Anchor;
  score: number;
}

function scoreOf(item: ProfileItem, a: Anchor): number {
  let best = a.scores.get(item.sig);
  if (best === undefined) {
    best = 0;
    for (const k of item.keys) best = Math.max(best, similarity(a.key, a.bigrams, k, BIGRAMS.through(k, bigramsOf)));
    a.scores.set(item.sig, best);
  }
  return best;
}

/**
 * Assigns items to anchors: best pairs first, each anchor and item used once. Section anchors
 * need SECTION_MIN, caption lines LINE_MIN; a section heading beats a line of the same score.
 */
function assign(
  items: ProfileItem[],
  anchors: Anchor[],
  used: Set<number>,
  accept: (a: Anchor) => boolean,
): Map<ProfileItem, Cand> {
  const cands: Cand[] = [];
  for (const a of anchors) {
    if (used.has(a.id) || !accept(a)) continue;
    for (const it of items) {
      const s = scoreOf(it, a);
      if (s >= (a.kind === 'section' ? SECTION_MIN : LINE_MIN))
        cands.push({ item: it, anchor: a, score: s + (a.kind === 'section' ? 0.001 : 0) });
    }
  }
  cands.sort((x, y) => y.score - x.score || x.anchor.span.start - y.anchor.span.start);
  const out = new Map<ProfileItem, Cand>();
  const taken = new Set<number>();
  for (const c of cands) {
    if (out.has(c.item) || taken.has(c.anchor.id)) continue;
    out.set(c.item, c);
    taken.add(c.anchor.id);
  }
  for (const id of taken) used.add(id);
  return out;
}

function inRegion(a: Anchor, r: Span): boolean {
  return a.span.start >= r.start && a.span.start < r.end;
}

/** Region ends: each matched item runs to the next matched sibling's anchor (or the parent's end). */
function setRegions(ms: ItemMatch[], parent: Span): void {
  const found = ms.filter((m) => m.anchor || m.region).sort((a, b) => startOf(a) - startOf(b));
  found.forEach((m, i) => {
    const start = startOf(m);
    const next = found[i + 1];
    let end = next ? startOf(next) : parent.end;
    if (m.anchor?.end !== undefined) end = Math.min(end, Math.max(m.anchor.end, m.anchor.lineEnd));
    m.region = { start, end: Math.max(end, start) };
  });
}

function startOf(m: ItemMatch): number {
  return m.anchor ? m.anchor.lineStart : m.region!.start;
}

function matchChildren(
  parent: ItemMatch,
  anchors: Anchor[],
  used: Set<number>,
  region: Span,
  analysis: Pick<StructureAnalysis, 'duplicates'>,
): void {
  const level = parent.anchor?.section?.level ?? 0;
  const kids = parent.item.children;
  if (kids.length) {
    const got = assign(
      kids,
      anchors,
      used,
      (a) => inRegion(a, region) && a !== parent.anchor && (a.kind === 'line' || a.level > level),
    );
    parent.children = kids.map((k) => {
      const c = got.get(k);
      return { item: k, anchor: c?.anchor, score: c?.score ?? 0, children: [], tables: [], parent };
    });
    fillSlots(parent.children, anchors, used, region, (a) => a.kind === 'section' && a.level > level);
    setRegions(parent.children, region);
    findDuplicates(parent.children, anchors, used, region, analysis, (a) => a.kind === 'section' && a.level > level);
    for (const c of parent.children) {
      if (c.anchor && c.item.children.length) matchChildren(c, anchors, used, c.region!, analysis);
      else c.children = c.item.children.map((k) => ({ item: k, score: 0, children: [], tables: [], parent: c }));
    }
  }
  if (parent.item.tables.length) {
    const got = assign(parent.item.tables, anchors, used, (a) => inRegion(a, region));
    parent.tables = parent.item.tables.map((k) => {
      const c = got.get(k);
      return { item: k, anchor: c?.anchor, score: c?.score ?? 0, children: [], tables: [], parent };
    });
    setRegions(parent.tables, region);
    findDuplicates(parent.tables, anchors, used, region, analysis, () => true, 0.95);
  }
}

/**
 * A heading reworded beyond recognition by its title alone, but standing alone in the place of
 * a missing item (between its found neighbours, at their level) and still somewhat like it.
 */
function fillSlots(
  ms: ItemMatch[],
  anchors: Anchor[],
  used: Set<number>,
  region: Span,
  accept: (a: Anchor) => boolean,
): void {
  ms.forEach((m, i) => {
    if (m.anchor) return;
    const prev = ms
      .slice(0, i)
      .reverse()
      .find((x) => x.anchor);
    const next = ms.slice(i + 1).find((x) => x.anchor);
    const lo = prev ? prev.anchor!.span.start : region.start;
    const hi = next ? next.anchor!.span.start : region.end;
    const level = (prev ?? next)?.anchor?.level;
    const cands = anchors.filter(
      (a) =>
        !used.has(a.id) &&
        accept(a) &&
        a.span.start > lo &&
        a.span.start < hi &&
        (level === undefined || a.level === level),
    );
    if (cands.length !== 1) return;
    const score = scoreOf(m.item, cands[0]);
    if (score < 0.5) return;
    m.anchor = cands[0];
    m.score = score;
    used.add(cands[0].id);
  });
}

/** Headings left unassigned that match an already matched item as well: a duplicate section. */
function findDuplicates(
  ms: ItemMatch[],
  anchors: Anchor[],
  used: Set<number>,
  region: Span,
  analysis: Pick<StructureAnalysis, 'duplicates'>,
  accept: (a: Anchor) => boolean,
  min = 0.9,
): void {
  for (const a of anchors) {
    if (used.has(a.id) || !inRegion(a, region) || !accept(a)) continue;
    for (const m of ms) {
      if (!m.anchor || m.anchor.kind !== a.kind || m.anchor.level !== a.level) continue;
      if (scoreOf(m.item, a) >= Math.max(min, m.score - 0.002)) {
        analysis.duplicates.push({ anchor: a, of: m });
        used.add(a.id);
        break;
      }
    }
  }
}

const GLOSS_RE = new RegExp(
  `^(?:${NUM}+[、.．]|[（(]${NUM_OR_DIGIT}+[）)]|\\d{1,2}(?:[、．]|\\.(?!\\d)))?\\s*([^：:，。；]{2,30}?)[：:]`,
);

function matchGlossary(m: ItemMatch, doc: ReportDoc): void {
  const r = m.region!;
  const entries: GlossaryFound[] = [];
  for (const b of doc.blocks) {
    if (b.kind !== 'paragraph' || b.span.start < r.start || b.span.start >= r.end) continue;
    const g = GLOSS_RE.exec(b.text.text);
    if (!g) continue;
    const at = g[0].indexOf(g[1]);
    const span = b.text.span(at, at + g[1].length);
    entries.push({
      term: g[1],
      key: normTitle(g[1]),
      span,
      lineStart: doc.lines.lineStart(doc.lines.position(b.span.start).line),
      end: b.span.end,
      numbering: b.numbering,
    });
  }
  for (const s of doc.sections) {
    if (s.titleSpan.start < r.start || s.titleSpan.start >= r.end || s === m.anchor?.section) continue;
    const g = GLOSS_RE.exec(s.title);
    if (!g) continue;
    entries.push({
      term: g[1],
      key: normTitle(g[1]),
      span: s.titleSpan,
      lineStart: doc.lines.lineStart(doc.lines.position(s.titleSpan.start).line),
      end: s.span.end,
      numbering: s.numbering,
    });
  }
  entries.sort((a, b) => a.span.start - b.span.start);
  const missing = m.item.glossary.filter(
    (e) => !entries.some((x) => e.keys.some((k) => x.key === k || (k.length >= 3 && x.key.includes(k)))),
  );
  const seen = new Map<string, GlossaryFound>();
  const duplicates: GlossaryFound[] = [];
  for (const e of entries) {
    if (seen.has(e.key)) duplicates.push(e);
    else seen.set(e.key, e);
  }
  m.glossary = { entries, missing, duplicates };
}

/** Longest increasing subsequence of profile positions, in document order; the rest is out of order. */
function orderCheck(ms: ItemMatch[], out: OutOfOrder[]): void {
  const found = ms.filter((m) => m.anchor || m.region).sort((a, b) => startOf(a) - startOf(b));
  if (found.length < 2) return;
  const n = found.length;
  const len = new Array<number>(n).fill(1);
  const prev = new Array<number>(n).fill(-1);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if (found[j].item.index < found[i].item.index && len[j] + 1 > len[i]) {
        len[i] = len[j] + 1;
        prev[i] = j;
      }
    }
  }
  let best = 0;
  for (let i = 1; i < n; i++) if (len[i] > len[best]) best = i;
  const keep = new Set<ItemMatch>();
  for (let i = best; i >= 0; i = prev[i]) keep.add(found[i]);
  const kept = found.filter((m) => keep.has(m));
  for (const m of found) {
    if (keep.has(m)) continue;
    const before = kept.find((k) => k.item.index > m.item.index);
    const after = [...kept].reverse().find((k) => k.item.index < m.item.index);
    out.push({ match: m, before, after });
  }
}

function analyse(
  doc: ReportDoc,
  anchors: Anchor[],
  profile: Profile,
  how: StructureAnalysis['how'],
): StructureAnalysis {
  const used = new Set<number>();
  const analysis: StructureAnalysis = {
    profile,
    how,
    parts: [],
    score: 0,
    confident: how === 'front-matter',
    duplicates: [],
    outOfOrder: [],
    anchors,
  };
  const whole: Span = { start: 0, end: doc.source.length };
  // parts: 第X部分 headings first, caption lines after
  const got = assign(
    profile.parts,
    anchors,
    used,
    (a) =>
      (a.kind === 'section' && a.level === 2) ||
      (a.kind === 'section' && !!a.numbering?.startsWith('第')) ||
      a.kind === 'line',
  );
  analysis.parts = profile.parts.map((p) => {
    const c = got.get(p);
    return { item: p, anchor: c?.anchor, score: c?.score ?? 0, children: [], tables: [] };
  });
  setRegions(analysis.parts, whole);
  findDuplicates(analysis.parts, anchors, used, whole, analysis, (a) => a.kind === 'section' && a.level === 2);
  // found parts first, then the parts with no heading, searched between their neighbours
  const order = [...analysis.parts].sort((a, b) => Number(!a.anchor) - Number(!b.anchor));
  for (const m of order) matchPart(m, doc, anchors, used, analysis);
  setRegions(analysis.parts, whole);
  finish(analysis);
  analysis.excerpt = excerptOf(doc);
  return analysis;
}

/**
 * Whether the document is an excerpt (a web page, the first pages of a PDF): the file stops in the
 * middle of a line (no final line break, no closing punctuation), or its last paragraph (or last
 * table cell) stops mid-sentence — a clause of some length, with commas, and no closing
 * punctuation (a signature, a date or a table row is not such an ending).
 */
export function excerptOf(doc: ReportDoc): { end: number } | undefined {
  let last: { text: string; end: number } | undefined;
  for (const b of doc.blocks) {
    if (b.kind === 'comment') continue;
    if (last && b.span.end < last.end) continue;
    // a table cut short: its last cell's text
    const cells = b.kind === 'table' ? (b.rows[b.rows.length - 1] ?? []).filter((c) => c.text.text) : [];
    last = { text: b.kind === 'paragraph' ? b.text.text : (cells[cells.length - 1]?.text.text ?? ''), end: b.span.end };
  }
  // a file that stops without its final line break, in the middle of a line
  // (the blanks at its end dropped by a loop: a regex `[ ]+$` is quadratic over long runs of spaces)
  let n = doc.source.length;
  while (n > 0 && ' \t\u3000'.includes(doc.source[n - 1])) n--;
  const tail = doc.source.slice(0, n);
  if (tail && !/[\n\r]$/.test(tail) && !/[。！？!?…」”）)》】|]$/.test(tail)) return { end: tail.length };
  if (!last) return undefined;
  const text = last.text.trim();
  if (text.length < 20 || !/[，,、；;]/.test(text)) return undefined;
  return /[\u3400-\u9fff，,、（(“：:]$/.test(text) ? { end: last.end } : undefined;
}

/** A missing item the layout puts after everything an excerpt holds: not missing, only not there yet. */
export function pastTheEnd(a: StructureAnalysis, m: ItemMatch): boolean {
  if (!a.excerpt) return false;
  let lastPresent = -1;
  let at = -1;
  let i = 0;
  for (const x of allMatches(a)) {
    if (x.anchor || x.implicit) lastPresent = i;
    if (x === m) at = i;
    i++;
  }
  return at > lastPresent;
}

/** A part's sections, tables and glossary; a part with no heading is found through them. */
function matchPart(m: ItemMatch, doc: ReportDoc, anchors: Anchor[], used: Set<number>, analysis: StructureAnalysis) {
  let region = m.region;
  if (!region) {
    const i = analysis.parts.indexOf(m);
    const prev = analysis.parts
      .slice(0, i)
      .reverse()
      .find((x) => x.anchor);
    const next = analysis.parts.slice(i + 1).find((x) => x.anchor);
    region = { start: prev ? prev.anchor!.lineStart : 0, end: next ? next.anchor!.lineStart : doc.source.length };
  }
  matchChildren(m, anchors, used, region, analysis);
  if (!m.anchor) {
    // a part with no heading of its own is present through its content: its tables (printed
    // inline), or most of its sections
    const t = m.tables.filter((x) => x.anchor).length;
    const s = m.children.filter((x) => x.anchor).length;
    if (
      (m.item.inlineTables && m.item.tables.length && t * 2 >= m.item.tables.length) ||
      (m.item.children.length >= 2 && s * 2 > m.item.children.length)
    ) {
      m.implicit = !!m.item.tables.length && t * 2 >= m.item.tables.length;
      const starts = [...m.tables, ...m.children].filter((x) => x.anchor).map((x) => x.anchor!.lineStart);
      m.region = { start: Math.min(...starts), end: region.end };
    }
  }
  if (m.item.glossary.length && (m.region || m.anchor)) matchGlossary(m, doc);
  else if (m.item.glossary.length && !m.anchor) {
    // a glossary with no heading: its entries are there, after the part before it
    m.region = region;
    matchGlossary(m, doc);
    const hits = m.glossary!.entries.filter((e) =>
      m.item.glossary.some((g) => g.keys.some((k) => e.key === k || (k.length >= 3 && e.key.includes(k)))),
    );
    if (hits.length * 2 >= m.item.glossary.length) m.region = { start: hits[0].lineStart, end: region.end };
    else {
      m.region = undefined;
      m.glossary = undefined;
    }
  }
}

/** What is out of order at every level, the analysis's score, and whether it is confident. */
function finish(analysis: StructureAnalysis): void {
  orderCheck(analysis.parts, analysis.outOfOrder);
  const walk = (ms: ItemMatch[]) => {
    for (const m of ms) {
      if (m.children.length) {
        orderCheck(m.children, analysis.outOfOrder);
        walk(m.children);
      }
      if (m.tables.length) orderCheck(m.tables, analysis.outOfOrder);
    }
  };
  walk(analysis.parts);
  analysis.score = scoreAnalysis(analysis);
  if (!analysis.confident) {
    let required = 0;
    let found = 0;
    for (const m of allMatches(analysis)) {
      if (!m.item.required) continue;
      required++;
      if (m.anchor || m.implicit) found++;
    }
    analysis.confident = found >= 0.7 * required;
  }
}

function scoreAnalysis(a: StructureAnalysis): number {
  let s = 0;
  const walk = (ms: ItemMatch[], w: number) => {
    for (const m of ms) {
      if (m.anchor || m.implicit) s += w;
      else if (m.item.required) s -= w / 2;
      walk(m.children, 1);
      for (const t of m.tables) s += t.anchor ? 0.5 : t.item.required ? -0.25 : 0;
    }
  };
  walk(a.parts, 3);
  return s;
}

/** The alternation of a set of detect words (a pure function of the words). */
const DETECT = new CappedMemo<string, RegExp>(64);

/** Which of the profiles' detect words the text holds, in one pass. */
function detectWords(src: string, profiles: Profile[]): Set<string> {
  const words = [...new Set(profiles.flatMap((p) => p.detect))];
  const out = new Set<string>();
  if (!words.length) return out;
  const re = DETECT.through(
    words.join('|'),
    () => new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g'),
  );
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(src)) && out.size < words.length) out.add(m[0]);
  return out;
}

/**
 * The profile the document follows and its structure against it: the front matter's 模板 if
 * a profile has that id (or name), else the best-matching profile of the report's kind. Run
 * once per check (pipeline.ts); what outlives the check is in the engine's caches.
 */
/** The bigrams of every item key of a set of profiles (a pure function of the set). */
const PROFILE_BIGRAMS = new WeakMap<Profile[], Set<number>>();

function profileBigrams(profiles: Profile[]): Set<number> {
  let set = PROFILE_BIGRAMS.get(profiles);
  if (!set) {
    set = new Set();
    const add = (it: ProfileItem): void => {
      for (const k of it.keys) for (const b of BIGRAMS.through(k, bigramsOf)) set!.add(b);
      it.children.forEach(add);
      it.tables.forEach(add);
    };
    for (const p of profiles) p.parts.forEach(add);
    PROFILE_BIGRAMS.set(profiles, set);
  }
  return set;
}

/**
 * The anchors that may match an item: a caption line sharing no bigram with any item key scores 0
 * against all (similarity is bigrams, or one key containing the other), so it is left out before
 * matching. A table of 20,000 rows in a text export is 20,000 such lines, each scored against
 * every item of every profile.
 */
function relevant(anchors: Anchor[], profiles: Profile[]): Anchor[] {
  const known = profileBigrams(profiles);
  return anchors.filter((a) => a.kind === 'section' || a.bigrams.some((b) => known.has(b)));
}

export function structureOf(doc: ReportDoc, extra: unknown[] | undefined, caches: EngineCaches): ProfileChoice {
  const { profiles, errors, choices } = allProfiles(extra, caches);
  const choice: ProfileChoice = { errors };
  const anchors = relevant(anchorsOf(doc), profiles);
  const tpl = doc.meta.template;
  const named = tpl ? profiles.find((p) => p.id === tpl || p.name['zh-CN'] === tpl || p.name.en === tpl) : undefined;
  if (named) choice.analysis = analyse(doc, anchors, named, 'front-matter');
  else {
    if (tpl) choice.unknownTemplate = tpl;
    const best = detect(doc, anchors, profiles, choices);
    if (best) {
      choice.analysis = best;
      choice.unknownTemplate = tpl;
    }
  }
  return choice;
}

/** The best-matching profile of the report's kind, by its structure and its detect words. */
function detect(
  doc: ReportDoc,
  anchors: Anchor[],
  profiles: Profile[],
  choices: CappedMemo<string, string>,
): StructureAnalysis | undefined {
  const kind = doc.meta.kind;
  const cands = profiles.filter((p) => !kind || !p.kinds.length || p.kinds.includes(kind));
  let best: StructureAnalysis | undefined;
  let bestScore = -Infinity;
  // the choice depends on the headings and the detect words only: remembered across checks
  const present = detectWords(doc.source, cands);
  const detectMask = [...present].sort().join(',');
  const sig = `${kind ?? ''}|${cands.map((p) => p.id).join(',')}|${detectMask}|${anchors
    .map((a) => a.key)
    .join('\u0001')}`;
  const known = choices.get(sig);
  const tried = known !== undefined ? cands.filter((p) => p.id === known) : cands;
  for (const p of tried) {
    const a = analyse(doc, anchors, p, 'detected');
    const found = a.parts.filter((m) => m.anchor || m.implicit).length;
    if (found < 2) continue;
    let score = a.score;
    for (const w of p.detect) if (present.has(w)) score += 1;
    if (score > bestScore) {
      best = a;
      bestScore = score;
    }
  }
  if (known === undefined) choices.set(sig, best ? best.profile.id : '');
  return best;
}

/** Every match of an analysis (parts, sections, tables), depth first. */
export function* allMatches(a: StructureAnalysis): Generator<ItemMatch> {
  const walk = function* (m: ItemMatch): Generator<ItemMatch> {
    yield m;
    for (const c of m.children) yield* walk(c);
    for (const t of m.tables) yield t;
  };
  for (const p of a.parts) yield* walk(p);
}

/** Whether a match and all its ancestors are present (so its absence is worth reporting). */
export function parentPresent(m: ItemMatch): boolean {
  for (let p = m.parent; p; p = p.parent) if (!p.anchor && !p.implicit && !p.region) return false;
  return true;
}
