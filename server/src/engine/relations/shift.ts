/**
 * A table whose amounts are shifted against their labels: from some row on (to the table's end or
 * to a later row), every row carries the next (or the previous) row's figures, in every column or
 * some; or from some column on, every cell carries the next (or the previous) column's figure. One
 * such slip breaks every sum the shifted cells take part in. The shift is found as the reading of
 * the table under which those relations hold again: each shifted cell takes the figure of the cell
 * it was moved from (a cell whose figure fell outside the block is unknown, and a relation with an
 * unknown figure is neither broken nor evidence). A reading is a shift when no relation of the
 * moved cells fails under it, at least MIN_EXPLAINED failing relations hold, it corrects more than
 * one figure (one figure is a typo, the diagnosis's), and the relations it cannot check (an unknown
 * figure) are fewer than those it makes hold. The relations it explains are reported once, as the
 * shift (rule table-shift), and left out of the diagnosis.
 *
 * A column shift of every row leaves no row unshifted to compare with: only the identities across
 * each row (合计 = 基本 + 项目 …) hold once the columns are put back; the figure moved past the
 * last column is read as blank (a relation that fails under that reading rejects it). The finding
 * names the first row whose figures are not its own (a row that carries figures equal to its own
 * is left out of the block when the shorter block accounts for its relations), and a reading is
 * dropped when the same cells moved the other way explain as much with other figures.
 */
import { Interval, ZERO, type Written } from '../util/decimal';
import type { Fact } from '../facts/extract';
import type { TableModel, TableRow } from '../facts/tables';
import type { Constraint, Eval, Val } from './network';
import { Work } from './diagnose';

export interface TableShift {
  table: TableModel;
  /** 'row': the figures moved along a column (rows carry another row's figures); 'column': along a row. */
  axis: 'row' | 'column';
  /** -1: each cell carries the figure of the next (row or column); +1: of the previous. */
  by: -1 | 1;
  /** The first row whose figures are not its own (for a column shift: the row, or the first of the rows). */
  row: TableRow;
  /** The last row of a row shift that ends before the table does. */
  last?: TableRow;
  /** The column keys whose figures moved (a row shift), or the first column that moved (a column shift). */
  columns: string[];
  /** A row shift of every column of the table (or of its side). */
  allColumns: boolean;
  /** How many rows the shift moved (a row shift: the row and the ones below it). */
  rows: number;
  /** The failing relations the shift explains, those that hold once the figures are put back first. */
  explained: Constraint[];
  /** How many of them hold once the figures are put back (the others involve a figure the shift lost). */
  held: number;
}

/** Fewer relations made to hold are no evidence of a shift (a typo breaks two or three). */
const MIN_EXPLAINED = 3;
/** A reading that corrects one figure only is that figure's slip (the diagnosis's), not a shift. */
const MIN_CORRECTED = 2;
/** The fewest rows a row shift moves (two rows swapped are two slips as well). */
const MIN_BLOCK = 3;
/** Where a row shift may end: the table's end, or just after one of the last failing rows. */
const ENDS = 4;
/** The shift search's work (figures evaluated) per table; past it, no finding (never a guess). */
const WORK = 400_000;

/**
 * Lines of cells a shift moves figures along (each column of rows, or each row of columns), with
 * where each cell is and the relations the cells at each position take part in.
 */
interface Lines {
  axis: TableShift['axis'];
  cells: Array<Array<Fact | undefined>>;
  /** a cell's line and position */
  at: Map<Fact, [number, number]>;
  /** position → the failing relations its cells take part in */
  failing: Constraint[][];
  /** position → the relations that hold its cells take part in */
  holding: Constraint[][];
  row: (line: number, pos: number) => TableRow | undefined;
  columns: (pos: number) => string[];
  allColumns: boolean;
  /**
   * The figure a cell takes whose figure comes from past the end of its line: blank for the rows of
   * a whole table read across (a figure moved past the last column is one of the blank trailing
   * columns these tables have: were it not, a relation fails under the reading, which is then no
   * shift); unknown (undefined) otherwise.
   */
  edge?: Written;
}

interface Hypothesis {
  lines: Lines;
  /** the positions [from, to) of each line that moved */
  from: number;
  to: number;
  by: -1 | 1;
}

