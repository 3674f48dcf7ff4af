/**
 * Tables in layout text exports (columns aligned by spaces, as `pdftotext -layout` writes them).
 * A table region starts at a caption line naming a table (…表) with tabular lines after it, takes
 * the 单位：万元/元 and 编制部门 lines, its header lines and body rows, and ends at a 注：/说明：
 * note, the next caption, a part heading or prose. Each line becomes positioned pieces (runs of
 * text split by two or more spaces, amounts also by one), positions in display columns like the
 * x positions of a PDF's glyphs (full-width characters count 2 where that aligns the amounts
 * better than counting characters, as some exports do). The columns are read off the pieces per
 * page (a form feed starts a page with its own layout), multi-line and spanned header cells are
 * combined into one header row (「本年收入 / 财政拨款收入」), wrapped row labels joined (continued
 * below the coded line, or printed around it as a PDF centres them), and every cell keeps the
 * exact offsets of its text in the source.
 */
import { endWithout, isWs, MappedText } from '../util/text';
import type { Cell } from './model';
import { CELL_NUMBERING_RE, PART_START_RE } from '../knowledge/numbering';
import { pushAll } from '../util/array';

export interface TextLine {
  no: number;
  start: number;
  end: number;
  /** Trimmed text. */
  text: string;
  raw: string;
}

export interface LayoutTable {
  /** Line indices [from, to) the table takes (caption and unit lines included). */
  from: number;
  to: number;
  caption: string;
  unit?: '万元' | '元';
  header: Cell[];
  rows: Cell[][];
}

type Kind = 'amount' | 'code' | 'text';

interface Piece {
  /** Display columns [a, b). */
  a: number;
  b: number;
  start: number;
  end: number;
  text: string;
  kind: Kind;
  line: number;
}

const AMOUNT = /^[（(]?-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?[）)]?$/;
const CODE = /^\d{3,7}$/;
const CAPTION = /表(?:[（(][^）)]{0,20}[）)])?$/;
const NOTE = /^(?:注\s*\d*\s*[：:]|说明[：:]|备注[：:]|注[:：]?$)/;
const UNIT = /单位\s*[：:]\s*(万元|元)/;
const META = /^(?:编制(?:部门|单位)|预算(?:主管部门|单位)|单位\s*[：:]|金额单位)/;
const NUMERIC = /^[（(]?-?[\d,.]+%?[）)]?$/;
const SEP_DIGIT = /[.,]\d/;
const GLUED = /^\d{3,7}(?=[\u3400-\u9fff])(?![年月日])/;
const TOTAL = /^(?:合计|总计|小计|.{0,12}(?:合计|总计))$/;

function wide(c: number): boolean {
  return (
    (c >= 0x1100 && c <= 0x115f) ||
    (c >= 0x2e80 && c <= 0xa4cf) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6)
  );
}

function isBlankCode(c: number): boolean {
  return c === 32 || c === 9 || c === 0x3000 || c === 0xa0 || c === 12 || c === 11;
}

/** An amount no label or year is mistaken for: with a thousands separator or decimals. */
function clearAmount(w: string): boolean {
  return SEP_DIGIT.test(w) && AMOUNT.test(w);
}

function kindOf(t: string): Kind {
  if (CODE.test(t) || /^0\d{1,2}$/.test(t)) return 'code';
  if (AMOUNT.test(t)) return 'amount';
  return 'text';
}

/** A piece from source offsets [start, end) at display columns [a, b); a code against its name split off. */
function pushPiece(out: Piece[], l: TextLine, a: number, b: number, start: number, end: number): void {
  const text = l.raw.slice(start - l.start, end - l.start);
  // a code printed against its name (310资本性支出): two pieces
  const glued = GLUED.exec(text);
  if (glued) {
    const n = glued[0].length;
    out.push({ a, b: a + n, start, end: start + n, text: glued[0], kind: 'code', line: l.no });
    out.push({ a: a + n, b, start: start + n, end, text: text.slice(n), kind: 'text', line: l.no });
  } else out.push({ a, b, start, end, text, kind: kindOf(text), line: l.no });
}

/**
 * The pieces of a line: words joined by single spaces, split at wider gaps and between two
 * numbers. `wideCols` counts full-width characters as 2 columns. One pass over the line.
 */
export function piecesOf(l: TextLine, wideCols: boolean): Piece[] {
  const out: Piece[] = [];
  const raw = l.raw;
  let col = 0;
  let i = 0;
  let open = false;
  let a = 0;
  let b = 0;
  let start = 0;
  let end = 0;
  let lastWord = '';
  let gap = 0;
  while (i < raw.length) {
    const ch = raw.charCodeAt(i);
    if (isBlankCode(ch)) {
      if (ch !== 12) col += ch === 9 ? 8 - (col % 8) : ch === 0x3000 && wideCols ? 2 : 1;
      gap += ch === 0x3000 || ch === 9 ? 2 : ch === 12 ? 0 : 1;
      i++;
      continue;
    }
    let j = i;
    let w = 0;
    while (j < raw.length && !isBlankCode(raw.charCodeAt(j))) {
      w += wideCols && wide(raw.charCodeAt(j)) ? 2 : 1;
      j++;
    }
    const word = raw.slice(i, j);
    // one space parts two numbers, and an amount (1,234 / 0.50) from the text beside it
    const split = (NUMERIC.test(word) && NUMERIC.test(lastWord)) || clearAmount(word) || clearAmount(lastWord);
    if (open && (gap >= 2 || split)) {
      pushPiece(out, l, a, b, start, end);
      open = false;
    }
    if (!open) {
      open = true;
      a = col;
      start = l.start + i;
    }
    b = col + w;
    end = l.start + j;
    lastWord = word;
    gap = 0;
    col += w;
    i = j;
  }
  if (open) pushPiece(out, l, a, b, start, end);
  return out;
}

