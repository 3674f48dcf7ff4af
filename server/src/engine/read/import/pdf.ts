/**
 * PDF import: a published report (bytes) to the Markdown Suanpan reads, with the page of every
 * line. Text runs and ruling lines come from pdf.js (pdf-extract.ts), tables from the rulings
 * (pdf-table.ts); the rest of the page is rebuilt here: lines by baseline, page headers, footers
 * and page numbers dropped, the cover's title, the 目录 kept apart, headings from the outline
 * numbering, paragraphs joined across line and page breaks, table captions, units and notes.
 */
import { extractPages, ImportError, type ExtractOptions, type PageContent } from './pdf-extract';
import { alignRows, tablesOnPage, type GridTable } from './pdf-table';
import { gapTables } from './pdf-columns';
import { linesOf, lineText, joinText, partSpace, type RunLine } from './text';
import { looksLikeCaption, looksLikeHeading, numberPartsFromToc, outlineLevel, writeMarkdown } from './blocks';
import type { Block, ImportResult } from './blocks';
import { endWithout } from '../../util/text';
import { pushAll } from '../../util/array';

export { ImportError } from './pdf-extract';
export type { ImportResult } from './blocks';

type Element =
  { kind: 'line'; line: RunLine; text: string; page: number } | { kind: 'table'; t: GridTable; page: number };

const PAGE_NO =
  /^(?:[-—–－\s]*\d{1,4}[-—–－\s]*|第\s*\d+\s*页(?:\s*[/／共]\s*\d+\s*页?)?|\d+\s*[/／]\s*\d+|[-—–]\s*[ivxlcIVXLC]+\s*[-—–])$/;

/** Lines in the top and bottom bands that are page numbers or repeat on several pages. */
function runningLines(pages: Array<{ p: PageContent; lines: RunLine[] }>): Set<RunLine> {
  const out = new Set<RunLine>();
  const inBand = (p: PageContent, l: RunLine) => l.y > p.height * 0.93 || l.y < p.height * 0.075;
  const count = new Map<string, number>();
  const key = (l: RunLine) => lineText(l).replace(/\d+/g, '#');
  for (const { p, lines } of pages)
    for (const l of lines) if (inBand(p, l)) count.set(key(l), (count.get(key(l)) ?? 0) + 1);
  for (const { p, lines } of pages)
    for (const l of lines) {
      if (!inBand(p, l)) continue;
      if (PAGE_NO.test(lineText(l)) || (count.get(key(l)) ?? 0) >= 3) out.add(l);
    }
  return out;
}

interface Margins {
  left: number;
  right: number;
}

/** The text block's edges for pages of each width: the most common line start, the 90th percentile end. */
function marginsOf(pages: Array<{ p: PageContent; lines: RunLine[] }>): Map<number, Margins> {
  const by = new Map<number, RunLine[]>();
  for (const { p, lines } of pages) {
    const w = Math.round(p.width);
    by.set(w, [...(by.get(w) ?? []), ...lines.filter((l) => lineText(l).length >= 12)]);
  }
  const out = new Map<number, Margins>();
  for (const [w, ls] of by) {
    const xs = new Map<number, number>();
    for (const l of ls) xs.set(Math.round(l.x), (xs.get(Math.round(l.x)) ?? 0) + 1);
    const left = [...xs].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 0;
    const ends = ls.map((l) => l.x2).sort((a, b) => a - b);
    out.set(w, { left, right: ends[Math.floor(ends.length * 0.9)] ?? w });
  }
  return out;
}

/** The body text size: the size most characters are set in. */
function bodySize(pages: Array<{ lines: RunLine[] }>): number {
  const n = new Map<number, number>();
  for (const { lines } of pages)
    for (const l of lines) n.set(Math.round(l.size), (n.get(Math.round(l.size)) ?? 0) + lineText(l).length);
  return [...n].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 12;
}