interface Outcome {
  explained: Constraint[];
  held: number;
  moved: number;
}

export function findShifts(
  tables: TableModel[],
  evals: Map<Constraint, Eval>,
  of: Map<Fact, Constraint[]>,
): TableShift[] {
  const out: TableShift[] = [];
  for (const t of tables) {
    if (failingCount(t, evals, of) < MIN_EXPLAINED) continue;
    const s = shiftOf(t, evals, of, new Work(WORK));
    if (s) out.push(s);
  }
  return out;
}

/** How many failing relations a table's figures take part in. */
function failingCount(t: TableModel, evals: Map<Constraint, Eval>, of: Map<Fact, Constraint[]>): number {
  const failing = new Set<Constraint>();
  for (const f of t.facts) for (const c of of.get(f) ?? []) if (evals.get(c)?.status === 'mismatch') failing.add(c);
  return failing.size;
}

/** The best shift of a table, if one reading explains its failures (and the search was completed). */
function shiftOf(
  t: TableModel,
  evals: Map<Constraint, Eval>,
  of: Map<Fact, Constraint[]>,
  work: Work,
): TableShift | undefined {
  let best: (Outcome & { h: Hypothesis }) | undefined;
  const valid: Array<Outcome & { h: Hypothesis }> = [];
  for (const lines of linesOf(t, evals, of)) {
    for (const h of hypotheses(lines)) {
      const r = tryShift(h, work);
      if (work.over()) return undefined;
      if (!r || r.held < MIN_EXPLAINED) continue;
      valid.push({ h, ...r });
      if (!best || better(r, best)) best = { h, ...r };
    }
  }
  if (!best) return undefined;
  // the same cells moved the other way, with evidence of the same order, put other figures back: not certain
  const b = best;
  const rival = (o: Outcome & { h: Hypothesis }) =>
    o.h.lines === b.h.lines && o.h.by !== b.h.by && 2 * o.held >= b.held && disagree(o.h, b.h);
  if (valid.some(rival)) return undefined;
  const edge = edgeOf(best.h, best, work);
  return work.over() ? undefined : shiftFrom(t, edge, best);
}

/** More relations made to hold; then more failing relations explained (a lost figure's too); then fewer cells moved. */
function better(r: Outcome, than: Outcome): boolean {
  if (r.held !== than.held) return r.held > than.held;
  if (r.explained.length !== than.explained.length) return r.explained.length > than.explained.length;
  return r.moved < than.moved;
}

/**
 * The block's first row is the first that is not its own. A row whose written figures fit as its
 * own (a 类 with one 款 carries the same figures as that 款; a row whose family sum takes the
 * figure the shift lost) is not named as shifted when the block that starts below it breaks no
 * relation and accounts for every failing relation of that row (made to hold, or lost): the
 * evidence stays the longer block's. Likewise the row where a block ends.
 */
function edgeOf(h: Hypothesis, r: Outcome, work: Work): Hypothesis {
  let best = h;
  const min = h.lines.axis === 'row' ? MIN_BLOCK : 2;
  for (const side of ['from', 'to'] as const) {
    for (;;) {
      const { from, to } = best;
      if (to - from - 1 < min) break;
      const next: Hypothesis = side === 'from' ? { ...best, from: from + 1 } : { ...best, to: to - 1 };
      const left = side === 'from' ? from : to - 1;
      const o = tryShift(next, work, false);
      if (work.over() || !o) break;
      const accounted = new Set(o.explained);
      if (!best.lines.failing[left].every((c) => accounted.has(c))) break;
      // the shorter block explains no failing relation the longer one did not
      if (o.explained.some((c) => !r.explained.includes(c))) break;
      best = next;
    }
  }
  return best;
}

function shiftFrom(t: TableModel, h: Hypothesis, r: Outcome): TableShift | undefined {
  const { lines: l } = h;
  const rows = l.axis === 'row' ? [h.from, h.to - 1] : [0, l.cells.length - 1];
  const rowOf = (p: number) =>
    l.axis === 'row' ? l.cells.map((_, i) => l.row(i, p)).find((x) => x) : l.row(p, h.from);
  const row = rowOf(rows[0]);
  if (!row) return undefined;
  let last: TableRow | undefined;
  if (l.axis === 'row' && l.cells.some((c) => h.to < c.length)) {
    for (let p = h.to - 1; p > h.from && !last; p--) last = rowOf(p);
  }
  return {
    table: t,
    axis: l.axis,
    by: h.by,
    row,
    last,
    columns: l.columns(h.from),
    allColumns: l.allColumns,
    rows: l.axis === 'row' ? h.to - h.from : l.cells.length,
    explained: r.explained,
    held: r.held,
  };
}