/**
 * The pieces of each line read so far in one text, by column count (narrow, wide): a table's
 * lines are cut into pieces to find its end, to measure its columns and to read its grid, once.
 */
type PieceMemo = [Map<TextLine, Piece[]>, Map<TextLine, Piece[]>];

function piecesIn(memo: PieceMemo, l: TextLine, wideCols: boolean): Piece[] {
  const m = memo[wideCols ? 1 : 0];
  let ps = m.get(l);
  if (!ps) m.set(l, (ps = piecesOf(l, wideCols)));
  return ps;
}

/** Whether a line (trimmed) reads as a table's caption. */
export function isCaption(text: string): boolean {
  const t = text.replace(/\s+/g, '');
  return t.length >= 4 && t.length <= 60 && CAPTION.test(t) && !NOTE.test(t) && !/^详见/.test(t) && !/[。；]/.test(t);
}

/** A line that ends the table: a note, a part heading, prose. */
function endsTable(l: TextLine, pieces: Piece[]): boolean {
  if (NOTE.test(l.text) || PART_START_RE.test(l.text)) return true;
  if (pieces.length !== 1) return false;
  const t = l.text;
  // the title of the explanations that follow (其他相关情况说明, 一、…情况说明)
  if (/(?:说明|情况|概况)$/.test(t)) return true;
  return /[。；！？]$/.test(t) || (t.length >= 30 && /[，。、；：]/.test(t));
}

/**
 * The tables of a text export: their line ranges, captions, units, header and rows (`grids`
 * false: the ranges, captions and units only, header and rows left empty; the lines a table
 * takes are found before its grid is read, so they are the same).
 */
export function layoutTables(
  source: string,
  lines: TextLine[],
  skip: ReadonlySet<number>,
  grids = true,
): LayoutTable[] {
  const out: LayoutTable[] = [];
  const memo: PieceMemo = [new Map(), new Map()];
  for (let i = 0; i < lines.length; i++) {
    if (skip.has(lines[i].no) || !isCaption(lines[i].text)) continue;
    const t = tableAt(source, lines, i, skip, memo, grids);
    if (!t) continue;
    out.push(t);
    i = t.to - 1;
  }
  return out;
}

/** The table whose caption is line i, if tabular lines follow it. */
function tableAt(
  source: string,
  lines: TextLine[],
  i: number,
  skip: ReadonlySet<number>,
  memo: PieceMemo,
  grids: boolean,
): LayoutTable | undefined {
  let unit: '万元' | '元' | undefined;
  let k = i + 1;
  // the head: unit and 编制部门 lines, blank lines
  for (; k < lines.length && k <= i + 4; k++) {
    const t = lines[k].text;
    if (!t) continue;
    // a part's title above the table's own caption: the caption is the last such line
    if (isCaption(t) && !/\s{2,}/.test(t)) return undefined;
    if (META.test(t) || UNIT.test(t) || /^[（(]\d{4}年度?[）)]$/.test(t)) {
      unit = (UNIT.exec(t)?.[1] as '万元' | '元' | undefined) ?? unit;
      continue;
    }
    break;
  }
  const first = k;
  let end = first;
  let tabular = 0;
  for (; end < lines.length; end++) {
    const l = lines[end];
    if (skip.has(l.no)) break;
    if (!l.text) continue;
    if (end > first && isCaption(l.text) && !/\s{2,}/.test(l.text)) break;
    const ps = piecesIn(memo, l, false);
    if (endsTable(l, ps)) break;
    if (ps.length >= 2 || ps.some((p) => p.kind !== 'text')) tabular++;
    else if (end - first >= 8 && tabular === 0) break;
  }
  while (end > first && !lines[end - 1].text) end--;
  if (tabular < 1) return undefined;
  const caption = lines[i].text.replace(/\s+/g, '');
  if (!grids) return { from: i, to: end, caption, unit, header: [], rows: [] };
  const grid = readGrid(source, lines.slice(first, end), memo);
  return { from: i, to: end, caption, unit, header: grid.header, rows: grid.rows };
}

// ---------------------------------------------------------------------------------------------
// The grid: pages, columns, header, rows.

interface Column {
  a: number;
  b: number;
  /** Pieces of the body lines in it (for its kind). */
  kinds: Record<Kind, number>;
  fromHeader: boolean;
}

interface Page {
  lines: TextLine[];
  pieces: Piece[][];
}

/** Whether full-width characters are 2 columns in this export: the count that aligns the amounts. */
function measure(lines: TextLine[], memo: PieceMemo): boolean {
  const distinct = (wideCols: boolean) => {
    const ends = new Set<number>();
    for (const l of lines) for (const p of piecesIn(memo, l, wideCols)) if (p.kind === 'amount') ends.add(p.b);
    return ends.size;
  };
  return distinct(true) < distinct(false);
}

function pagesOf(lines: TextLine[], wideCols: boolean, memo: PieceMemo): Page[] {
  const pages: Page[] = [];
  for (const l of lines) {
    if (!pages.length || l.raw.startsWith('\f')) pages.push({ lines: [], pieces: [] });
    const p = pages[pages.length - 1];
    p.lines.push(l);
    p.pieces.push(piecesIn(memo, l, wideCols));
  }
  return pages;
}

/** A data line: it holds an amount or starts with a code, or names a total. */
function isData(ps: Piece[]): boolean {
  if (!ps.length) return false;
  if (ps.some((p) => p.kind === 'amount')) return true;
  return ps[0].kind === 'code' && ps.length >= 2;
}

