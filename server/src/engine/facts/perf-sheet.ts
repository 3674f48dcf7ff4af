/**
 * Stage facts, the 绩效自评表: the document's tables (perf-table.ts) and the reading of their
 * cells the perf-* rules share (weights, scores, completion rates, target and actual values, the
 * funding block), once per check. The rules judge; this only reads.
 */
import { D, Dec, Interval, divide } from '../util/decimal';
import { perfVocabulary, type PerfConventions } from '../knowledge/perf';
import type { ReportDoc } from '../read/model';
import { CappedMemo } from '../util/cache';
import type { Span } from '../types';
import {
  AMT,
  asNum,
  isNA,
  completionOf,
  measureOf,
  numOf,
  pctOf,
  type Completion,
  type Measure,
  type Num,
  type NumRead,
} from './perf-cells';
import { readOutcome, type OutcomeReading } from './perf-outcome';
import {
  perfGroupsOf,
  perfTablesOf,
  type FundingRow,
  type IndicatorRow,
  type PCell,
  type PerfTable,
} from './perf-table';

/** An indicator row read. */
export interface RowReading {
  row: IndicatorRow;
  /** Its name (the deepest indicator level), for messages. */
  name: string;
  weight?: Num;
  score?: Num;
  /** The stated completion rate. */
  stated?: Num;
  target?: Measure;
  actual?: Measure;
  /** The completion that follows from target and actual ('units' when they cannot be compared). */
  computed?: Completion | 'units';
  /** The 偏差原因 cell, when it states one. */
  reason?: PCell;
}

/** The funding block read: its total row (with the execution rate and its score) and its sources. */
export interface FundReading {
  row: FundingRow;
  parts: FundingRow[];
  weight?: Num;
  score?: Num;
  year: NumRead;
  executed: NumRead;
  rate: NumRead;
  /** 全年执行数 ÷ 全年预算数: exact, and as a percentage with its rounding interval. */
  ratio?: { point: Dec; percent: Interval };
}

export interface PerfSheet {
  table: PerfTable;
  /** The document the table is in, and its text. */
  doc: ReportDoc;
  src: string;
  /** The table's name (项目名称 / 单位名称, else its title), for messages. */
  name: string;
  fund?: FundReading;
  rows: RowReading[];
  /** Whether a weight or a score cell of the rows is not a number. */
  badWeight: boolean;
  badScore: boolean;
  /** The figures its 实际完成情况 text restates. */
  outcome?: OutcomeReading;
  /** The 总分 row's weight and score. */
  statedWeight: NumRead;
  statedTotal: NumRead;
}

/** What the prose check needs of a table of the checked document. */
export interface PerfSummary {
  kind: PerfTable['kind'];
  title: Span;
  name: string;
  start: number;
  year?: string;
  executed?: string;
}

export interface PerfStage {
  /** The scoring conventions: the layout profile's, else the defaults (perf.yaml). */
  conventions: PerfConventions;
  sheets: PerfSheet[];
  summaries: PerfSummary[];
}

/**
 * The 自评表 of a document and their cells, read once per check. With an engine's cache, a table
 * whose text (caption to last row) an earlier check read is not read again: its reading is copied,
 * every position shifted by how far the table moved (a 自评表 is self-contained: read from its
 * span's text alone). Tables a reader built (YAML) and reports read from traditional characters
 * are read every time.
 */
export function perfStageOf(doc: ReportDoc, conventions: PerfConventions | undefined, cache?: PerfCache): PerfStage {
  const sheets =
    cache && !doc.perfTables && !doc.written && doc.format !== 'yaml'
      ? keptSheets(doc, cache)
      : perfTablesOf(doc).map((t) => readSheet(doc, t));
  return {
    conventions: conventions ?? perfVocabulary.defaults,
    sheets,
    summaries: sheets.filter((s) => !s.table.doc).map((s) => summarize(s.table)),
  };
}

/** The readings of 自评表 of earlier checks, by the text of the table's span. */
export class PerfCache {
  readonly sheets = new CappedMemo<string, { start: number; sheet: PerfSheet } | null>(512);
}