/**
 * The lines tried, lane by lane (each side, each column group): down the columns, all of them, each
 * one and those from each column on; across the rows, those from each row on, or one.
 */
function* linesOf(t: TableModel, evals: Map<Constraint, Eval>, of: Map<Fact, Constraint[]>): Generator<Lines> {
  for (const lane of lanesOf(t)) {
    const keys = keysOf(lane);
    const byAt = new Map(lane.map((r) => [r.at, r]));
    const first = Math.min(...lane.map((r) => r.at));
    const n = Math.max(...lane.map((r) => r.at)) - first + 1;
    const pos = (i: number) => byAt.get(first + i);
    const sets =
      keys.length > 1 ? [keys, ...keys.map((k) => [k]), ...keys.slice(2).map((_, i) => keys.slice(i + 1))] : [keys];
    for (const cols of sets) {
      const cells = cols.map((k) => Array.from({ length: n }, (_, i) => pos(i)?.cells.get(k)));
      yield indexed(
        'row',
        cells,
        (_l, p) => pos(p),
        () => cols,
        cols === keys,
        evals,
        of,
      );
    }
    if (keys.length < MIN_BLOCK) continue;
    // every row from one on (the first: all of them), or one row; a row whose cells take part in a
    // failing relation (the first row a shift moves does)
    const failing = (r: TableRow) =>
      [...r.cells.values()].some((f) => of.get(f)?.some((c) => evals.get(c)?.status === 'mismatch'));
    const starts = lane.flatMap((r, i) => (failing(r) ? [i] : []));
    for (const rows of [...starts.map((i) => lane.slice(i)), ...starts.map((i) => [lane[i]])]) {
      const cells = rows.map((r) => keys.map((k) => r.cells.get(k)));
      const lines = indexed(
        'column',
        cells,
        (l) => rows[l],
        (p) => [keys[p]],
        false,
        evals,
        of,
      );
      // every row of the table moved: no row is left to compare with but its own identities
      yield rows.length === lane.length && rows.length > 1 ? { ...lines, edge: BLANK } : lines;
    }
  }
}

function indexed(
  axis: Lines['axis'],
  cells: Lines['cells'],
  row: Lines['row'],
  columns: Lines['columns'],
  allColumns: boolean,
  evals: Map<Constraint, Eval>,
  of: Map<Fact, Constraint[]>,
): Lines {
  const n = Math.max(0, ...cells.map((c) => c.length));
  const at = new Map<Fact, [number, number]>();
  const failing: Constraint[][] = Array.from({ length: n }, () => []);
  const holding: Constraint[][] = Array.from({ length: n }, () => []);
  cells.forEach((line, l) =>
    line.forEach((f, p) => {
      if (!f) return;
      at.set(f, [l, p]);
      for (const c of of.get(f) ?? []) (evals.get(c)?.status === 'mismatch' ? failing : holding)[p].push(c);
    }),
  );
  return { axis, cells, at, failing, holding, row, columns, allColumns };
}

/**
 * The blocks tried on a line set: from each position whose cells take part in a failing relation,
 * to the end or to just after one of the last failing positions, by one either way.
 */
function* hypotheses(lines: Lines): Generator<Hypothesis> {
  const n = lines.failing.length;
  const failing = lines.failing.flatMap((x, p) => (x.length ? [p] : []));
  const min = lines.axis === 'row' ? MIN_BLOCK : 2;
  for (const from of failing) {
    const ends = lines.axis === 'row' ? new Set([n, ...failing.slice(-ENDS).map((p) => p + 1)]) : [n];
    for (const to of ends) {
      if (to - from < min) continue;
      for (const by of [-1, 1] as const) yield { lines, from, to, by };
    }
  }
}

