/**
 * PDF import, step 2: tables from the ruling lines. Collinear pieces are merged, crossing lines
 * grouped into tables, the grid read off their positions and the cells merged wherever a border
 * is missing (spanned header cells, merged row labels). Text runs fall into the cell under their
 * centre. The header rows are the leading rows a spanned or merged header cell reaches into.
 */
import type { Segment, TextRun } from './pdf-extract';
import { joinRuns } from './text';

export interface GridTable {
  /** Bounding box in page space (y up). */
  left: number;
  right: number;
  top: number;
  bottom: number;
  /** Column labels (spanned header cells combined: 「本年收入 / 财政拨款收入」). */
  header: string[];
  /** Body rows, cells as printed ('' for blank). */
  rows: string[][];
  /** Number of header rows found on the page (0 for a continuation without a header). */
  headerRows: number;
  /** The header rows' raw texts, to recognise a header repeated on the next page. */
  headerKey: string;
  /** Each column's left and right edge. */
  cols: Array<[number, number]>;
  /** The header rows as body rows (for a continuation whose first rows only looked like a header). */
  headerCells: string[][];
}

const TOL = 1.5;

function mergeCollinear(segs: Segment[]): Segment[] {
  const sorted = [...segs].sort((a, b) => a.at - b.at || a.from - b.from);
  const out: Segment[] = [];
  for (const s of sorted) {
    const last = out.find(
      (o) => o.dir === s.dir && Math.abs(o.at - s.at) < TOL && s.from <= o.to + TOL && s.to >= o.from - TOL,
    );
    if (last) {
      last.from = Math.min(last.from, s.from);
      last.to = Math.max(last.to, s.to);
    } else out.push({ ...s });
  }
  return out;
}

function crosses(h: Segment, v: Segment): boolean {
  return v.at >= h.from - 3 && v.at <= h.to + 3 && h.at >= v.from - 3 && h.at <= v.to + 3;
}

/** Groups of ruling lines that cross each other: one group per table. */
function groups(segs: Segment[]): Array<{ h: Segment[]; v: Segment[] }> {
  const merged = mergeCollinear(segs);
  const parent = merged.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let i = 0; i < merged.length; i++)
    for (let j = i + 1; j < merged.length; j++) {
      const [a, b] = [merged[i], merged[j]];
      if (a.dir !== b.dir && crosses(a.dir === 'h' ? a : b, a.dir === 'h' ? b : a)) parent[find(i)] = find(j);
    }
  const by = new Map<number, { h: Segment[]; v: Segment[] }>();
  merged.forEach((s, i) => {
    const k = find(i);
    if (!by.has(k)) by.set(k, { h: [], v: [] });
    by.get(k)![s.dir].push(s);
  });
  return [...by.values()];
}

function distinct(values: number[]): number[] {
  const out: number[] = [];
  for (const v of [...values].sort((a, b) => a - b)) if (!out.length || v - out[out.length - 1] > 2) out.push(v);
  return out;
}

interface Grid {
  xs: number[]; // ascending
  ys: number[]; // descending (top first)
  /** region id of each cell [row][col] */
  region: number[][];
}

function covered(lines: Segment[], at: number, pos: number): boolean {
  return lines.some((l) => Math.abs(l.at - at) < 2 && l.from <= pos + 0.5 && l.to >= pos - 0.5);
}

function buildGrid(h: Segment[], v: Segment[]): Grid {
  const xs = distinct(v.map((s) => s.at));
  const ys = distinct(h.map((s) => s.at)).reverse();
  const R = ys.length - 1;
  const C = xs.length - 1;
  const parent = Array.from({ length: R * C }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let r = 0; r < R; r++)
    for (let c = 0; c < C; c++) {
      const ym = (ys[r] + ys[r + 1]) / 2;
      const xm = (xs[c] + xs[c + 1]) / 2;
      if (c + 1 < C && !covered(v, xs[c + 1], ym)) parent[find(r * C + c)] = find(r * C + c + 1);
      if (r + 1 < R && !covered(h, ys[r + 1], xm)) parent[find(r * C + c)] = find((r + 1) * C + c);
    }
  const region = Array.from({ length: R }, (_, r) => Array.from({ length: C }, (_, c) => find(r * C + c)));
  return { xs, ys, region };
}

const AMOUNT = /^[（(]?-?\d[\d,]*(?:\.\d+)?%?[）)]?$/;
const CODE = /^\d{3,7}$/;
const TOTAL = /^(?:合计|总计|小计)$/;