function isTotal(p: Piece): boolean {
  return p.kind === 'text' && TOTAL.test(p.text.replace(/\s+/g, ''));
}

/** Column spans: the union of overlapping piece spans, sorted. */
function unionColumns(pieces: Piece[], fromHeader: boolean): Column[] {
  const sorted = [...pieces].sort((x, y) => x.a - y.a);
  const out: Column[] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (last && p.a < last.b) {
      last.b = Math.max(last.b, p.b);
      last.kinds[p.kind]++;
    } else {
      const kinds = { amount: 0, code: 0, text: 0 };
      kinds[p.kind]++;
      out.push({ a: p.a, b: p.b, kinds, fromHeader });
    }
  }
  return out;
}

function overlap(p: { a: number; b: number }, c: { a: number; b: number }): number {
  return Math.min(p.b, c.b) - Math.max(p.a, c.a);
}

/** The first of the sorted, disjoint spans that ends after `a` (binary search). */
function firstAfter(cols: ReadonlyArray<{ a: number; b: number }>, a: number): number {
  let lo = 0;
  let hi = cols.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cols[mid].b <= a) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Indices of the sorted, disjoint spans overlapping [a, b). */
function overlapping(cols: ReadonlyArray<{ a: number; b: number }>, a: number, b: number): number[] {
  const out: number[] = [];
  for (let c = firstAfter(cols, a); c < cols.length && cols[c].a < b; c++) out.push(c);
  return out;
}

/** The columns a piece falls into: those it overlaps, else the nearest one (within `reach` columns). */
function columnsOfPiece(p: Piece, cols: Column[], reach = 3): number[] {
  const over = overlapping(cols, p.a, p.b);
  if (over.length) return over;
  const i = firstAfter(cols, p.a);
  let best = -1;
  let bestGap = Infinity;
  for (const c of [i - 1, i]) {
    if (c < 0 || c >= cols.length) continue;
    const gap = -overlap(p, cols[c]);
    if (gap < bestGap) [best, bestGap] = [c, gap];
  }
  return best >= 0 && bestGap <= reach ? [best] : [];
}

interface Grid {
  header: Cell[];
  rows: Cell[][];
}

function readGrid(source: string, lines: TextLine[], memo: PieceMemo): Grid {
  const wideCols = measure(lines, memo);
  const pages = pagesOf(lines, wideCols, memo);
  const firstPage = pages[0];
  // the body starts at the first line with an amount or a code; an empty table at its 合计 line
  let bodyAt = firstPage.pieces.findIndex(isData);
  if (bodyAt < 0) {
    const empty = readValueRow(source, firstPage.pieces, []);
    if (empty) return empty;
  }
  if (bodyAt < 0)
    bodyAt = firstPage.pieces.findIndex((ps) => {
      const t = ps[0]?.text.replace(/\s+/g, '') ?? '';
      return TOTAL.test(t) || numbered(t);
    });
  if (bodyAt < 0) bodyAt = firstPage.lines.length;
  // a first row label printed above its coded line (a PDF centres it), after the header's blank line
  let m = 0;
  while (m < 2 && bodyAt - m - 1 > 0 && firstPage.pieces[bodyAt - m - 1].length === 1) m++;
  if (m && bodyAt - m - 1 >= 0 && !firstPage.lines[bodyAt - m - 1].text) bodyAt -= m;
  // the 合计 row above the first coded row
  let up = bodyAt - 1;
  while (up > 0 && !firstPage.pieces[up].length) up--;
  if (up > 0 && up < bodyAt - 1 && firstPage.pieces[up].length === 1 && isTotal(firstPage.pieces[up][0])) bodyAt = up;
  const headerPieces = firstPage.pieces.slice(0, bodyAt);
  // sub-headers printed in the band of the 合计 row (本年支出: 合计 | 基本支出 | 项目支出)
  const band = firstPage.pieces[bodyAt];
  if (band && band.length > 2 && isTotal(band[0]) && band.slice(1).every((p) => p.kind === 'text')) {
    headerPieces.push(band.slice(1));
    firstPage.pieces[bodyAt] = band.slice(0, 1);
  }
  const body0 = firstPage.pieces.slice(bodyAt).flat();
  // a total's label is often centred across the label columns: it makes no column of its own
  let cols = unionColumns(
    body0.filter((p) => !isTotal(p)),
    false,
  );
  if (!cols.length) cols = unionColumns(body0, false);
  // columns only the header names (blank in every row): header pieces clear of the body columns,
  // on a header line that also names a body column (a spanned label above them makes none)
  const clear = (p: Piece) => !overlapping(cols, p.a - 2, p.b + 2).length;
  const leafLines = new Set(
    headerPieces.filter((ps) => ps.some((p) => !clear(p))).flatMap((ps) => ps.map((p) => p.line)),
  );
  const leaves = unionColumns(
    headerPieces.flat().filter((p) => leafLines.has(p.line)),
    true,
  );
  const free = unionColumns(headerPieces.flat().filter(clear), true).filter(
    (c) => !body0.some((p) => p.kind === 'amount') || overlapping(leaves, c.a, c.b).length > 0,
  );
  const all = [...adopt(cols, free, headerPieces.flat()), ...free.filter((c) => c.fromHeader)].sort(
    (x, y) => x.a - y.a,
  );
  const merged: Column[] = [];
  for (const c of all) {
    const last = merged[merged.length - 1];
    if (last && c.a < last.b) last.b = Math.max(last.b, c.b);
    else merged.push(c);
  }
  const byOrder = readValueRow(source, headerPieces, firstPage.pieces.slice(bodyAt));
  if (byOrder) return byOrder;
  if (repeatsLabel(headerPieces) && body0.some((p) => p.kind === 'code'))
    return readHalves(source, headerPieces, pages, bodyAt, wideCols);
  const header = headerCells(source, headerPieces, merged);
  const headerKeys = new Set(firstPage.lines.slice(0, bodyAt).map((l) => l.text.replace(/\s+/g, '')));
  const bodyLines: Array<{ line: TextLine; pieces: Array<{ p: Piece; col: number }>; page: number }> = [];
  pages.forEach((page, n) => {
    const start = n === 0 ? bodyAt : leadingRepeat(page, headerKeys);
    const map = n === 0 ? undefined : mapPage(page.pieces.slice(start), merged);
    for (let k = start; k < page.lines.length; k++) {
      const placed = page.pieces[k].flatMap((p) => {
        const c = map ? map(p) : isTotal(p) ? totalColumn(p, merged) : columnsOfPiece(p, merged);
        const col = Array.isArray(c) ? (p.kind === 'text' ? c[c.length - 1] : c[0]) : c;
        return col === undefined || col < 0 ? [] : [{ p, col }];
      });
      bodyLines.push({ line: page.lines[k], pieces: placed, page: n });
    }
  });
  const kinds = columnKinds(merged, header, bodyLines);
  const rows = assembleRows(source, bodyLines, kinds, wideCols);
  return joinCodeColumns(source, { header, rows }, kinds);
}

