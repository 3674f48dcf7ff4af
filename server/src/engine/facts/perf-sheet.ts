/**
 * Stage facts, the 绩效自评表: the document's tables (perf-table.ts) and the reading of their
 * cells the perf-* rules share (weights, scores, completion rates, target and actual values, the
 * funding block), once per check. The rules judge; this only reads.
 */
import { D, Dec, Interval, divide } from '../util/decimal';
import { perfVocabulary, type PerfConventions } from '../knowledge/perf';
import type { ReportDoc } from '../read/model';
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
import { perfTablesOf, type FundingRow, type IndicatorRow, type PCell, type PerfTable } from './perf-table';

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

/** The 自评表 of a document and their cells, read once per check. */
export function perfStageOf(doc: ReportDoc, conventions: PerfConventions | undefined): PerfStage {
  const tables = perfTablesOf(doc);
  return {
    conventions: conventions ?? perfVocabulary.defaults,
    sheets: tables.map((t) => readSheet(doc, t)),
    summaries: tables.filter((t) => !t.doc).map(summarize),
  };
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
