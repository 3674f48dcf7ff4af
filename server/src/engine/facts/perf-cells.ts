/**
 * Reading the cells of a 绩效自评表: numbers (weights, scores, amounts), percentages, target and
 * actual values with their comparison, and the completion rate that follows from them. Pure
 * functions; the few memos are by string key (CappedMemo), never by document.
 */
import { D, Dec, ONE, Written, parseWritten, trimDec } from '../util/decimal';
import { CappedMemo } from '../util/cache';
import { perfVocabulary as V, type CompareOp } from '../knowledge/perf';
import type { PCell } from './perf-table';
import type { Span } from '../types';

export interface Num {
  w: Written;
  /** Source span of the number itself. */
  span: Span;
  cell: PCell;
}

/** A cell read as a number: the number, 'na' for a blank or a dash, 'bad' for anything else. */
export type NumRead = Num | 'na' | 'bad';

/** Whether a cell's text states nothing (blank, a dash, 无, 不适用). */
export function isNA(text: string): boolean {
  return V.notApplicable.test(text);
}

/** parseWritten, remembered: the same few strings (「10」「100%」) fill most cells, check after check. */
const writtenMemo = new CappedMemo<string, Written | undefined>(20000);
export function written(s: string): Written | undefined {
  return writtenMemo.through(s, parseWritten);
}

/** A score or weight may carry 分. */
export const FEN = /^分?$/;
/** An amount of the funding block may carry its unit (万元, 元). */
export const AMT = V.amountSuffix;
const PCT = /^[%％]$/;

/** A number in a cell (weights, scores: 「10」「100.00分」); 'na' for a blank or a dash. */
export function numOf(src: string, cell: PCell | undefined, suffix: RegExp = FEN): NumRead {
  if (!cell) return 'na';
  const text = cell.text.replace(/[\s\u3000]+/g, '');
  if (isNA(text)) return 'na';
  const m = /^([+-]?\d[\d,]*(?:\.\d+)?)(.*)$/.exec(text);
  if (!m || !suffix.test(m[2])) return 'bad';
  const w = written(m[1]);
  if (!w) return 'bad';
  return { w, span: locate(src, cell, m[1]), cell };
}

/** A percentage in a cell (「100%」「105.26%」). */
export function pctOf(src: string, cell: PCell | undefined): NumRead {
  return numOf(src, cell, PCT);
}

/** The number read, when it is one. */
export const asNum = (r: NumRead): Num | undefined => (typeof r === 'object' ? r : undefined);

/** 0 ≤ 得分 ≤ 分值: the nearest bound when the score lies outside (0 or the weight), else undefined. */
export function scoreCap(weight: Num, score: Num): Dec | undefined {
  const w = weight.w.value;
  const s = score.w.value;
  // a negative weight is itself wrong: it bounds no score
  if (w.lt(0)) return undefined;
  if (s.lt(0)) return new D(0);
  return s.gt(w) ? w : undefined;
}

function locate(src: string, cell: PCell, num: string): Span {
  const raw = src.slice(cell.span.start, cell.span.end);
  const i = raw.indexOf(num);
  return i >= 0 ? { start: cell.span.start + i, end: cell.span.start + i + num.length } : cell.span;
}

export interface Measure {
  op: CompareOp;
  value: Dec;
  unit: string;
  text: string;
}

const MEASURE_RE = new RegExp(`^(${V.comparisonRe})?([+-]?\\d[\\d,]*(?:\\.\\d+)?)([^\\d]*)$`);
const measureMemo = new CappedMemo<string, Measure | undefined>(20000);

/** A target or actual value: operator, number, unit (「>=12次」「<=10.44万元/次」「=100%」). */
export function measureOf(cell: PCell | undefined): Measure | undefined {
  if (!cell) return undefined;
  return measureMemo.through(cell.text, parseMeasure);
}

function parseMeasure(raw: string): Measure | undefined {
  const text = raw.replace(/[\s\u3000]+/g, '');
  const m = MEASURE_RE.exec(text);
  if (!m) return undefined;
  const w = written(m[2]);
  if (!w) return undefined;
  return { op: m[1] ? V.comparisons[m[1]] : '=', value: w.value, unit: m[3].replace(/％/g, '%'), text };
}

/** Factor turning `from` units into `to` units, or undefined when they are not comparable. */
function unitFactor(from: string, to: string): Dec | undefined {
  if (from === to || !from || !to) return new D(1);
  const split = (u: string) => {
    const m = V.amountUnit.exec(u);
    return m ? { amt: m[1], rest: m[2] } : undefined;
  };
  const a = split(from);
  const b = split(to);
  if (a && b && a.rest === b.rest) return new D(V.amountUnits[a.amt]).div(V.amountUnits[b.amt]);
  return undefined;
}

export interface Completion {
  /** Exact completion (1 = 100%). */
  value: Dec;
  formula: string;
}

const completionMemo = new CappedMemo<string, Completion | 'units' | undefined>(20000);

/** 完成率 from target and actual: ≥/>/= actual ÷ target, ≤/< target ÷ actual. */
export function completionOf(target: Measure, actual: Measure): Completion | 'units' | undefined {
  return completionMemo.through(`${target.text}\u0000${actual.text}`, () => computeCompletion(target, actual));
}

function computeCompletion(target: Measure, actual: Measure): Completion | 'units' | undefined {
  const f = unitFactor(actual.unit, target.unit);
  if (!f) return 'units';
  if (f.eq(ONE) && actual.value.eq(target.value) && !target.value.isZero())
    return { value: ONE, formula: `${trimDec(actual.value)} ÷ ${trimDec(target.value)}` };
  const a = actual.value.times(f);
  const tg = target.value;
  // no completion rate of a negative target or actual value (a typo, or not a measure of progress)
  if (a.lt(0) || tg.lt(0)) return undefined;
  if (target.op === '<=' || target.op === '<') {
    if (a.isZero()) return undefined;
    return { value: tg.div(a), formula: `${trimDec(tg)} ÷ ${trimDec(a)}` };
  }
  if (tg.isZero()) return undefined;
  return { value: a.div(tg), formula: `${trimDec(a)} ÷ ${trimDec(tg)}` };
}