/**
 * A body column no header label is over takes the header-only label just left of it (a label
 * centred over a column of narrow figures printed flush right): the two are one column.
 */
function adopt(cols: Column[], free: Column[], header: Piece[]): Column[] {
  const out = cols.map((c) => ({ ...c }));
  const labelled = new Set(header.flatMap((p) => overlapping(cols, p.a, p.b)));
  for (const f of free) {
    const mid = (f.a + f.b) / 2;
    const near = overlapping(out, mid, mid + 11);
    const c = near
      .map((i) => out[i])
      .find((x, k) => !labelled.has(near[k]) && (x.a + x.b) / 2 >= mid && (x.a + x.b) / 2 - mid <= 10);
    if (!c) continue;
    c.a = Math.min(c.a, f.a);
    f.fromHeader = false; // taken
  }
  return out;
}

/** The lines at the top of a later page that repeat the first page's header. */
function leadingRepeat(page: Page, keys: ReadonlySet<string>): number {
  let k = 0;
  while (k < page.lines.length && (!page.lines[k].text || keys.has(page.lines[k].text.replace(/\s+/g, '')))) k++;
  return k;
}

/**
 * The columns of a later page (laid out anew) in the first page's: the same number of columns in
 * order, else the columns that hold data on the first page, else by kind and order (labels to the
 * label column, amounts to the first amount columns: the columns blank on a page are dropped from
 * its right).
 */
function mapPage(pieces: Piece[][], to: Column[]): (p: Piece) => number {
  const flat = pieces.flat();
  let cols = unionColumns(
    flat.filter((p) => !isTotal(p)),
    false,
  );
  if (!cols.length) cols = unionColumns(flat, false);
  const idx = (p: Piece) =>
    isTotal(p) ? totalColumn(p, cols) : (overlapping(cols, p.a, Math.max(p.b, p.a + 1))[0] ?? -1);
  if (cols.length === to.length) return (p) => idx(p);
  const withData = to.map((c, i) => (c.fromHeader ? -1 : i)).filter((i) => i >= 0);
  if (cols.length === withData.length) return (p) => withData[idx(p)] ?? -1;
  const texts = to.map((c, i) => (textual(c) ? i : -1)).filter((i) => i >= 0);
  const mineTexts = cols.filter(textual);
  const kind = (c: Column): Kind =>
    c.kinds.text >= c.kinds.amount && c.kinds.text >= c.kinds.code
      ? 'text'
      : c.kinds.code > c.kinds.amount
        ? 'code'
        : 'amount';
  const target = new Map<number, number>();
  for (const k of ['text', 'code', 'amount'] as Kind[]) {
    const mine = cols.map((c, i) => (kind(c) === k ? i : -1)).filter((i) => i >= 0);
    const theirs = to.map((c, i) => (kind(c) === k || (k === 'amount' && c.fromHeader) ? i : -1)).filter((i) => i >= 0);
    mine.forEach((m, j) => target.set(m, theirs[j] ?? -1));
  }
  // a total on a page of its own: the label column of its side, by order
  const total = (p: Piece) => texts[Math.min(mineTexts.filter((c) => c.a < p.a).length, texts.length - 1)] ?? -1;
  return (p) => (isTotal(p) && !overlapping(cols, p.a, p.b).length ? total(p) : (target.get(idx(p)) ?? -1));
}

function textual(c: Column): boolean {
  return c.kinds.text > 0 && c.kinds.text >= c.kinds.amount + c.kinds.code;
}

/** The column of a total's label (often centred across the label columns): the nearest label column. */
function totalColumn(p: Piece, cols: Column[]): number {
  const over = overlapping(cols, p.a, p.b).filter((i) => textual(cols[i]));
  if (over.length) return over[over.length - 1];
  let best = -1;
  let gap = Infinity;
  const i = firstAfter(cols, p.a);
  // the label columns just left and right of it (a bounded look either way)
  for (let c = Math.max(0, i - 8); c < Math.min(cols.length, i + 8); c++) {
    if (!textual(cols[c])) continue;
    const g = -overlap(p, cols[c]);
    if (g < gap || (g === gap && c < best)) [best, gap] = [c, g];
  }
  if (best >= 0 && gap <= 16) return best;
  return columnsOfPiece(p, cols, 16)[0] ?? -1;
}

