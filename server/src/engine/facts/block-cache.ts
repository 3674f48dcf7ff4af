/**
 * The facts of one block (a paragraph or a table), kept between checks by the block's text and
 * what its reading depends on, so that an edit re-reads only the blocks it changed (issue 12).
 *
 * A block's facts are a pure function of its source text and of a little context: the scope of
 * its section (a paragraph's labels are read in it), and for a table its caption, its stated unit,
 * whether the caption is its own printed name and the report's amount unit. The key is that text
 * and that context, not the block's place: a block moved by an edit before it is found again, and
 * its facts are copied with every source position shifted by how far it moved, pointing at the
 * new paragraph, section and table block, with fresh fact ids in the order the reading gave them.
 * The cached copy is never handed out (the extraction's post-processing and the later stages get
 * copies), so nothing a check does to its facts reaches the next check.
 *
 * Only Markdown blocks are cached: there a block's cleaned text and source map are a function of
 * the source lines of its span alone (read/markdown.ts `inlineText`, `splitRow`). A YAML tables
 * file the engine keeps parsed (the same document object) has its whole extraction kept instead.
 */
import type { Block, Paragraph, ReportDoc, Section, TableBlock } from '../read/model';
import type { Span } from '../types';
import { CappedMemo } from '../util/cache';
import type { BudgetPair, BudgetRel, ChangeRel, Extraction, Fact, Marker, ShareRel, WordRef } from './extract';
import { nextFactId } from './ids';
import type { TableModel, TableRow } from './tables';
import { pushAll } from '../util/array';

/** What one block adds to an extraction, and where the block started when it was read. */
export interface BlockFacts {
  start: number;
  facts: Fact[];
  shares: ShareRel[];
  changes: ChangeRel[];
  budgets: BudgetRel[];
  markers: Marker[];
  qizhong: Array<[Fact, Fact]>;
  tables: TableModel[];
  budgetGroups: BudgetPair[];
}

export class ExtractionCache {
  /** Blocks' facts by key (text and context); identical blocks (a repeated section) share one entry. */
  readonly blocks = new CappedMemo<string, BlockFacts>(4096);
  /** Whole extractions of documents kept parsed by the engine (a linked tables file), by the document. */
  readonly docs = new WeakMap<ReportDoc, BlockFacts>();
}

/** The cache key of a block of a Markdown document: its source text and its context. */
export function blockKey(doc: ReportDoc, b: Paragraph | TableBlock): string {
  const text = doc.source.slice(b.span.start, b.span.end);
  // a block at offset 0 may hold an empty span {0,0} that is its own position: never moved
  const at0 = b.span.start === 0 ? '0' : '';
  if (b.kind === 'paragraph') return `p${at0}\u0000${b.section.scope}\u0000${text}`;
  return `t${at0}\u0000${doc.meta.amountUnit}\u0000${b.unit ?? ''}\u0000${b.named ? 1 : 0}\u0000${
    b.caption ?? '\u0001'
  }\u0000${b.section.scope}\u0000${text}`;
}

/** A fresh extraction for one block's reading. */
export function emptyExtraction(): Extraction {
  return {
    facts: [],
    shares: [],
    changes: [],
    budgets: [],
    markers: [],
    qizhong: new Map(),
    tables: [],
    budgetGroups: [],
  };
}

/** What a block's reading put in a fresh extraction, as that block's facts. */
export function blockFactsOf(ex: Extraction, start: number): BlockFacts {
  return {
    start,
    facts: ex.facts,
    shares: ex.shares,
    changes: ex.changes,
    budgets: ex.budgets,
    markers: ex.markers,
    qizhong: [...ex.qizhong],
    tables: ex.tables,
    budgetGroups: ex.budgetGroups ?? [],
  };
}

/** Where a copy goes: the block's new place and objects (none: the same place and objects). */
export interface Target {
  start: number;
  block?: Block;
  freshIds: boolean;
}

/** A copy of a block's facts for its new place (appended to `into` when given). */
export function relocate(src: BlockFacts, to: Target, into?: Extraction): BlockFacts {
  const r = new Relocator(to.start - src.start, to.block);
  const out: BlockFacts = {
    start: to.start,
    facts: src.facts.map((f) => r.fact(f)),
    shares: src.shares.map((s) => r.share(s)),
    changes: src.changes.map((c) => r.change(c)),
    budgets: src.budgets.map((b) => r.budget(b)),
    markers: src.markers.map((m) => r.marker(m)),
    qizhong: src.qizhong.map(([a, b]) => [r.fact(a), r.fact(b)]),
    tables: src.tables.map((t) => r.table(t)),
    budgetGroups: src.budgetGroups.map((g) => r.group(g)),
  };
  if (to.freshIds) r.renumber();
  if (into) append(into, out);
  return out;
}

