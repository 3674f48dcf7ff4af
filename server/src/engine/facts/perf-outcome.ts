/**
 * The 实际完成情况 text of a 自评表 read for the figures it restates: the funding block's total
 * row (「全年预算数为455.15万元，全年执行数为455.15万元，总预算执行率为100.00%」), the total score,
 * the indicators' actual values (「设备购置数量3台」, the indicator named exactly as in its row and
 * the value in the row's unit) and the payments it lists (「购置办公设备支付4.56万元」). Only
 * readings that are certain: a figure after another year's word (上年…) is not read, an indicator
 * name that is part of a longer word or of another row's name is not read, and a text that names a
 * total and its parts (其中, 合计 …) lists no payments to add. Every figure keeps its exact source
 * span; a phrase that cannot be found as written in the source is left out.
 */
import { parseWritten, type Written } from '../util/decimal';
import { perfVocabulary } from '../knowledge/perf';
import type { Span } from '../types';
import type { IndicatorRow, PCell } from './perf-table';
import type { Measure } from './perf-cells';
import { pushAll } from '../util/array';

/** An indicator row as read (perf-sheet's RowReading): its cells and its actual value. */
export interface OutcomeRow {
  row: IndicatorRow;
  actual?: Measure;
}

const O = perfVocabulary.outcome;

export interface OutcomeFigure {
  w: Written;
  /** The number's source span. */
  span: Span;
  /** The phrase as read (「全年执行数为455.15万元」). */
  phrase: string;
  unit: string;
}

export type OutcomeKind = 'start' | 'year' | 'executed' | 'rate' | 'score' | 'indicator';

export interface OutcomeClaim {
  kind: OutcomeKind;
  figure: OutcomeFigure;
  /** The indicator row it restates (kind 'indicator'). */
  row?: OutcomeRow;
}

export interface OutcomeReading {
  cell: PCell;
  claims: OutcomeClaim[];
  /** The payments listed (empty when the text names a total and its parts). */
  payments: OutcomeFigure[];
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Reads the figures of a match (the number is group 1, a unit group 2) at its place in the source. */
function figureOf(
  src: string,
  cell: PCell,
  text: string,
  m: RegExpMatchArray,
  unit: string,
): OutcomeFigure | undefined {
  const at = m.index!;
  if (O.prior.test(text.slice(Math.max(0, at - 8), at))) return undefined;
  const w = parseWritten(m[1]);
  if (!w) return undefined;
  // the phrase's place in the source: the same occurrence of it in the cell's raw text
  const raw = src.slice(cell.span.start, cell.span.end);
  let k = 0;
  for (let i = text.indexOf(m[0]); i >= 0 && i < at; i = text.indexOf(m[0], i + 1)) k++;
  let r = -1;
  for (let j = 0; j <= k; j++) {
    r = raw.indexOf(m[0], r + 1);
    if (r < 0) return undefined;
  }
  const off = m[0].lastIndexOf(m[1], m[0].length - unit.length);
  const start = cell.span.start + r + off;
  return { w, span: { start, end: start + m[1].length }, phrase: m[0], unit };
}

/** An indicator's name as the text would write it: no spaces, no trailing （unit）. */
function nameOf(r: OutcomeRow): string | undefined {
  const raw = (r.row.level3?.text ?? '').replace(/[\s\u3000]+/g, '');
  const name = raw.replace(/[（(][^（）()]{1,6}[）)]$/, '');
  return name.length >= 3 ? name : undefined;
}

function indicatorClaims(src: string, cell: PCell, text: string, rows: OutcomeRow[]): OutcomeClaim[] {
  const named = rows.flatMap((row) => {
    const name = nameOf(row);
    const a = row.actual;
    return name && a && a.op === '=' && a.unit && !a.unit.includes('/') ? [{ row, name, unit: a.unit }] : [];
  });
  const count = new Map<string, number>();
  for (const n of named) count.set(n.name, (count.get(n.name) ?? 0) + 1);
  const found: Array<OutcomeClaim & { from: number; to: number }> = [];
  for (const n of named) {
    if (count.get(n.name)! > 1 || !text.includes(n.name)) continue;
    const unit = n.unit === '%' ? '[%％]' : esc(n.unit);
    const re = new RegExp(`${esc(n.name)}(?:${O.between})?[^\\S\\n]*(\\d[\\d,]*(?:\\.\\d+)?)[^\\S\\n]*(${unit})`, 'g');
    for (const m of text.matchAll(re)) {
      const at = m.index!;
      if (!O.before.test(text.slice(Math.max(0, at - 2), at))) continue;
      const figure = figureOf(src, cell, text, m, m[2]);
      if (figure) found.push({ kind: 'indicator', figure, row: n.row, from: at, to: at + m[0].length });
    }
  }
  // a name inside a longer one read at the same place: the longer reading only
  found.sort((a, b) => b.to - b.from - (a.to - a.from));
  const kept: typeof found = [];
  for (const f of found) if (!kept.some((k) => f.from < k.to && k.from < f.to)) kept.push(f);
  return kept.map(({ kind, figure, row }) => ({ kind, figure, row }));
}

/** The figures the 实际完成情况 cell restates. */
export function readOutcome(src: string, cell: PCell, rows: OutcomeRow[]): OutcomeReading {
  const text = cell.text;
  const claims: OutcomeClaim[] = [];
  for (const kind of ['start', 'year', 'executed', 'rate', 'score'] as const) {
    for (const m of text.matchAll(O[kind])) {
      const unit = kind === 'rate' ? m[0].slice(-1) : kind === 'score' ? '分' : m[2];
      const figure = figureOf(src, cell, text, m, unit);
      if (figure) claims.push({ kind, figure });
    }
  }
  pushAll(claims, indicatorClaims(src, cell, text, rows));
  const payments: OutcomeFigure[] = [];
  if (!O.whole.test(text))
    for (const m of text.matchAll(O.payment)) {
      const figure = figureOf(src, cell, text, m, m[2]);
      if (figure) payments.push(figure);
    }
  return { cell, claims, payments };
}