/** Every page's elements in reading order: lines outside tables and the tables, top down. */
function elementsOf(
  pages: PageContent[],
  warnings: string[],
): { elements: Element[]; size: number; margins: Map<number, Margins> } {
  const laid = pages.map((p) => {
    const used = new Set<import('./pdf-extract').TextRun>();
    const tables = tablesOnPage(p.segments, p.runs, used);
    let lines = linesOf(p.runs.filter((r) => !used.has(r)));
    // tables set without ruling lines: by the gaps between the runs
    const byGaps = gapTables(lines);
    if (byGaps.length) {
      const taken = new Set(byGaps.flatMap((g) => g.lines));
      lines = lines.filter((l) => !taken.has(l));
      pushAll(
        tables,
        byGaps.map((g) => g.table),
      );
    }
    return { p, tables, lines };
  });
  const running = runningLines(laid);
  const elements: Element[] = [];
  for (const { p, tables, lines } of laid) {
    const els: Array<Element & { y: number }> = [
      ...lines
        .filter((l) => !running.has(l))
        .map((line) => ({ kind: 'line' as const, line, text: partSpace(lineText(line)), page: p.number, y: line.y })),
      ...tables.map((t) => ({ kind: 'table' as const, t, page: p.number, y: t.top })),
    ];
    els.sort((a, b) => b.y - a.y);
    pushAll(elements, els);
  }
  if (!elements.length) warnings.push('没有可读的文字 (no readable text)');
  return { elements, size: bodySize(laid), margins: marginsOf(laid) };
}

interface Flow {
  blocks: Block[];
  para?: { text: string; page: number; last: RunLine; width: number };
  toc?: { entries: string[]; page: number; first?: string; leaders?: boolean; last?: number };
  lastTable?: { block: Extract<Block, { kind: 'table' }>; t: GridTable };
  heading?: { block: Extract<Block, { kind: 'heading' }>; line: RunLine };
}

function flush(f: Flow): void {
  if (f.para) f.blocks.push({ kind: 'para', text: f.para.text, page: f.para.page });
  f.para = undefined;
}

function endToc(f: Flow): void {
  if (f.toc) f.blocks.push({ kind: 'toc', entries: f.toc.entries, page: f.toc.page });
  f.toc = undefined;
}

/** A page number at the end of an entry (ends with a digit), as /[\s.·…．_-]*\d{1,3}$/. */
function tocTail(s: string): boolean {
  return /\d$/.test(s);
}

/** An entry without its page number and the leaders before it, as s.replace(/[\s.·…．_-]*\d{1,3}$/, ''). */
export function withoutTocTail(s: string): string {
  let k = s.length;
  while (k > 0 && s.length - k < 3 && /\d/.test(s[k - 1])) k--;
  if (k === s.length) return s;
  return s.slice(
    0,
    endWithout(s, (c) => /[\s.·…．_-]/.test(c), k),
  );
}
const LEADERS = /[.·…．_]{3,}\s*\d*\s*/;

/** A line of the 目录: a new entry, the wrapped rest of one, or the end of the 目录 (the body's first heading). */
function tocLine(f: Flow, text: string, page: number): boolean {
  const toc = f.toc!;
  // on a page after the 目录's last line, only a new entry goes on with it (a line of the body
  // does not wrap an entry across a page break)
  const turned = toc.last !== undefined && page !== toc.last;
  toc.last = page;
  const leaders = LEADERS.test(text);
  // entries set with dot leaders: a line without them is the body
  if (toc.leaders && !leaders && !tocTail(text)) {
    endToc(f);
    return false;
  }
  toc.leaders ||= leaders;
  for (const piece of text.split(LEADERS)) {
    const e = partSpace(withoutTocTail(piece).trim());
    if (!e) continue;
    if ((toc.first && e === toc.first) || e.length > 60 || /[。；]$/.test(e)) {
      endToc(f);
      return false;
    }
    if (outlineLevel(e) || /^\d+[.．、]/.test(e) || !toc.entries.length) {
      toc.entries.push(e);
      toc.first ??= e;
    } else if (turned && !leaders && !tocTail(text)) {
      endToc(f);
      return false;
    } else toc.entries[toc.entries.length - 1] = joinText(toc.entries[toc.entries.length - 1], e);
  }
  return true;
}

function addTable(f: Flow, t: GridTable, page: number): void {
  flush(f);
  const prev = f.lastTable;
  const rowPages = t.rows.map(() => page);
  const sameFrame = prev && Math.abs(prev.t.left - t.left) < 4 && Math.abs(prev.t.right - t.right) < 4;
  if (prev && (prev.t.cols.length === t.cols.length || sameFrame)) {
    // the table goes on from the page before: its header repeated, or none (rows that only
    // looked like a header are rows)
    let more = t.headerRows === 0 || t.headerKey === prev.t.headerKey ? t.rows : [...t.headerCells, ...t.rows];
    if (prev.t.cols.length !== t.cols.length) more = alignRows(more, t.cols, prev.t.cols);
    pushAll(prev.block.rows, more);
    pushAll(
      prev.block.rowPages,
      more.map(() => page),
    );
    return;
  }
  const block: Block = { kind: 'table', header: t.header, rows: t.rows, rowPages, page };
  f.blocks.push(block);
  f.lastTable = { block, t };
}