// ---------------------------------------------------------------------------------------------
// Header.

function textCell(parts: Array<{ text: string; offset: number }>, seps: boolean[]): Cell {
  let text = '';
  const map: number[] = [];
  parts.forEach((p, i) => {
    if (i && seps[i]) {
      for (const ch of ' / ') {
        text += ch;
        map.push(p.offset);
      }
    }
    const m = MappedText.build([p], true);
    text += m.text;
    pushAll(map, m.map);
  });
  const mt = new MappedText(text, Int32Array.from(map));
  const start = parts.length ? parts[0].offset : 0;
  const last = parts[parts.length - 1];
  return { text: mt, span: { start, end: last ? last.offset + last.text.length : start } };
}

/**
 * One label per column from the header lines, top down: a cell wrapped over lines joined, a
 * cell spanning several columns repeated over each (「本年支出 / 基本支出」), a generic 项目
 * over the labels dropped.
 */
function headerCells(source: string, lines: Piece[][], cols: Column[]): Cell[] {
  const frags = cols.map(() => [] as Array<{ p: Piece; spanned: boolean }>);
  for (const ps of lines)
    for (const p of ps) {
      const cs = columnsOfPiece(p, cols);
      for (const c of cs) frags[c].push({ p, spanned: cs.length > 1 });
    }
  return frags.map((fs) => {
    let list = fs;
    if (list.length > 1 && list[0].p.text.replace(/\s+/g, '') === '项目') list = list.slice(1);
    const parts = list.map((f) => ({ text: f.p.text, offset: f.p.start }));
    const seps = list.map((f, i) => i > 0 && list[i - 1].spanned);
    if (!parts.length) return { text: new MappedText('', new Int32Array(0)), span: { start: 0, end: 0 } };
    void source;
    return textCell(parts, seps);
  });
}

// ---------------------------------------------------------------------------------------------
// Rows.

type ColKind = 'code' | 'label' | 'amount';

interface Half {
  code: number[];
  label: number;
  amounts: number[];
}

interface Kinds {
  kinds: ColKind[];
  halves: Half[];
  count: number;
}

function columnKinds(cols: Column[], header: Cell[], body: Array<{ pieces: Array<{ p: Piece; col: number }> }>): Kinds {
  const n = cols.map(() => ({ amount: 0, code: 0, text: 0 }));
  for (const l of body) for (const { p, col } of l.pieces) n[col][p.kind]++;
  const kinds: ColKind[] = cols.map((_, c) => {
    const h = header[c]?.text.text ?? '';
    const k = n[c];
    if (/编码|代码|(?:^|\/ )(?:类|款|项)$/.test(h) && k.text <= k.code + k.amount) return 'code';
    if (k.code > 0 && k.code >= k.amount && k.code >= k.text) return 'code';
    if (k.text > k.amount + k.code) return 'label';
    if (!k.text && !k.amount && !k.code) return /项目|名称/.test(h) ? 'label' : 'amount';
    return 'amount';
  });
  const halves: Half[] = [];
  let cur: Half | undefined;
  kinds.forEach((k, c) => {
    const prev = kinds[c - 1];
    if (!cur || (k !== 'amount' && prev === 'amount')) {
      cur = { code: [], label: -1, amounts: [] };
      halves.push(cur);
    }
    if (k === 'code' && cur.label < 0) cur.code.push(c);
    else if (k === 'label' && cur.label < 0) cur.label = c;
    else if (k === 'amount' || k === 'code') cur.amounts.push(c);
    else cur.amounts.push(c);
  });
  return { kinds, halves, count: cols.length };
}

interface RowLines {
  anchor: number;
  parts: Map<number, Piece[]>;
  open: boolean;
  before: number;
  after: number;
  hasAmount: boolean;
}

interface BodyLine {
  line: TextLine;
  pieces: Array<{ p: Piece; col: number }>;
  page: number;
}

function numbered(t: string): boolean {
  return CELL_NUMBERING_RE.test(t.trim());
}

/** The widest label of each column on each page (a label that wide may go on on the next line). */
function labelWidths(body: BodyLine[]): Map<string, number> {
  const w = new Map<string, number>();
  for (const l of body)
    for (const { p, col } of l.pieces)
      if (p.kind === 'text') {
        const k = `${l.page}:${col}`;
        w.set(k, Math.max(w.get(k) ?? 0, p.b - p.a));
      }
  return w;
}

