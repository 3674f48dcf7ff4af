/**
 * The figure of a 自评表's funding block at fault, when a column's sources do not add up to its
 * total. Three relations hold the block together: each column's total = Σ sources, and the
 * execution rate = 全年执行数 ÷ 全年预算数 of the total row. A single amount changed breaks the
 * relations it takes part in, and only those: a source changed breaks its column's sum alone
 * (the total still agrees with the rate), a total changed breaks its sum and the rate. So the
 * figure blamed is the one whose corrected value makes every relation hold, the sum and the rate:
 * - the total, when its corrected value makes a failing rate hold too (one slip explains both);
 * - a source, when the total agrees with a rate its corrected value would break: the only source
 *   that can take the difference (an amount is never negative), or, among several, the one whose
 *   own row is out of line (执行数 above its 全年预算数, or the other way round), as a suggestion;
 * - otherwise the total, as before (nothing singles out another figure).
 */
import { D, Dec, Interval, divide, fmt, judge, parseWritten, type Written } from '../../util/decimal';
import { AMT, asNum, numOf, type Num } from '../../facts/perf-cells';
import type { FundingRow } from '../../facts/perf-table';
import type { FundReading, PerfSheet } from '../../facts/perf-sheet';

export type FundCol = 'start' | 'year' | 'executed';

export interface FundCandidate {
  cell: Num;
  row: FundingRow;
  /** The value the column's sum holds at. */
  value: Dec;
}

export interface FundBlame {
  col: FundCol;
  total: Num;
  parts: Array<{ cell: Num; row: FundingRow }>;
  /** Σ sources (what the total would be). */
  sum: Dec;
  /** The figure blamed, and whether nothing else can explain the relations' failure. */
  culprit: FundCandidate;
  certain: boolean;
  /** Other figures that would explain it as well (named in the message, offered as fixes). */
  others: FundCandidate[];
  /** Whether the total agrees with the execution rate (so a source is at fault). */
  rateConfirms: boolean;
}

const rewritten = (v: Dec, decimals: number): Written | undefined => parseWritten(fmt(v, decimals));

/** Whether the stated rate agrees with executed ÷ year, given as written figures. */
function rateHolds(f: FundReading, year: Written, executed: Written): boolean | undefined {
  const rate = asNum(f.rate);
  if (!rate || year.value.isZero()) return undefined;
  const ratio = divide(executed.interval, year.interval);
  if (!ratio) return undefined;
  const point = executed.value.div(year.value).times(100);
  return judge(rate.w, ratio.scale(new D(100)), point) !== 'mismatch';
}

/** The rate relation with the total of `col` set to `value` (undefined: no rate relation). */
function rateWith(f: FundReading, col: FundCol, value?: Dec): boolean | undefined {
  if (col === 'start') return undefined;
  const year = asNum(f.year);
  const executed = asNum(f.executed);
  if (!year || !executed) return undefined;
  const y = col === 'year' && value ? rewritten(value, year.w.decimals) : year.w;
  const e = col === 'executed' && value ? rewritten(value, executed.w.decimals) : executed.w;
  return y && e ? rateHolds(f, y, e) : undefined;
}

/** A source's own row: whether its 执行数 is within its 全年预算数 with `value` in the column. */
function inLine(src: string, c: FundCandidate, col: FundCol, value: Dec): boolean {
  if (col === 'start') return true;
  const other = asNum(numOf(src, c.row[col === 'executed' ? 'year' : 'executed'], AMT));
  if (!other) return true;
  return col === 'executed' ? value.lte(other.w.value) : value.gte(other.w.value);
}

/**
 * Among the sources that could take the difference, the one to suggest: not one whose correction
 * would put its own row out of line (more executed than budgeted), and, of the rest, the only one
 * whose row is out of line now.
 */
function likeliest(src: string, sources: FundCandidate[], col: FundCol): FundCandidate | undefined {
  const ok = sources.filter((c) => inLine(src, c, col, c.value));
  if (ok.length === 1) return ok[0];
  const off = ok.filter((c) => !inLine(src, c, col, c.cell.w.value));
  return off.length === 1 ? off[0] : undefined;
}

/** The failing sum of a column and the figure blamed, undefined when the column adds up. */
export function fundBlame(sheet: PerfSheet, col: FundCol): FundBlame | undefined {
  const f = sheet.fund;
  if (!f || f.parts.length < 2) return undefined;
  const { src } = sheet;
  const tot = numOf(src, f.row[col], AMT);
  const ps = f.parts.map((p) => ({ read: numOf(src, p[col], AMT), row: p }));
  if (typeof tot !== 'object' || ps.some((p) => p.read === 'bad')) return undefined;
  const parts = ps.flatMap((p) => (typeof p.read === 'object' ? [{ cell: p.read, row: p.row }] : []));
  if (parts.length < 2) return undefined;
  const sumI = parts.reduce((acc, p) => acc.add(p.cell.w.interval), Interval.exact(0));
  const sum = parts.reduce((acc, p) => acc.plus(p.cell.w.value), new D(0));
  if (judge(tot.w, sumI, sum) !== 'mismatch') return undefined;
  const total: FundCandidate = { cell: tot, row: f.row, value: sum };
  const base = { col, total: tot, parts, sum };
  const before = rateWith(f, col);
  const after = rateWith(f, col, sum);
  // the total's correction makes a failing rate hold as well: one slip explains both
  if (before === false && after === true)
    return { ...base, culprit: total, certain: true, others: [], rateConfirms: false };
  if (!(before === true && after === false))
    return { ...base, culprit: total, certain: false, others: [], rateConfirms: false };
  // the total agrees with the rate: a source is at fault, one that can take the difference
  const sources = parts
    .map((p) => ({ ...p, value: tot.w.value.minus(sum.minus(p.cell.w.value)) }))
    .filter((c) => c.value.gte(0));
  if (!sources.length) return { ...base, culprit: total, certain: false, others: [], rateConfirms: true };
  if (sources.length === 1) return { ...base, culprit: sources[0], certain: true, others: [], rateConfirms: true };
  const culprit = likeliest(src, sources, col);
  if (!culprit) return { ...base, culprit: total, certain: false, others: sources, rateConfirms: true };
  return { ...base, culprit, certain: false, others: sources.filter((c) => c !== culprit), rateConfirms: true };
}

/** The value a total of the block has once its column's slip is corrected (its own value otherwise). */
export function correctedTotal(sheet: PerfSheet, col: FundCol): Dec | undefined {
  const b = fundBlame(sheet, col);
  if (b && b.culprit.cell === b.total && b.certain) return b.sum;
  return asNum(numOf(sheet.src, sheet.fund?.row[col], AMT))?.w.value;
}

/** Whether the execution rate fails only because a total is wrong (perf-funds blames that total). */
export function rateExplained(sheet: PerfSheet): boolean {
  return (['year', 'executed'] as const).some((col) => {
    const b = fundBlame(sheet, col);
    return !!b && b.certain && b.culprit.cell === b.total;
  });
}
