/**
 * PDF import: tables without ruling lines, from the gaps between the runs. A line is tabular
 * when wide gaps split it into pieces and one of them is an amount; three or more tabular lines
 * in a row make a table, the header lines just above it included. The columns are the union of
 * the pieces' spans across the block (pieces that overlap share a column); a line's pieces fall
 * into the columns they overlap.
 */
import type { TextRun } from './pdf-extract';
import type { GridTable } from './pdf-table';
import { lineText, type RunLine } from './text';

const AMOUNT = /^[（(]?-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|\d+%)[）)]?$/;
const PROSE = /[。，；：、]/;

interface Piece {
  x: number;
  x2: number;
  text: string;
}

/** The pieces of a line, split where the gap between runs is wider than a character or so. */
function piecesOf(l: RunLine): Piece[] {
  const out: Array<{ runs: TextRun[]; x: number; x2: number }> = [];
  for (const r of l.runs) {
    const last = out[out.length - 1];
    if (last && r.x - last.x2 < 1.2 * l.size) {
      last.runs.push(r);
      last.x2 = Math.max(last.x2, r.x + r.w);
    } else out.push({ runs: [r], x: r.x, x2: r.x + r.w });
  }
  return out.map((p) => ({ x: p.x, x2: p.x2, text: lineText({ ...l, runs: p.runs, x: p.x, x2: p.x2 }) }));
}

function tabular(ps: Piece[]): boolean {
  return ps.length >= 2 && ps.some((p) => AMOUNT.test(p.text)) && !ps.some((p) => PROSE.test(p.text));
}

/** Column spans: the union of overlapping piece spans. */
function columnsOf(lines: Piece[][]): Array<[number, number]> {
  const spans = lines.flat().map((p) => [p.x, p.x2] as [number, number]);
  spans.sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s[0] <= last[1] + 1) last[1] = Math.max(last[1], s[1]);
    else out.push([...s]);
  }
  return out;
}

function rowOf(ps: Piece[], cols: Array<[number, number]>): string[] {
  const row = cols.map(() => '');
  for (const p of ps) {
    const c = cols.findIndex(([a, b]) => p.x >= a - 1 && p.x2 <= b + 1);
    if (c >= 0) row[c] = row[c] ? `${row[c]} ${p.text}` : p.text;
  }
  return row;
}

/**
 * Tables laid out by position only, among the lines of a page (top down). Returns them with the
 * lines they use, so the caller keeps the others as text.
 */
export function gapTables(lines: RunLine[]): Array<{ table: GridTable; lines: RunLine[] }> {
  const pieces = lines.map(piecesOf);
  const out: Array<{ table: GridTable; lines: RunLine[] }> = [];
  for (let i = 0; i < lines.length;) {
    if (!tabular(pieces[i])) {
      i++;
      continue;
    }
    let j = i;
    while (j < lines.length && tabular(pieces[j])) j++;
    if (j - i < 3) {
      i = j;
      continue;
    }
    // header lines: the pieced lines just above, without amounts (at most two)
    let h = i;
    while (h > 0 && i - h < 2 && pieces[h - 1].length >= 2 && !tabular(pieces[h - 1])) h--;
    const cols = columnsOf(pieces.slice(h, j));
    const headerRows = pieces.slice(h, i).map((ps) => rowOf(ps, cols));
    const header = cols.map((_, c) =>
      headerRows
        .map((r) => r[c])
        .filter(Boolean)
        .join(' / '),
    );
    const rows = pieces.slice(i, j).map((ps) => rowOf(ps, cols));
    const used = lines.slice(h, j);
    const table: GridTable = {
      left: cols[0][0],
      right: cols[cols.length - 1][1],
      top: used[0].y + used[0].size,
      bottom: used[used.length - 1].y,
      header,
      rows,
      headerRows: headerRows.length,
      headerKey: headerRows.map((r) => r.join('|')).join('\n'),
      headerCells: headerRows,
      cols,
    };
    out.push({ table, lines: used });
    i = j;
  }
  return out;
}
