/**
 * The units a scoped rule checks one at a time (RuleMeta.scope), each with the key an engine
 * keeps its findings by between checks (incremental checks, ARCHITECTURE.md).
 *
 * - 'block': a paragraph, a table (its cells) or a heading of the checked document, with its
 *   pieces (read/pieces.ts): what a text rule scanning `ctx.pieces()` reads of it.
 * - 'perf-sheet': a 绩效自评表 read (facts/perf-sheet.ts), self-contained.
 *
 * A unit's key is its text and what its reading depends on: for a block the extraction cache's
 * key (facts/block-cache.ts: its source text, its section's scope, a table's caption and unit),
 * for a heading its text, for a 自评表 the text of its span (caption to last row) and the scoring
 * conventions. A unit without a key (a document not read from Markdown, a report read from
 * traditional characters, a 自评表 a reader built) is checked on every check.
 *
 * rules/runner.ts runs the rules and keeps the findings of each unit.
 */
import type { Ctx } from './context';
import type { FindingSpec } from './rule';
import type { PerfSheet } from '../facts/perf-sheet';
import { blockKey } from '../facts/block-cache';
import { blockPieces, headingPiece, type Piece } from '../read/pieces';
import type { Paragraph, ReportDoc, Section, TableBlock } from '../read/model';
import type { Span } from '../types';

export type Scope = 'document' | 'block' | 'perf-sheet';

/** A block or heading of the checked document. */
export interface TextUnit {
  kind: 'paragraph' | 'table' | 'heading';
  span: Span;
  pieces: Piece[];
  block?: Paragraph | TableBlock;
  section?: Section;
}

export type UnitOf<S extends Scope> = S extends 'block' ? TextUnit : S extends 'perf-sheet' ? PerfSheet : never;

export interface Unit {
  value: unknown;
  doc: ReportDoc;
  span: Span;
  /** Its text and context (undefined: not kept). */
  key?: string;
  /** The findings kept under its key, by rule (rules/runner.ts; null: none yet), once looked up. */
  kept?: Map<string, Kept> | null;
}

/** A unit's findings as a rule stated them, and where the unit started. */
export interface Kept {
  start: number;
  specs: FindingSpec[];
}

const unitsByCtx = new WeakMap<Ctx, Map<Scope, Unit[]>>();

/** The units of a scope in the document checked, in document order, made once per check. */
export function unitsOf(ctx: Ctx, scope: Scope): Unit[] {
  let byScope = unitsByCtx.get(ctx);
  if (!byScope) unitsByCtx.set(ctx, (byScope = new Map()));
  let units = byScope.get(scope);
  if (!units)
    byScope.set(scope, (units = scope === 'block' ? textUnits(ctx) : scope === 'perf-sheet' ? sheets(ctx) : []));
  return units;
}

function textUnits(ctx: Ctx): Unit[] {
  const { doc } = ctx;
  const keep = doc.format === 'markdown' && !doc.written;
  const out: Unit[] = [];
  // the order of ctx.pieces(): the blocks, then the headings
  for (const b of doc.blocks) {
    if (b.kind === 'comment') continue;
    const value: TextUnit = { kind: b.kind, span: b.span, pieces: blockPieces(b), block: b };
    out.push({ value, doc, span: b.span, key: keep ? blockKey(doc, b) : undefined });
  }
  for (const s of doc.sections) {
    const piece = headingPiece(doc, s);
    const value: TextUnit = { kind: 'heading', span: s.titleSpan, pieces: [piece], section: s };
    out.push({ value, doc, span: s.titleSpan, key: keep ? `h\u0000${piece.text}` : undefined });
  }
  return out;
}

function sheets(ctx: Ctx): Unit[] {
  const conventions = JSON.stringify(ctx.perf.conventions);
  return ctx.perf.sheets.map((sheet) => {
    const { doc, table } = sheet;
    // a table read from the document's text is a function of the text of its span
    const keep = !doc.perfTables && !doc.written && !ctx.doc.written && doc.format !== 'yaml';
    const key = keep
      ? `s\u0000${doc === ctx.doc ? '' : (doc.path ?? '?')}\u0000${conventions}\u0000${doc.source.slice(
          table.span.start,
          table.span.end,
        )}`
      : undefined;
    return { value: sheet, doc, span: table.span, key };
  });
}