function startsParagraph(f: Flow, line: RunLine, text: string, m: Margins): boolean {
  const p = f.para;
  if (!p) return true;
  if (Math.abs(p.last.size - line.size) > 1) return true;
  if (line.x > m.left + 1.2 * line.size) return true;
  if (p.last.x2 < m.right - 2 * p.last.size) return true;
  return /^(?:注[：:]|说明[：:]|单位[：:]|编制部门|\d+[、.．]\D)/.test(text) || outlineLevel(text) > 0;
}

/** The blocks of the document. */
function blocksOf(elements: Element[], size: number, margins: Map<number, Margins>, pages: PageContent[]): Block[] {
  const f: Flow = { blocks: [] };
  const title: string[] = [];
  let titleSize = 0;
  const pageOf = (n: number) => pages[n - 1];
  elements.forEach((el, i) => {
    if (el.kind === 'table') {
      endToc(f);
      addTable(f, el.t, el.page);
      return;
    }
    const { line, text, page } = el;
    // the cover: large type on the first pages before any body text
    const cover = !f.blocks.length && !f.para && !f.toc && page <= 2 && line.size >= size * 1.3;
    if (cover && !/目\s*录/.test(text) && (!title.length || Math.abs(line.size - titleSize) < 1)) {
      title.push(text);
      titleSize = line.size;
      return;
    }
    if (title.length && !f.blocks.some((b) => b.kind === 'title'))
      f.blocks.push({ kind: 'title', text: title.join(''), page: 1 });
    f.lastTable = undefined;
    if (/^目\s*录$/.test(text)) {
      flush(f);
      f.toc = { entries: [], page };
      return;
    }
    if (f.toc && tocLine(f, text, page)) return;
    const next = elements
      .slice(i + 1)
      .find((e) => e.kind === 'table' || !/^(?:单位[：:]|编制部门|编制单位)/.test(e.text));
    if (looksLikeCaption(text) && next?.kind === 'table') {
      flush(f);
      f.blocks.push({ kind: 'heading', level: 4, text, page });
      return;
    }
    const m = margins.get(Math.round(pageOf(page).width)) ?? { left: 0, right: pageOf(page).width };
    const h = f.heading;
    f.heading = undefined;
    if (h && !f.para && text.length <= 12 && !outlineLevel(text) && h.line.x2 > m.right - 3 * h.line.size) {
      h.block.text = joinText(h.block.text, text); // a heading wrapped onto a second line
      return;
    }
    if (looksLikeHeading(text) && line.x < pageOf(page).width * 0.45) {
      flush(f);
      const block: Block = { kind: 'heading', level: outlineLevel(text), text, page };
      f.blocks.push(block);
      f.heading = { block, line };
      return;
    }
    if (startsParagraph(f, line, text, m)) {
      flush(f);
      f.para = { text, page, last: line, width: m.right };
    } else {
      f.para!.text = joinText(f.para!.text, text);
      f.para!.last = line;
    }
  });
  flush(f);
  endToc(f);
  if (title.length && !f.blocks.some((b) => b.kind === 'title'))
    f.blocks.unshift({ kind: 'title', text: title.join(''), page: 1 });
  return f.blocks;
}

export type PdfImportOptions = ExtractOptions;

/** Imports a PDF report. Throws ImportError for an encrypted, damaged or scanned (no text layer) file. */
export async function importPdf(bytes: Uint8Array, options: PdfImportOptions = {}): Promise<ImportResult> {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  if (!head.includes('%PDF-')) throw new ImportError('不是 PDF 文件 (not a PDF file: no %PDF header)', 'damaged');
  const warnings: string[] = [];
  const pages = await extractPages(bytes, {
    ...options,
    onWarning: (w) => {
      warnings.push(w);
      options.onWarning?.(w);
    },
  });
  const chars = pages.reduce((n, p) => n + p.runs.reduce((k, r) => k + r.str.trim().length, 0), 0);
  if (chars < Math.max(20, pages.length * 5))
    throw new ImportError(
      '扫描版 PDF：没有文字层，未做 OCR (scanned PDF, OCR not done: the file has no text layer)',
      'scanned',
    );
  const blank = pages.filter((p) => !p.runs.length).map((p) => p.number);
  if (blank.length)
    warnings.push(
      `第 ${blank.join('、')} 页没有文字层，未做 OCR (page ${blank.join(', ')}: no text layer, OCR not done)`,
    );
  const { elements, size, margins } = elementsOf(pages, warnings);
  const blocks = blocksOf(elements, size, margins, pages);
  return writeMarkdown(numberPartsFromToc(blocks), warnings);
}
