/**
 * The table of contents (目录) as a list of entries with their source spans and numbering. The
 * readers keep it out of the outline: the Markdown importer writes it inside an HTML comment
 * (「<!-- 目录 …」), the plain-text reader skips its lines; here it is read back as a list.
 * Plain text: from the 「目录」 line, the short lines that follow (leaders and page numbers
 * dropped) until a line of prose, or until an entry repeats (the body's first heading).
 */
import { cnNumber, type ReportDoc } from '../read/model';
import { NUM } from '../knowledge/numbering';
import type { Span } from '../types';

export interface TocEntry {
  /** The entry's text, leaders and page number dropped. */
  text: string;
  span: Span;
  numbering?: { level: number; n: number; token: string };
}

const TOC_HEAD = /^[^\S\n]*目[^\S\n]*录[^\S\n]*$/;
const LEADERS = /[\s.·…．_-]*(?:…{2,}|\.{4,}|·{4,}|_{4,}|-{4,})[\s.·…．_-]*\d*\s*$|\s+\d{1,3}\s*$/;
/** A line of prose ends the list: a sentence mark, an amount (a table row), or a long line. */
const PROSE = /[。；;]|\d\.\d{2}(?!\d)|\d{1,3}(?:,\d{3})+/;
const MAX_ENTRY = 60;
const NUMBERINGS: Array<{ re: RegExp; level: number }> = [
  { re: new RegExp(`^第(${NUM}+)部分`), level: 2 },
  { re: new RegExp(`^(${NUM}+)[、．.]`), level: 3 },
  { re: new RegExp(`^[（(](${NUM}+)[）)]`), level: 4 },
  { re: /^(\d{1,2})(?:[、．]|\.(?!\d)|\.(?=\d{4}年))/, level: 5 },
  { re: /^[（(](\d{1,2})[）)]/, level: 6 },
];

function numberingOf(text: string): TocEntry['numbering'] {
  for (const { re, level } of NUMBERINGS) {
    const m = re.exec(text);
    const n = m ? cnNumber(m[1]) : undefined;
    if (m && n !== undefined) return { level, n, token: m[0] };
  }
  return undefined;
}

/** A Markdown list marker or a trailing HTML comment around an entry. */
const MD_LIST = /^(?:[-*+]|\d{1,2}\))\s+/;
const MD_COMMENT = /\s*<!--.*?-->\s*$/;

/** The longest line read as an entry; a longer one is prose (and the end-anchored patterns stay linear). */
const MAX_LINE = 400;

function entry(src: string, start: number, end: number): TocEntry | undefined {
  if (end - start > MAX_LINE) {
    const raw = src.slice(start, end);
    const text = raw.trim();
    const s = start + raw.length - raw.trimStart().length;
    return text ? { text, span: { start: s, end: s + text.length } } : undefined;
  }
  let raw = src.slice(start, end).replace(MD_COMMENT, '');
  const list = MD_LIST.exec(raw.trimStart());
  if (list) raw = raw.replace(list[0], ' '.repeat(list[0].length));
  const lead = raw.length - raw.trimStart().length;
  const text = raw.trim().replace(LEADERS, '').trim();
  if (!text) return undefined;
  const s = start + lead;
  return { text, span: { start: s, end: s + text.length }, numbering: numberingOf(text) };
}

/** Entries of the lines [from, to) of the source, stopping at prose or at a repeated entry. */
function entriesOfLines(src: string, from: number, to: number, stopAtProse: boolean): TocEntry[] {
  const out: TocEntry[] = [];
  const seen = new Set<string>();
  let at = from;
  while (at < to) {
    let nl = src.indexOf('\n', at);
    if (nl < 0 || nl > to) nl = to;
    const e = entry(src, at, nl);
    at = nl + 1;
    if (!e) continue;
    if (stopAtProse && (PROSE.test(e.text) || e.text.length > MAX_ENTRY)) break;
    const key = e.text.replace(/\s+/g, '');
    if (seen.has(key)) break;
    seen.add(key);
    out.push(e);
  }
  return out;
}

/** The 目录 of a document, as its entries in order (empty when it has none). */
export function tocOf(doc: ReportDoc): TocEntry[] {
  const src = doc.source;
  if (doc.format === 'markdown') {
    for (const b of doc.blocks) {
      if (b.kind !== 'comment') continue;
      const text = src.slice(b.span.start, b.span.end);
      const m = /^<!--[^\S\n]*目[^\S\n]*录[^\n]*\n/.exec(text);
      if (!m) continue;
      const close = text.lastIndexOf('-->');
      return entriesOfLines(src, b.span.start + m[0].length, b.span.start + (close < 0 ? text.length : close), false);
    }
    // a hand-written 目录 section: its lines are the entries
    const sec = doc.sections.find((s) => TOC_HEAD.test(src.slice(s.titleSpan.start, s.titleSpan.end)));
    if (sec) return entriesOfLines(src, sec.titleSpan.end, sec.span.end, false);
    return [];
  }
  if (doc.format !== 'text') return [];
  let at = 0;
  while (at < src.length) {
    let nl = src.indexOf('\n', at);
    if (nl < 0) nl = src.length;
    if (TOC_HEAD.test(src.slice(at, nl).replace(/\r$/, ''))) return entriesOfLines(src, nl + 1, src.length, true);
    at = nl + 1;
  }
  return [];
}