/** The rows of one half (its code, label and amount columns): their lines. */
function halfRows(half: Half, body: BodyLine[], widths: Map<string, number>, wideCols: boolean): RowLines[] {
  const mine = new Set([...half.code, half.label, ...half.amounts]);
  const coded = half.code.length > 0;
  const rows: RowLines[] = [];
  let pending: Piece[] = [];
  let last: RowLines | undefined;
  let page = -1;
  const add = (r: RowLines, p: Piece, col: number) => {
    const list = r.parts.get(col) ?? [];
    list.push(p);
    r.parts.set(col, list);
    if (p.kind === 'amount' && col !== half.label) r.hasAmount = true;
  };
  const colOf = new Map<Piece, number>();
  const centered = coded && isCentered(half, body);
  // a label as wide as the widest of its column (give or take a character where they are centred) goes on
  const slack = (centered ? 1 : 0) * (wideCols ? 2 : 1) + (wideCols ? 1 : 0);
  const full = (p: Piece, pg: number) => p.b - p.a >= (widths.get(`${pg}:${half.label}`) ?? 0) - slack;
  for (const l of body) {
    const ps = l.pieces.filter((x) => mine.has(x.col));
    if (l.page !== page) {
      page = l.page;
      if (last) last.open = false;
    }
    if (!ps.length) {
      if (!l.line.text && last) last.open = false;
      continue;
    }
    // a template's placeholder line (… …) is no row and ends the one above
    if (ps.every((x) => /^[…．.·]+$/.test(x.p.text))) {
      if (last) last.open = false;
      pending = [];
      continue;
    }
    for (const x of ps) colOf.set(x.p, x.col);
    const label = ps.find((x) => x.col === half.label)?.p;
    const labelText = label?.text.replace(/\s+/g, '') ?? '';
    const hasCode = ps.some((x) => half.code.includes(x.col) && x.p.kind === 'code');
    const amounts = ps.some((x) => x.p.kind === 'amount' && x.col !== half.label);
    const anchor = coded
      ? hasCode || (!!label && TOTAL.test(labelText))
      : !!label && (TOTAL.test(labelText) || !(last?.open && !numbered(labelText) && !amounts));
    if (anchor) {
      const r: RowLines = { anchor: l.line.no, parts: new Map(), open: false, before: 0, after: 0, hasAmount: false };
      const beforeLabel = pending.filter((p) => colOf.get(p) === half.label);
      for (const p of pending) add(r, p, colOf.get(p)!);
      r.before = beforeLabel.length;
      pending = [];
      for (const x of ps) add(r, x.p, x.col);
      const lastLabel = label ?? beforeLabel[beforeLabel.length - 1];
      r.open = !!lastLabel && full(lastLabel, l.page) && (!centered || r.before > 0 || !!label);
      if (centered && !label) r.open = r.before > 0 && !!lastLabel && full(lastLabel, l.page);
      rows.push(r);
      last = r;
      continue;
    }
    if (amounts && last && !last.hasAmount) {
      for (const x of ps) add(last, x.p, x.col);
      continue;
    }
    if (!coded && !label && amounts) {
      // amounts without a label: a row of their own
      const r: RowLines = { anchor: l.line.no, parts: new Map(), open: false, before: 0, after: 0, hasAmount: false };
      for (const x of ps) add(r, x.p, x.col);
      rows.push(r);
      last = r;
      continue;
    }
    const takes = last?.open && (!centered || last.after < last.before);
    if (last && takes) {
      for (const x of ps) add(last, x.p, x.col);
      last.after++;
      last.open = !!label && full(label, l.page);
      continue;
    }
    if (last) last.open = false;
    for (const x of ps) pending.push(x.p);
  }
  if (pending.length && last) for (const p of pending) add(last, p, colOf.get(p)!);
  return rows;
}

/** Whether the half prints its labels around the coded line (a coded line without its label, text just above). */
function isCentered(half: Half, body: BodyLine[]): boolean {
  let textAbove = false;
  for (const l of body) {
    const ps = l.pieces.filter(
      (x) => x.col === half.label || half.code.includes(x.col) || half.amounts.includes(x.col),
    );
    if (!ps.length) {
      textAbove = false;
      continue;
    }
    const hasCode = ps.some((x) => half.code.includes(x.col) && x.p.kind === 'code');
    const label = ps.some((x) => x.col === half.label);
    if (hasCode && !label && textAbove) return true;
    textAbove = !hasCode && label && !ps.some((x) => x.p.kind === 'amount');
  }
  return false;
}

function cellOf(source: string, pieces: Piece[] | undefined, at: number): Cell {
  if (!pieces?.length) return { text: new MappedText('', new Int32Array(0)), span: { start: at, end: at } };
  const parts = pieces.map((p) => ({ text: source.slice(p.start, p.end), offset: p.start }));
  return { text: MappedText.build(parts, true), span: { start: pieces[0].start, end: pieces[pieces.length - 1].end } };
}

/** The table's rows: each half's rows, side by side where they start on the same line. */
function assembleRows(source: string, body: BodyLine[], k: Kinds, wideCols: boolean): Cell[][] {
  const widths = labelWidths(body);
  const lineStart = new Map(body.map((l) => [l.line.no, l.line]));
  const byAnchor = new Map<number, Map<number, Piece[]>>();
  for (const half of k.halves) {
    for (const r of halfRows(half, body, widths, wideCols)) {
      const row = byAnchor.get(r.anchor) ?? new Map<number, Piece[]>();
      for (const [c, ps] of r.parts) row.set(c, [...(row.get(c) ?? []), ...ps]);
      byAnchor.set(r.anchor, row);
    }
  }
  return [...byAnchor.keys()]
    .sort((a, b) => a - b)
    .map((no) => {
      const row = byAnchor.get(no)!;
      const at = lineStart.get(no)!;
      return Array.from({ length: k.count }, (_, c) => {
        const ps = row.get(c)?.sort((x, y) => x.line - y.line || x.a - y.a);
        return cellOf(source, ps, at.end);
      });
    });
}

/** Codes printed one level per column (类 | 款 | 项: 201 | 05 | 07) read as one code (2010507). */
function joinCodeColumns(source: string, g: Grid, k: Kinds): Grid {
  const groups = k.halves.filter((h) => h.code.length > 1).map((h) => h.code);
  if (!groups.length) return g;
  const drop = new Set(groups.flatMap((cs) => cs.slice(1)));
  const header = g.header.map((h, c) => {
    const grp = groups.find((cs) => cs[0] === c);
    if (!grp) return h;
    const t = withoutLevel(h.text.text);
    const text = t && t !== '类' ? t : '科目编码';
    return { text: new MappedText(text, new Int32Array(text.length).fill(h.span.start)), span: h.span };
  });
  const rows = g.rows.map((r) =>
    r.map((cell, c) => {
      const grp = groups.find((cs) => cs[0] === c);
      if (!grp) return cell;
      const cells = grp.map((i) => r[i]).filter((x) => x.text.text);
      if (cells.length <= 1) return cells[0] ?? cell;
      const parts = cells.map((x) => ({ text: source.slice(x.span.start, x.span.end), offset: x.span.start }));
      return {
        text: MappedText.build(parts, true),
        span: { start: cells[0].span.start, end: cells[cells.length - 1].span.end },
      };
    }),
  );
  const keep = (_: unknown, c: number) => !drop.has(c);
  return { header: header.filter(keep), rows: rows.map((r) => r.filter(keep)) };
}