export function append(ex: Extraction, b: BlockFacts): void {
  pushAll(ex.facts, b.facts);
  pushAll(ex.shares, b.shares);
  pushAll(ex.changes, b.changes);
  pushAll(ex.budgets, b.budgets);
  pushAll(ex.markers, b.markers);
  for (const [k, v] of b.qizhong) ex.qizhong.set(k, v);
  pushAll(ex.tables, b.tables);
  if (b.budgetGroups.length) pushAll((ex.budgetGroups ??= []), b.budgetGroups);
}

/** Copies a block's objects: positions shifted, references to the old block replaced, facts copied once each. */
class Relocator {
  private readonly facts = new Map<Fact, Fact>();
  private readonly valueArrays = new Map<readonly Fact[], readonly Fact[]>();
  private readonly rows = new Map<TableRow, TableRow>();
  constructor(
    private readonly delta: number,
    private readonly block: Block | undefined,
  ) {}

  span(s: Span): Span {
    // an empty source map's span is {0,0} wherever the block is (MappedText.span): not a position
    if (this.delta === 0 || (s.start === 0 && s.end === 0)) return { start: s.start, end: s.end };
    return { start: s.start + this.delta, end: s.end + this.delta };
  }
  private section(s: Section): Section {
    return this.block && this.block.kind !== 'comment' ? this.block.section : s;
  }
  private word(w: WordRef): WordRef {
    return { word: w.word, span: this.span(w.span) };
  }

  fact(f: Fact): Fact {
    const hit = this.facts.get(f);
    if (hit) return hit;
    const b = this.block;
    const copy: Fact = {
      ...f,
      span: this.span(f.span),
      fullSpan: this.span(f.fullSpan),
      section: this.section(f.section),
    };
    if (f.paragraph && b?.kind === 'paragraph') copy.paragraph = b;
    this.facts.set(f, copy);
    return copy;
  }
  /** Fresh ids for the copies, in the order of the originals' ids (the order of a first reading). */
  renumber(): void {
    const order = [...this.facts].sort((a, b) => a[0].id - b[0].id);
    for (const [, copy] of order) copy.id = nextFactId();
  }
  /** A sentence's values, copied once for every run that shares them. */
  private values(vs: readonly Fact[]): readonly Fact[] {
    let hit = this.valueArrays.get(vs);
    if (!hit) this.valueArrays.set(vs, (hit = vs.map((f) => this.fact(f))));
    return hit;
  }
  share(s: ShareRel): ShareRel {
    const copy = {
      ...s,
      pct: this.fact(s.pct),
      preceding: { ...s.preceding, values: this.values(s.preceding.values) },
    };
    if (s.part) copy.part = this.fact(s.part);
    if (s.whole) copy.whole = this.fact(s.whole);
    return copy;
  }
  change(c: ChangeRel): ChangeRel {
    const copy = { ...c };
    if (c.current) copy.current = this.fact(c.current);
    if (c.delta) copy.delta = this.fact(c.delta);
    if (c.rate) copy.rate = this.fact(c.rate);
    if (c.deltaWord) copy.deltaWord = this.word(c.deltaWord);
    if (c.rateWord) copy.rateWord = this.word(c.rateWord);
    if (c.flat) copy.flat = this.word(c.flat);
    return copy;
  }
  budget(b: BudgetRel): BudgetRel {
    const copy = { ...b, budgets: b.budgets.map((f) => this.fact(f)), rate: this.fact(b.rate) };
    if (b.actual) copy.actual = this.fact(b.actual);
    if (b.rateBudgetWord) copy.rateBudgetWord = this.word(b.rateBudgetWord);
    return copy;
  }
  group(g: BudgetPair): BudgetPair {
    const copy = { ...g, budgets: g.budgets.map((f) => this.fact(f)) };
    if (g.actual) copy.actual = this.fact(g.actual);
    return copy;
  }
  marker(m: Marker): Marker {
    const copy = { ...m, span: this.span(m.span) };
    if (m.fix) copy.fix = { span: this.span(m.fix.span), newText: m.fix.newText };
    return copy;
  }
  table(t: TableModel): TableModel {
    return {
      ...t,
      block: this.block?.kind === 'table' ? this.block : t.block,
      rows: t.rows.map((row) => this.row(row)),
      facts: t.facts.map((f) => this.fact(f)),
      sums: t.sums.map((s) => ({ total: this.fact(s.total), parts: s.parts.map((f) => this.fact(f)), title: s.title })),
    };
  }
  private row(row: TableRow): TableRow {
    const hit = this.rows.get(row);
    if (hit) return hit;
    const copy: TableRow = { ...row, nameSpan: this.span(row.nameSpan), cells: new Map() };
    this.rows.set(row, copy);
    for (const [k, f] of row.cells) copy.cells.set(k, this.fact(f));
    if (row.parent) copy.parent = this.row(row.parent);
    return copy;
  }
}