function keptSheets(doc: ReportDoc, cache: PerfCache): PerfSheet[] {
  const out: PerfSheet[] = [];
  for (const g of perfGroupsOf(doc)) {
    const key = `${doc.format}\u0000${doc.source.slice(g.start, g.end)}`;
    const kept = cache.sheets.get(key);
    if (kept === null) continue;
    if (kept) {
      out.push(moved(kept.sheet, g.start - kept.start, doc));
      continue;
    }
    const table = g.build();
    if (!table) {
      cache.sheets.set(key, null);
      continue;
    }
    const sheet = readSheet(doc, table);
    // the kept reading is a copy: nothing a check does to its sheets reaches the next check
    cache.sheets.set(key, { start: g.start, sheet: moved(sheet, 0, doc) });
    out.push(sheet);
  }
  return out;
}

/**
 * A copy of a reading for the table's new place in `doc`: every span (an object of a start and an
 * end) shifted by d, other plain objects and arrays copied once each (shared ones stay shared),
 * values (decimals, intervals) kept.
 */
function moved(sheet: PerfSheet, d: number, doc: ReportDoc): PerfSheet {
  const seen = new Map<object, unknown>();
  const copy = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null) return v;
    const hit = seen.get(v);
    if (hit) return hit;
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      seen.set(v, out);
      for (const x of v) out.push(copy(x));
      return out;
    }
    if (Object.getPrototypeOf(v) !== Object.prototype) return v;
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 2 && typeof o.start === 'number' && typeof o.end === 'number') {
      const span = { start: o.start + d, end: (o.end as number) + d };
      seen.set(v, span);
      return span;
    }
    const out: Record<string, unknown> = {};
    seen.set(v, out);
    for (const k of keys) out[k] = copy(o[k]);
    return out;
  };
  const { doc: _doc, src: _src, ...rest } = sheet;
  return { ...(copy(rest) as Omit<PerfSheet, 'doc' | 'src'>), doc, src: doc.source };
}

const squash = (s: string) => s.replace(/\s+/g, '');

export function tableName(t: PerfTable): string {
  return squash(t.name?.text ?? t.title.text);
}

function readSheet(checked: ReportDoc, table: PerfTable): PerfSheet {
  const doc = table.doc ?? checked;
  const src = doc.source;
  const rows = table.indicators.map((r) => readRow(src, r));
  const totalRow = table.funding.find((f) => f.total);
  return {
    table,
    doc,
    src,
    name: tableName(table),
    fund: totalRow ? readFund(src, totalRow, table.funding) : undefined,
    rows,
    outcome: table.outcome ? readOutcome(src, table.outcome, rows) : undefined,
    badWeight: table.indicators.some((r) => numOf(src, r.weight) === 'bad'),
    badScore: table.indicators.some((r) => numOf(src, r.score) === 'bad'),
    statedWeight: table.total?.weight ? numOf(src, table.total.weight) : 'na',
    statedTotal: table.total?.score ? numOf(src, table.total.score) : 'na',
  };
}

function readRow(src: string, r: IndicatorRow): RowReading {
  const target = measureOf(r.target);
  const actual = measureOf(r.actual);
  return {
    row: r,
    name: squash(r.level3?.text || r.level2?.text || r.level1?.text || '').slice(0, 24),
    weight: asNum(numOf(src, r.weight)),
    score: asNum(numOf(src, r.score)),
    stated: asNum(pctOf(src, r.completion)),
    target,
    actual,
    computed: target && actual ? completionOf(target, actual) : undefined,
    reason: r.reason && r.reason.text.trim() && !isNA(r.reason.text.trim()) ? r.reason : undefined,
  };
}

function readFund(src: string, row: FundingRow, funding: FundingRow[]): FundReading {
  const year = numOf(src, row.year, AMT);
  const executed = numOf(src, row.executed, AMT);
  const out: FundReading = {
    row,
    parts: funding.filter((f) => !f.total),
    weight: asNum(numOf(src, row.weight)),
    score: asNum(numOf(src, row.score)),
    year,
    executed,
    rate: pctOf(src, row.rate),
  };
  if (typeof year === 'object' && typeof executed === 'object') {
    const ratio = divide(executed.w.interval, year.w.interval);
    if (ratio) out.ratio = { point: executed.w.value.div(year.w.value), percent: ratio.scale(new D(100)) };
  }
  return out;
}

function summarize(t: PerfTable): PerfSummary {
  const row = t.funding.find((f) => f.total);
  return {
    kind: t.kind,
    title: t.title.span,
    name: tableName(t),
    start: t.span.start,
    year: row?.year?.text,
    executed: row?.executed?.text,
  };
}