/** Texts of the grid's regions, from the runs whose centre lies in them. */
function regionTexts(g: Grid, runs: TextRun[]): Map<number, string> {
  const inRegion = new Map<number, TextRun[]>();
  for (const t of runs) {
    const cx = t.x + t.w / 2;
    const cy = t.y + t.size * 0.35;
    const c = g.xs.findIndex((x, i) => i + 1 < g.xs.length && cx >= x && cx < g.xs[i + 1]);
    const r = g.ys.findIndex((y, i) => i + 1 < g.ys.length && cy <= y && cy > g.ys[i + 1]);
    if (c < 0 || r < 0) continue;
    const id = g.region[r][c];
    if (!inRegion.has(id)) inRegion.set(id, []);
    inRegion.get(id)!.push(t);
  }
  const out = new Map<number, string>();
  for (const [id, rs] of inRegion) out.set(id, joinRuns(rs, true));
  return out;
}

/** How many leading rows form the header: those a header cell spans or reaches into. */
function headerRowCount(g: Pick<Grid, 'region'>, cell: (r: number, c: number) => string): number {
  const R = g.region.length;
  const C = R ? g.region[0].length : 0;
  let coded = false;
  const rowHasData = (r: number) =>
    Array.from({ length: C }, (_, c) => cell(r, c)).some(
      (t, c) => AMOUNT.test(t) || CODE.test(t) || (c < 2 && coded && TOTAL.test(t)),
    );
  if (!R || rowHasData(0)) return 0;
  coded = /项目|科目|编码/.test(cell(0, 0));
  let n = 1;
  for (let r = 1; r < R; r++) {
    if (rowHasData(r)) break;
    let reach = false;
    for (let c = 0; c < C && !reach; c++) {
      const id = g.region[r][c];
      const above = g.region.slice(0, n).some((row) => row.includes(id));
      const spanned =
        c + 1 < C && g.region[r - 1][c] === g.region[r - 1][c + 1] && g.region[r][c] !== g.region[r][c + 1];
      reach = above || (spanned && g.region[r - 1][c] !== g.region[r][c] && !!cell(r - 1, c));
    }
    if (!reach) break;
    n = r + 1;
  }
  return n;
}

/** Labels of the columns: the header rows' cells, top down, the spanned ones once per column. */
function headerLabels(g: Pick<Grid, 'region'>, n: number, cell: (r: number, c: number) => string): string[] {
  const C = g.region.length ? g.region[0].length : 0;
  return Array.from({ length: C }, (_, c) => {
    const parts: string[] = [];
    let last = -1;
    for (let r = 0; r < n; r++) {
      const id = g.region[r][c];
      if (id === last) continue;
      last = id;
      const t = cell(r, c);
      if (t) parts.push(t);
    }
    // a generic 项目 over the code and name columns says nothing the sub-headers do not
    if (parts.length > 1 && parts[0] === '项目') parts.shift();
    return parts.join(' / ');
  });
}

export interface RegionTable {
  header: string[];
  rows: string[][];
  headerRows: number;
  headerKey: string;
  headerCells: string[][];
}

/**
 * A table from its cells' regions (the id of the merged cell each grid cell belongs to) and the
 * regions' texts: the header rows combined into labels, the body rows with merged cells once.
 */
export function readRegions(region: number[][], texts: Map<number, string>): RegionTable {
  const g = { region };
  const cell = (r: number, c: number) => texts.get(g.region[r][c]) ?? '';
  const n = headerRowCount(g, cell);
  const C = g.region.length ? g.region[0].length : 0;
  const header = headerLabels(g, n, cell);
  const rows: string[][] = [];
  for (let r = n; r < g.region.length; r++) {
    const row = Array.from({ length: C }, (_, c) => {
      // a cell merged down over several rows prints once, in its first row; a cell merged
      // across columns (「合计」 over 科目编码 and 科目名称) goes to the last of them
      const id = g.region[r][c];
      const first = g.region.findIndex((rr) => rr.includes(id)) === r;
      const at = AMOUNT.test(cell(r, c)) ? g.region[r].indexOf(id) : g.region[r].lastIndexOf(id);
      return first && at === c ? cell(r, c) : '';
    });
    if (row.every((x) => !x)) continue;
    // sub-headers printed in the band of the 合计 row (本年支出: 合计 | 基本支出 | 项目支出)
    if (!rows.length && n && TOTAL.test(row[0] || row[1]))
      row.forEach((x, c) => {
        if (c < 2 || !x || AMOUNT.test(x)) return;
        header[c] = header[c] ? `${header[c]} / ${x}` : x;
        row[c] = '';
      });
    if (/^栏次$/.test(row[0])) continue;
    rows.push(row);
  }
  const headerCells = g.region.slice(0, n).map((row, r) => row.map((_, c) => cell(r, c)));
  const headerKey = headerCells.map((row) => row.join('|')).join('\n');
  return { header, rows, headerRows: n, headerKey, headerCells };
}

