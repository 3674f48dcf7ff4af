/**
 * The body of a Markdown report read chunk by chunk (issue 12): split before its headings, each
 * chunk parsed on its own and kept by its text in the engine's cache, so that an edit parses again
 * only the chunk it changed. A kept chunk's sections and blocks are copied to its new place (every
 * source position shifted by how far the chunk moved, the sections numbered again); the model is
 * the one a parse of the whole text gives.
 *
 * A chunk is cut only where a parse of the whole text must start a new heading whatever came
 * before: a line starting with 1–6 # at the first column, after a blank line (which ends every
 * paragraph, table, block quote, list item, indented code and HTML block of the kinds that end at
 * a blank line), and not after anything in the chunk that could still be open there: a code fence
 * line, or a line starting with `<` other than a comment closed on that line. Where that cannot be
 * told, the chunk goes on (a report with a stray fence is read in fewer, larger chunks).
 */
import { CappedMemo } from '../util/cache';
import { MappedText } from '../util/text';
import type { Block, Cell, Section } from './model';

/** One chunk as read on its own: positions relative to its start, its blocks before its first heading under `root`. */
interface ChunkRead {
  root: Section;
  sections: Section[];
  blocks: Block[];
}

export class ChunkCache {
  /** Chunks by their text; identical chunks (a repeated section) share one entry. */
  readonly chunks = new CappedMemo<string, ChunkRead>(2048);
}

type ReadBody = (source: string, body: string, root: Section) => { sections: Section[]; blocks: Block[] };

/** The sections and blocks of the body from `bodyStart`, chunk by chunk through the cache. */
export function readChunked(
  source: string,
  bodyStart: number,
  root: Section,
  cache: ChunkCache,
  readBody: ReadBody,
): { sections: Section[]; blocks: Block[] } {
  const sections: Section[] = [];
  const blocks: Block[] = [];
  for (const [a, b] of chunksOf(source, bodyStart)) {
    const text = source.slice(a, b);
    let kept = cache.chunks.get(text);
    if (!kept) {
      const own = localRoot(text.length);
      kept = { root: own, ...readBody(text, text, own) };
      cache.chunks.set(text, kept);
    }
    place(kept, a, root, sections, blocks);
  }
  for (let i = 0; i < sections.length; i++) sections[i].id = i + 1;
  return { sections, blocks };
}

function localRoot(length: number): Section {
  return {
    id: 0,
    level: 0,
    title: '',
    titleSpan: { start: 0, end: 0 },
    span: { start: 0, end: length },
    children: [],
    scope: 'all',
  };
}

/** The chunks of the body: [start, end) offsets, cut before the headings that start a new block whatever precedes. */
export function chunksOf(source: string, bodyStart: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = bodyStart;
  let open = false;
  let prevBlank = true;
  let at = bodyStart;
  while (at < source.length) {
    let end = source.indexOf('\n', at);
    if (end < 0) end = source.length;
    const c = source.charCodeAt(at);
    if (c === 35 /* # */ && at > start && prevBlank && !open && atxHeading(source, at, end)) {
      out.push([start, at]);
      start = at;
    }
    if (!open && mayStayOpen(source, at, end)) open = true;
    prevBlank = blank(source, at, end);
    at = end + 1;
  }
  out.push([start, source.length]);
  return out;
}

/** `#` … `######` followed by a space, a tab or the end of the line. */
function atxHeading(source: string, at: number, end: number): boolean {
  let i = at;
  while (i < end && i - at < 7 && source.charCodeAt(i) === 35) i++;
  const n = i - at;
  if (n > 6) return false;
  const next = source.charCodeAt(i);
  return i === end || next === 32 || next === 9 || next === 13;
}

function blank(source: string, at: number, end: number): boolean {
  for (let i = at; i < end; i++) {
    const c = source.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/** A code fence, or a line starting with `<` (an HTML block) other than a comment closed on it. */
function mayStayOpen(source: string, at: number, end: number): boolean {
  let i = at;
  while (i < end && (source.charCodeAt(i) === 32 || source.charCodeAt(i) === 9)) i++;
  const c = source.charCodeAt(i);
  if (c === 96 /* ` */ || c === 126 /* ~ */) return source.startsWith(c === 96 ? '```' : '~~~', i);
  if (c !== 60 /* < */) return false;
  if (!source.startsWith('<!--', i)) return true;
  const close = source.indexOf('-->', i + 2);
  return close < 0 || close + 3 > end;
}

/** A kept chunk's sections and blocks, copied to the chunk's place at `offset` under the document's root. */
function place(kept: ChunkRead, offset: number, root: Section, sections: Section[], blocks: Block[]): void {
  const span = (s: { start: number; end: number }) => ({ start: s.start + offset, end: s.end + offset });
  const text = (t: MappedText) =>
    offset === 0
      ? t
      : new MappedText(
          t.text,
          t.map.map((x) => x + offset),
        );
  const cell = (c: Cell): Cell => ({ text: text(c.text), span: span(c.span) });
  const of = new Map<Section, Section>([[kept.root, root]]);
  for (const s of kept.sections) {
    // an empty title's span is {0,0} wherever the heading is (MappedText.span): not a position
    const titleSpan = s.titleSpan.start === 0 && s.titleSpan.end === 0 ? { start: 0, end: 0 } : span(s.titleSpan);
    const copy: Section = { ...s, titleSpan, span: span(s.span), children: [] };
    of.set(s, copy);
    sections.push(copy);
  }
  for (const b of kept.blocks) {
    if (b.kind === 'comment') blocks.push({ ...b, span: span(b.span) });
    else if (b.kind === 'paragraph')
      blocks.push({ ...b, text: text(b.text), span: span(b.span), section: of.get(b.section)! });
    else
      blocks.push({
        ...b,
        header: b.header.map(cell),
        rows: b.rows.map((r) => r.map(cell)),
        span: span(b.span),
        section: of.get(b.section)!,
      });
  }
}
