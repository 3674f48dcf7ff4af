/**
 * The document's text as pieces (paragraphs, table cells, headings) joined into one string, so
 * a rule scans all of it with one regex pass and maps each hit back to its piece and its exact
 * source span. Built once per check (Ctx.pieces) and shared by the rules.
 */
import type { Paragraph, ReportDoc, Section, TableBlock } from './model';
import type { MappedText } from '../util/text';
import type { Span } from '../types';

export interface Piece {
  text: string;
  kind: 'paragraph' | 'cell' | 'heading';
  /** Cleaned text with its source map (paragraphs, cells), or the heading's source offset. */
  mapped?: MappedText;
  offset?: number;
}

export interface Pieces {
  pieces: Piece[];
  /** Every piece's text, each followed by a U+0000. */
  all: string;
  /** Where each piece starts in `all`. */
  starts: number[];
}

/** The pieces of a document; the pipeline makes them once per check (Ctx.pieces). */
export function piecesOf(doc: ReportDoc): Pieces {
  const pieces: Piece[] = [];
  for (const b of doc.blocks) if (b.kind !== 'comment') blockPieces(b, pieces);
  for (const s of doc.sections) pieces.push(headingPiece(doc, s));
  return joined(pieces);
}

/** Pieces joined into one text for one-pass scans. */
export function joined(pieces: Piece[]): Pieces {
  const starts: number[] = [];
  const parts: string[] = [];
  let n = 0;
  for (const p of pieces) {
    starts.push(n);
    parts.push(p.text);
    n += p.text.length + 1;
  }
  return { pieces, all: parts.join('\u0000') + '\u0000', starts };
}

/** The pieces of one block: a paragraph's text, a table's non-empty cells. */
export function blockPieces(b: Paragraph | TableBlock, out: Piece[] = []): Piece[] {
  if (b.kind === 'paragraph') out.push({ text: b.text.text, kind: 'paragraph', mapped: b.text });
  else
    for (const row of b.header.length ? [b.header, ...b.rows] : b.rows)
      for (const c of row) if (c.text.text) out.push({ text: c.text.text, kind: 'cell', mapped: c.text });
  return out;
}

/** A section's heading as a piece. */
export function headingPiece(doc: ReportDoc, s: Section): Piece {
  return { text: doc.source.slice(s.titleSpan.start, s.titleSpan.end), kind: 'heading', offset: s.titleSpan.start };
}

/** The piece a position of `all` falls in. */
export function pieceAt(p: Pieces, at: number): number {
  let lo = 0;
  let hi = p.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (p.starts[mid] <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Source span of [a, b) of a piece's text. */
export function pieceSpan(p: Piece, a: number, b: number): Span {
  if (p.mapped) return p.mapped.span(a, b);
  return { start: p.offset! + a, end: p.offset! + b };
}