/** The tables a page's ruling lines draw, with the runs they hold; `used` collects those runs. */
export function tablesOnPage(segments: Segment[], runs: TextRun[], used: Set<TextRun>): GridTable[] {
  const out: GridTable[] = [];
  for (const grp of groups(segments)) {
    if (distinct(grp.h.map((s) => s.at)).length < 2 || distinct(grp.v.map((s) => s.at)).length < 2) continue;
    const g = buildGrid(grp.h, grp.v);
    if (!g.region.length || !g.region[0].length) continue;
    const [left, right, top, bottom] = [g.xs[0], g.xs[g.xs.length - 1], g.ys[0], g.ys[g.ys.length - 1]];
    const inside = runs.filter((t) => {
      const cx = t.x + t.w / 2;
      const cy = t.y + t.size * 0.35;
      return cx >= left && cx <= right && cy <= top && cy >= bottom;
    });
    if (!inside.length) continue;
    for (const t of inside) used.add(t);
    const texts = regionTexts(g, inside);
    const { header, rows, headerRows: n, headerKey, headerCells } = readRegions(g.region, texts);
    const narrow = g.xs.slice(1).map((x, c) => x - g.xs[c] < 4);
    const cols = g.xs.slice(1).map((x, c) => [g.xs[c], x] as [number, number]);
    const t = dropEmptyColumns(
      { left, right, top, bottom, header, rows, headerRows: n, headerKey, headerCells, cols },
      narrow,
    );
    out.push(transposePairs(t));
  }
  return out.sort((a, b) => b.top - a.top);
}

/** Drops the narrow columns that are empty in the header and every row (artefacts of doubled borders). */
function dropEmptyColumns(t: GridTable, narrow: boolean[]): GridTable {
  const keep = t.header.map((h, c) => !narrow[c] || !!h || t.rows.some((r) => !!r[c]));
  if (keep.every(Boolean)) return t;
  return {
    ...t,
    header: t.header.filter((_, c) => keep[c]),
    rows: t.rows.map((r) => r.filter((_, c) => keep[c])),
    headerCells: t.headerCells.map((r) => r.filter((_, c) => keep[c])),
    cols: t.cols.filter((_, c) => keep[c]),
  };
}

const PAIR = /^(.*?)\s*\/\s*(预算数|决算数|全年预算数|年初预算数)$/;

/**
 * The “三公” table printed with 预算数 / 决算数 under each kind of expense (one line of figures)
 * becomes the matrix Suanpan reads: one row per 预算数 and 决算数, one column per kind.
 */
export function transposePairs<T extends RegionTable>(t: T): T {
  if (t.header.length < 4 || t.rows.length > 1 || !t.header.every((h) => PAIR.test(h))) return t;
  const kinds: string[] = [];
  const leaves: string[] = [];
  for (const h of t.header) {
    const [, kind, leaf] = PAIR.exec(h)!;
    if (!kinds.includes(kind)) kinds.push(kind);
    if (!leaves.includes(leaf)) leaves.push(leaf);
  }
  // the common top label (财政拨款“三公”经费) and a trailing 小计 say nothing about the column
  const parts = kinds.map((k) => k.split(/\s*\/\s*/));
  const common = parts.every((p) => p.length > 1 && p[0] === parts[0][0]) ? 1 : 0;
  const names = parts.map((p) => {
    const rest = p.slice(common);
    if (rest.length > 1 && rest[rest.length - 1] === '小计') rest.pop();
    return rest[rest.length - 1] ?? p.join('');
  });
  const values = t.rows[0] ?? [];
  const rows = leaves.map((leaf) => [leaf, ...kinds.map((k) => values[t.header.indexOf(`${k} / ${leaf}`)] ?? '')]);
  return { ...t, header: ['项目', ...names], rows };
}

/**
 * The rows of a table that goes on from the page before, in that table's columns: a cell falls
 * into the column under its middle, or (text over merged cells) the last column it covers.
 */
export function alignRows(rows: string[][], cols: Array<[number, number]>, to: Array<[number, number]>): string[][] {
  const target = cols.map(([a, b]) => {
    const over = to.map(([x, y], i) => (Math.min(b, y) - Math.max(a, x) > 2 ? i : -1)).filter((i) => i >= 0);
    return over.length ? over : [to.findIndex(([x, y]) => (a + b) / 2 >= x && (a + b) / 2 <= y)];
  });
  return rows.map((r) => {
    const out = to.map(() => '');
    r.forEach((x, c) => {
      const t = target[c] ?? [];
      const i = AMOUNT.test(x) ? t[0] : t[t.length - 1];
      if (x && i !== undefined && i >= 0) out[i] = out[i] ? `${out[i]}${x}` : x;
    });
    return out;
  });
}