// ---------------------------------------------------------------------------------------------
// Side-by-side coded halves (经济分类: 编码 | 名称 | 决算数 twice): each line split into its halves
// by the order of its pieces (a half is a code, a name, amounts), a half alone on its line by where
// such pieces sit; within a half a piece goes to the column of its kind.

/** A header line naming the same column twice (the halves of a side-by-side table). */
function repeatsLabel(lines: Piece[][]): boolean {
  return lines.some((ps) => {
    const seen = new Set<string>();
    return ps.some((p) => {
      const t = p.text.replace(/\s+/g, '');
      if (seen.has(t)) return true;
      seen.add(t);
      return false;
    });
  });
}

const RANK: Record<Kind, number> = { code: 0, text: 1, amount: 2 };

/** A line's pieces as halves: a new half where a piece does not follow in code, name, amounts order. */
function splitHalves(ps: Piece[]): Piece[][] {
  const out: Piece[][] = [];
  let prev: Kind | undefined;
  for (const p of ps) {
    if (!out.length || (prev !== undefined && RANK[p.kind] <= RANK[prev])) out.push([]);
    out[out.length - 1].push(p);
    prev = p.kind;
  }
  return out;
}

function median(xs: number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

function readHalves(source: string, headerPieces: Piece[][], pages: Page[], bodyAt: number, wideCols: boolean): Grid {
  // the header's halves: split at the second occurrence of a repeated label
  let cut = Infinity;
  for (const ps of headerPieces) {
    const seen = new Map<string, Piece>();
    for (const p of ps) {
      const t = p.text.replace(/\s+/g, '');
      if (seen.has(t)) cut = Math.min(cut, p.a - 1);
      else seen.set(t, p);
    }
  }
  const hp = [
    headerPieces.map((ps) => ps.filter((p) => p.a < cut)),
    headerPieces.map((ps) => ps.filter((p) => p.a >= cut)),
  ];
  const cols: Column[] = [];
  const halves: Half[] = [];
  const header: Cell[] = [];
  for (const h of hp) {
    const hc = unionColumns(h.flat(), true);
    const cells = headerCells(source, h, hc);
    const half: Half = { code: [], label: -1, amounts: [] };
    cells.forEach((c, i) => {
      const t = c.text.text;
      const at = cols.length + i;
      if (/编码|代码/.test(t) && !half.code.length) half.code.push(at);
      else if (/名称|项目/.test(t) && half.label < 0) half.label = at;
      else half.amounts.push(at);
    });
    pushAll(cols, hc);
    pushAll(header, cells);
    halves.push(half);
  }
  const body: BodyLine[] = [];
  const lines = pages.flatMap((pg, n) => pg.lines.map((line, k) => ({ line, ps: pg.pieces[k], n, k })));
  const bodyOnly = lines.filter((x) => x.n > 0 || x.k >= bodyAt);
  // where each half's pieces of each kind sit, from the lines that print both halves
  const at: Array<Record<Kind, number[]>> = [0, 1].map(() => ({ code: [], text: [], amount: [] }));
  for (const x of bodyOnly) {
    const hs = splitHalves(x.ps);
    if (hs.length === 2) hs.forEach((h, i) => h.forEach((p) => at[i][p.kind].push(p.a)));
  }
  const med = at.map((m) => ({ code: median(m.code), text: median(m.text), amount: median(m.amount) }));
  for (const x of bodyOnly) {
    const hs = splitHalves(x.ps);
    const placed: Array<{ p: Piece; col: number }> = [];
    hs.slice(0, 2).forEach((h, i) => {
      let side = hs.length === 2 ? i : 0;
      if (hs.length === 1) {
        const p = h[0];
        const d = (s: number) => Math.abs(p.a - med[s][p.kind]);
        side = d(1) < d(0) || Number.isNaN(d(0)) ? 1 : 0;
      }
      const half = halves[side];
      for (const p of h) {
        const col =
          p.kind === 'code' && half.code.length
            ? half.code[0]
            : p.kind === 'text' && half.label >= 0
              ? half.label
              : nearest(p, cols, half.amounts);
        if (col >= 0) placed.push({ p, col });
      }
    });
    body.push({ line: x.line, pieces: placed, page: x.n });
  }
  const kinds: Kinds = { kinds: [], halves, count: cols.length };
  return { header, rows: assembleRows(source, body, kinds, wideCols) };
}

function nearest(p: Piece, cols: Column[], among: number[]): number {
  let best = among[0] ?? -1;
  let d = Infinity;
  for (const c of among) {
    const e = Math.abs((cols[c].a + cols[c].b) / 2 - (p.a + p.b) / 2);
    if (e < d) {
      d = e;
      best = c;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// One line of figures under a header of as many labels (the “三公” table: 预算数 | 决算数 under
// each kind of expense): the figures in the labels' order; the kinds above, each over the pair of
// labels nearest it, and the pairs turned into rows (预算数, 决算数) as Suanpan reads the table.

function readValueRow(source: string, header: Piece[][], body: Piece[][]): Grid | undefined {
  const lines = body.filter((ps) => ps.length);
  const empty = !lines.length;
  if (!empty && (lines.length !== 1 || lines[0].some((p) => p.kind !== 'amount'))) return undefined;
  const n = empty ? Math.max(...header.map((ps) => ps.length)) : lines[0].length;
  const leafAt = header.map((ps) => ps.length).lastIndexOf(n);
  if (n < 4) return undefined;
  const leaf = leafAt < 0 ? [] : header[leafAt];
  const names = leaf.map((p) => p.text.replace(/\s+/g, ''));
  const paired = n % 2 === 0 && names.every((x, i) => x === names[i % 2]) && names[0] !== names[1];
  // labels over several lines (and blank figures among them): each figure under its own label
  if (!empty && !paired) return leafLabels(source, header, lines[0]);
  if (leafAt < 0) return undefined;
  // an empty table: blank figures under the labels (only when its labels pair up)
  if (empty && (!paired || leafAt !== header.map((ps) => ps.length > 0).lastIndexOf(true))) return undefined;
  const values = empty ? leaf.map((p) => ({ ...p, kind: 'amount' as Kind, blank: true })) : lines[0];
  const groups = paired ? n / 2 : n;
  const span = (g: number) => (paired ? { a: leaf[2 * g].a, b: leaf[2 * g + 1].b } : leaf[g]);
  const frags = Array.from({ length: groups }, () => [] as Piece[]);
  header.forEach((ps, k) => {
    if (k === leafAt) return;
    for (const p of ps) {
      // the groups are in order: the nearest centre by binary search
      const mid = (p.a + p.b) / 2;
      const centre = (g: number) => (span(g).a + span(g).b) / 2;
      let lo = 0;
      let hi = groups - 1;
      while (lo < hi) {
        const m = (lo + hi) >> 1;
        if (centre(m) < mid) lo = m + 1;
        else hi = m;
      }
      const best = lo > 0 && Math.abs(centre(lo - 1) - mid) <= Math.abs(centre(lo) - mid) ? lo - 1 : lo;
      frags[best].push(p);
    }
  });
  const kinds = frags.map((fs) =>
    textCell(
      fs.map((p) => ({ text: p.text, offset: p.start })),
      fs.map(() => false),
    ),
  );
  const cell = (p: Piece & { blank?: boolean }) => cellOf(source, p.blank ? undefined : [p], p.end);
  if (!paired) return { header: kinds, rows: [values.map(cell)] };
  const item = textCell([{ text: '项目', offset: leaf[0].start }], [false]);
  item.text = new MappedText('项目', new Int32Array(2).fill(leaf[0].start));
  const rows = [0, 1].map((j) => [cell(leaf[j]), ...kinds.map((_, g) => cell(values[2 * g + j]))]);
  return { header: [item, ...kinds], rows };
}

/**
 * One line of figures under labels spread over several header lines (「合计 因公出国(境)费 公务接待费」
 * above 「小计 购置费 运行费」), some figures blank. The leaves — labels with no label below them —
 * are the columns, left to right: as many figures as leaves are theirs in order; with some blank,
 * each figure goes to the leaf clearly nearest it (half the distance of the next), which no other
 * figure takes; a label above
 * a leaf is read before it (「公务用车购置及运行费 / 购置费」). Otherwise nothing is guessed.
 */
function leafLabels(source: string, header: Piece[][], values: Piece[]): Grid | undefined {
  const over = (p: Piece, q: Piece) => Math.min(p.b, q.b) - Math.max(p.a, q.a) > 0;
  const leaves: Piece[] = [];
  header.forEach((ps, k) =>
    ps.forEach((p) => !header.slice(k + 1).some((qs) => qs.some((q) => over(p, q))) && leaves.push(p)),
  );
  if (leaves.length < values.length) return undefined;
  leaves.sort((x, y) => x.a + x.b - (y.a + y.b));
  const centre = (p: Piece) => (p.a + p.b) / 2;
  const at = new Map<number, Piece>();
  // a figure under every leaf: in order; some blank: each figure under the leaf clearly nearest it
  if (leaves.length === values.length) values.forEach((v, k) => at.set(k, v));
  else
    for (const v of values) {
      const d = leaves.map((l) => Math.abs(centre(l) - centre(v)));
      const best = d.indexOf(Math.min(...d));
      const second = Math.min(...d.filter((_, i) => i !== best));
      if (at.has(best) || second < 2 * d[best]) return undefined;
      at.set(best, v);
    }
  // the figures in the leaves' order
  const order = [...at.keys()];
  if (order.some((k, i) => i && k < order[i - 1])) return undefined;
  const labels = leaves.map((leaf) => {
    const fs = [...header.flat().filter((p) => p !== leaf && over(p, leaf)), leaf];
    return textCell(
      fs.map((p) => ({ text: p.text, offset: p.start })),
      fs.map((_, i) => i > 0),
    );
  });
  const cells = leaves.map((_, k) => {
    const v = at.get(k);
    return v ? cellOf(source, [v], v.end) : cellOf(source, undefined, 0);
  });
  return { header: labels, rows: [cells] };
}

/** A header without its 「/类」「/款」「/项」 ending, as /\s*\/\s*(?:类|款|项)$/ in one pass. */
export function withoutLevel(h: string): string {
  if (!'类款项'.includes(h[h.length - 1] ?? '')) return h;
  const k = endWithout(h, isWs, h.length - 1);
  return h[k - 1] === '/' ? h.slice(0, endWithout(h, isWs, k - 1)) : h;
}