/** The rows of a table that are read one below the other: each side, each column group. */
function lanesOf(t: TableModel): TableRow[][] {
  const lanes = new Map<string, TableRow[]>();
  for (const r of t.rows) {
    const k = `${r.side ?? ''}/${r.lane ?? 0}`;
    const l = lanes.get(k);
    if (l) l.push(r);
    else lanes.set(k, [r]);
  }
  return [...lanes.values()];
}

/** The column keys of a lane's rows, in the order of the table's columns. */
function keysOf(rows: TableRow[]): string[] {
  const keys: string[] = [];
  for (const r of rows) for (const k of r.cells.keys()) if (!keys.includes(k)) keys.push(k);
  return keys;
}

const UNKNOWN: Written | undefined = undefined;
const BLANK: Written = { value: ZERO, decimals: 2, interval: Interval.exact(0), grouped: false };

/**
 * The reading of a hypothesis: each cell of [from, to) takes the figure of the cell `by` before it
 * in its line (unknown when that is outside the block). Undefined when a relation of the moved
 * cells fails under it; else the failing relations it explains and how many of them now hold. The
 * failing relations are tried first (a wrong reading leaves one failing, or makes too few hold),
 * then those that held. Without `evidence`, only whether it breaks none (the thresholds are not applied).
 */
function tryShift(h: Hypothesis, work: Work, evidence = true): Outcome | undefined {
  const { lines, from, to } = h;
  const moved = reading(h);
  const val: Val = (f) => moved(f) || f.written;
  const seen = new Set<Constraint>();
  const explained: Constraint[] = [];
  const unknown: Constraint[] = [];
  /** false when a relation fails under the reading; true when it holds; undefined when a figure is unknown */
  const holds = (c: Constraint): boolean | undefined => {
    if (c.facts.some((f) => moved(f) === UNKNOWN)) return undefined;
    return work.evaluate(c, val).status !== 'mismatch' && !work.over();
  };
  for (let p = from; p < to; p++) {
    for (const c of lines.failing[p]) {
      if (seen.has(c)) continue;
      seen.add(c);
      const ok = holds(c);
      if (ok === false) return undefined;
      (ok ? explained : unknown).push(c);
    }
  }
  // the relations of the figures the reading loses are no evidence: fewer of them than of those it restores
  if (evidence && (explained.length < MIN_EXPLAINED || unknown.length > explained.length)) return undefined;
  if (evidence && corrected(explained, moved) < MIN_CORRECTED) return undefined;
  let movedCells = 0;
  for (let p = from; p < to; p++) {
    for (const line of lines.cells) if (line[p]) movedCells++;
    for (const c of lines.holding[p]) {
      if (seen.has(c)) continue;
      seen.add(c);
      if (holds(c) === false) return undefined;
    }
  }
  return { explained: [...explained, ...unknown], held: explained.length, moved: movedCells };
}

/** A hypothesis's figure for a cell: false when it does not move the cell, undefined when it lost its figure. */
function reading(h: Hypothesis): (f: Fact) => Written | undefined | false {
  const { lines, from, to, by } = h;
  return (f) => {
    const a = lines.at.get(f);
    if (!a || a[1] < from || a[1] >= to) return false;
    const src = a[1] + by;
    if (src >= from && src < to) return lines.cells[a[0]][src]?.written ?? UNKNOWN;
    return src < 0 || src >= lines.cells[a[0]].length ? (lines.edge ?? UNKNOWN) : UNKNOWN;
  };
}

/** Two readings that put different figures in one cell (both known: a lost figure disagrees with none). */
function disagree(a: Hypothesis, b: Hypothesis): boolean {
  const ra = reading(a);
  const rb = reading(b);
  for (const f of a.lines.at.keys()) {
    const x = ra(f);
    const y = rb(f);
    const vx = x === false ? f.written : x;
    const vy = y === false ? f.written : y;
    if ((x !== false || y !== false) && vx && vy && !vx.value.eq(vy.value)) return true;
  }
  return false;
}

/** How many figures of the relations a reading makes hold it gives another value. */
function corrected(explained: Constraint[], moved: (f: Fact) => Written | undefined | false): number {
  const changed = new Set<Fact>();
  for (const c of explained) {
    for (const f of c.facts) {
      const w = moved(f);
      if (w && !w.value.eq(f.written.value)) changed.add(f);
    }
  }
  return changed.size;
}
