/**
 * The checks of the 绩效自评表, shared by the perf-* rules: weights, score ranges, totals,
 * execution rates and their scores, completion rates from target and actual, scores that follow
 * from completion, deviation reasons, sane ranges, funding sums, grades, the prose summary.
 * All arithmetic is exact decimal (decimal.ts); stated figures carry their rounding intervals.
 * One pass per document; each rule takes its own findings, so a single fault is reported once
 * (a score above its 分值 explains the total it breaks; a weight whose row scored full marks
 * explains weights that do not add up).
 */
import { D, Dec, Interval, Written, divide, fmt, judge, parseWritten, trimDec } from '../../util/decimal';
import { base, rel, type Ctx } from '../context';
import { analysisOf } from '../../structure/outline';
import { RecentCache } from '../../util/cache';
import { perfGroupsOf, type IndicatorRow, type PCell, type PerfTable } from '../../facts/perf-table';
import type { Finding, Fix, RelatedFigure, Span } from '../../types';
import { t } from '../rule';

export interface Num {
  w: Written;
  /** Source span of the number itself. */
  span: Span;
  cell: PCell;
}

const NA_RE = /^(?:[-—－–/／\\]+|无|不适用|n\/?a)?$/i;

/** parseWritten, remembered: the same few strings (「10」「100%」) fill most cells, check after check. */
const writtenMemo = new Map<string, Written | undefined>();
function written(s: string): Written | undefined {
  let w = writtenMemo.get(s);
  if (w === undefined && !writtenMemo.has(s)) {
    if (writtenMemo.size > 20000) writtenMemo.clear();
    w = parseWritten(s);
    writtenMemo.set(s, w);
  }
  return w;
}

/** Cells read during one document's pass (cleared at its start). */
const numCache = new Map<PCell, Map<RegExp, Num | 'na' | 'bad'>>();

/** A number in a cell (weights, scores: 「10」「100.00分」); 'na' for a blank or a dash. */
export function numOf(src: string, cell: PCell | undefined, suffix: RegExp = FEN): Num | 'na' | 'bad' {
  if (!cell) return 'na';
  let byRe = numCache.get(cell);
  if (!byRe) numCache.set(cell, (byRe = new Map()));
  let r = byRe.get(suffix);
  if (r === undefined) byRe.set(suffix, (r = parseNum(src, cell, suffix)));
  return r;
}
const FEN = /^分?$/;
const AMT = /^(?:万元|元)?$/;
const PCT = /^[%％]$/;

function parseNum(src: string, cell: PCell, suffix: RegExp): Num | 'na' | 'bad' {
  const text = cell.text.replace(/[\s\u3000]+/g, '');
  if (NA_RE.test(text)) return 'na';
  const m = /^([+-]?\d[\d,]*(?:\.\d+)?)(.*)$/.exec(text);
  if (!m || !suffix.test(m[2])) return 'bad';
  const w = written(m[1]);
  if (!w) return 'bad';
  return { w, span: locate(src, cell, m[1]), cell };
}

/** A percentage in a cell (「100%」「105.26%」). */
export function pctOf(src: string, cell: PCell | undefined): Num | 'na' | 'bad' {
  return numOf(src, cell, PCT);
}

function locate(src: string, cell: PCell, num: string): Span {
  const raw = src.slice(cell.span.start, cell.span.end);
  const i = raw.indexOf(num);
  return i >= 0 ? { start: cell.span.start + i, end: cell.span.start + i + num.length } : cell.span;
}

export interface Measure {
  op: '>=' | '<=' | '>' | '<' | '=';
  value: Dec;
  unit: string;
  text: string;
}

const OPS: Record<string, Measure['op']> = {
  '>=': '>=',
  '≥': '>=',
  '＞=': '>=',
  '>＝': '>=',
  '<=': '<=',
  '≤': '<=',
  '＜=': '<=',
  '<＝': '<=',
  '>': '>',
  '＞': '>',
  '<': '<',
  '＜': '<',
  '=': '=',
  '＝': '=',
};

/** A target or actual value: operator, number, unit (「>=12次」「<=10.44万元/次」「=100%」). */
const measureMemo = new Map<string, Measure | undefined>();

export function measureOf(cell: PCell | undefined): Measure | undefined {
  if (!cell) return undefined;
  const key = cell.text;
  let r = measureMemo.get(key);
  if (r === undefined && !measureMemo.has(key)) {
    if (measureMemo.size > 20000) measureMemo.clear();
    r = parseMeasure(key);
    measureMemo.set(key, r);
  }
  return r;
}

function parseMeasure(raw: string): Measure | undefined {
  const text = raw.replace(/[\s\u3000]+/g, '');
  const m = /^(>=|≥|＞=|>＝|<=|≤|＜=|<＝|>|＞|<|＜|=|＝)?([+-]?\d[\d,]*(?:\.\d+)?)([^\d]*)$/.exec(text);
  if (!m) return undefined;
  const w = written(m[2]);
  if (!w) return undefined;
  return { op: m[1] ? OPS[m[1]] : '=', value: w.value, unit: m[3].replace(/％/g, '%'), text };
}

const AMOUNT: Record<string, string> = { 元: '1', 千元: '1000', 万元: '10000', 亿元: '100000000' };

/** Factor turning `from` units into `to` units, or undefined when they are not comparable. */
function unitFactor(from: string, to: string): Dec | undefined {
  if (from === to || !from || !to) return new D(1);
  const split = (u: string) => {
    const m = /^(元|千元|万元|亿元)(.*)$/.exec(u);
    return m ? { amt: m[1], rest: m[2] } : undefined;
  };
  const a = split(from);
  const b = split(to);
  if (a && b && a.rest === b.rest) return new D(AMOUNT[a.amt]).div(AMOUNT[b.amt]);
  return undefined;
}

export interface Completion {
  /** Exact completion (1 = 100%). */
  value: Dec;
  formula: string;
}

/** 完成率 from target and actual: ≥/>/= actual ÷ target, ≤/< target ÷ actual. */
const ONE = new D(1);
const completionMemo = new Map<string, Completion | 'units' | undefined>();

export function completionOf(target: Measure, actual: Measure): Completion | 'units' | undefined {
  const key = `${target.text}\u0000${actual.text}`;
  let r = completionMemo.get(key);
  if (r === undefined && !completionMemo.has(key)) {
    if (completionMemo.size > 20000) completionMemo.clear();
    r = computeCompletion(target, actual);
    completionMemo.set(key, r);
  }
  return r;
}

function computeCompletion(target: Measure, actual: Measure): Completion | 'units' | undefined {
  const f = unitFactor(actual.unit, target.unit);
  if (!f) return 'units';
  if (f.eq(ONE) && actual.value.eq(target.value) && !target.value.isZero())
    return { value: ONE, formula: `${trimDec(actual.value)} ÷ ${trimDec(target.value)}` };
  const a = actual.value.times(f);
  const tg = target.value;
  if (target.op === '<=' || target.op === '<') {
    if (a.isZero()) return undefined;
    return { value: tg.div(a), formula: `${trimDec(tg)} ÷ ${trimDec(a)}` };
  }
  if (tg.isZero()) return undefined;
  return { value: a.div(tg), formula: `${trimDec(a)} ÷ ${trimDec(tg)}` };
}

function isProportional(rule: PCell | undefined, profileScoring: string): boolean {
  if (profileScoring === 'none') return false;
  if (!rule || !rule.text.trim()) return true;
  const r = rule.text;
  if (/比例|按比|完成率/.test(r)) return true;
  return !/直接|等级|定性|满意度|档|酌情|扣分/.test(r);
}

const pctText = (v: Dec, d: number) => `${fmt(v.times(100), d)}%`;

interface RowEval {
  row: IndicatorRow;
  weight?: Num;
  score?: Num;
  stated?: Num;
  target?: Measure;
  actual?: Measure;
  computed?: Completion | 'units';
  /** The score this row should have, when determined. */
  expected?: Dec;
  flagged: boolean;
}

const cache = new RecentCache<object, Finding[]>();

/** What the prose check needs of a table. */
interface Summary {
  kind: PerfTable['kind'];
  title: Span;
  name: string;
  start: number;
  year?: string;
  executed?: string;
}

/**
 * The findings of a table depend on its text only (and the language and the scoring
 * conventions): remembered by its text, with spans relative to its start, so a table left
 * untouched while the rest of the report is edited is not checked again.
 */
const tableMemo = new Map<string, { rel: Finding[]; summary?: Summary }>();

/** All perf-* findings of the check (cached per document). */
export function perfFindings(ctx: Ctx): Finding[] {
  const cached = cache.get(ctx.doc);
  if (cached) return cached;
  const out: Finding[] = [];
  numCache.clear();
  const a = analysisOf(ctx);
  const perf = a?.profile.performance ?? DEFAULT_PERF;
  const summaries: Summary[] = [];
  if (ctx.doc.perfTables) {
    for (const table of ctx.doc.perfTables) {
      checkTable(ctx, table, perf, out);
      if (!table.doc) summaries.push(summarize(table));
    }
  } else {
    const src = ctx.doc.source;
    const perfKey = `${ctx.lang}\u0001${perf.weightTotal}\u0001${perf.scoring}\u0001${perf.grades.map((g) => `${g.grade}${g.min}`).join(',')}`;
    for (const g of perfGroupsOf(ctx.doc)) {
      const key = `${perfKey}\u0001${src.slice(g.start, g.end)}`;
      let memo = tableMemo.get(key);
      if (!memo) {
        const table = g.build();
        const local: Finding[] = [];
        if (table) checkTable(ctx, table, perf, local);
        memo = {
          rel: local.map((f) => shiftFinding(ctx, f, -g.start, false)),
          summary: table ? shiftSummary(summarize(table), -g.start) : undefined,
        };
        if (tableMemo.size > 200) tableMemo.clear();
        tableMemo.set(key, memo);
      }
      for (const f of memo.rel) out.push(shiftFinding(ctx, f, g.start, true));
      if (memo.summary) summaries.push(shiftSummary(memo.summary, g.start));
    }
  }
  if (summaries.length) checkProse(ctx, summaries, out);
  cache.set(ctx.doc, out);
  return out;
}

const DEFAULT_PERF: Perf = {
  weightTotal: 100,
  grades: [
    { grade: '优', min: 90 },
    { grade: '良', min: 80 },
    { grade: '中', min: 60 },
    { grade: '差', min: 0 },
  ],
  scoring: 'proportional',
};

function summarize(t: PerfTable): Summary {
  const row = t.funding.find((f) => f.total);
  return {
    kind: t.kind,
    title: t.title.span,
    name: (t.name?.text ?? t.title.text).replace(/\s+/g, ''),
    start: t.span.start,
    year: row?.year?.text,
    executed: row?.executed?.text,
  };
}

function shiftSummary(s: Summary, d: number): Summary {
  return { ...s, title: { start: s.title.start + d, end: s.title.end + d }, start: s.start + d };
}

/** A finding moved by `d` (its spans; with `ranges`, its line/character ranges recomputed). */
function shiftFinding(ctx: Ctx, f: Finding, d: number, ranges: boolean): Finding {
  const lines = ctx.doc.lines;
  const sp = (x: Span): Span => ({ start: x.start + d, end: x.end + d });
  const range = (x: Span) =>
    ranges ? lines.range(x) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const span = sp(f.span);
  const fixes = f.fixes.map((x) => ({
    ...x,
    edits: x.edits.map((e) => ({ ...e, span: sp(e.span), range: range(sp(e.span)) })),
  }));
  return {
    ...f,
    span,
    range: range(span),
    related: f.related.map((r) => ({ ...r, span: sp(r.span), range: range(sp(r.span)) })),
    fixes,
    data: {
      ...(f.data ?? {}),
      fixes: fixes.map((x) => ({
        title: x.title,
        certain: x.certain,
        edits: x.edits.map((e) => ({ range: e.range, newText: e.newText, path: e.path })),
      })),
    },
  };
}

type Perf = { weightTotal: number; grades: Array<{ grade: string; min: number }>; scoring: 'proportional' | 'none' };

function checkTable(ctx: Ctx, table: PerfTable, perf: Perf, out: Finding[]): void {
  const { lang } = ctx;
  const doc = table.doc ?? ctx.doc;
  const src = doc.source;
  const at = (span: Span) => span;
  const push = (
    rule: string,
    severity: Finding['severity'],
    span: Span,
    msg: string,
    related: RelatedFigure[],
    fixes: Fix[],
    extra: Partial<Finding> = {},
  ) => {
    out.push(base(ctx, rule, severity, at(span), msg, related, fixes, extra, table.doc));
  };
  const relCell = (c: PCell | Num, message: string): RelatedFigure =>
    rel(ctx, 'w' in c ? c.span : c.span, message, table.doc);
  const setFix = (n: Num, value: Dec, decimals: number, certain: boolean, title?: string): Fix => {
    const text = fmt(value, decimals);
    return {
      title: title ?? t(lang, `改为 ${text}`, `Change to ${text}`),
      certain,
      edits: [
        { span: n.span, range: doc.lines.range(n.span), newText: text, ...(table.doc ? { path: table.doc.path } : {}) },
      ],
    };
  };
  const name = (r: IndicatorRow) =>
    (r.level3?.text || r.level2?.text || r.level1?.text || '').replace(/\s+/g, '').slice(0, 24);
  const tname = (table.name?.text ?? table.title.text).replace(/\s+/g, '');

  // cells that should hold numbers
  for (const r of table.indicators) {
    for (const [c, label] of [
      [r.weight, '分值'],
      [r.score, '得分'],
    ] as const) {
      if (numOf(src, c) === 'bad' && !/\d{4}年|[０-９]/.test(c!.text))
        push(
          'perf-cell',
          'warning',
          c!.span,
          t(
            lang,
            `${label}应为数字：「${c!.text}」`,
            `the ${label === '分值' ? 'weight' : 'score'} is not a number: 「${c!.text}」`,
          ),
          [],
          [],
        );
    }
    if (
      r.completion &&
      pctOf(src, r.completion) === 'bad' &&
      !/[０-９]/.test(r.completion.text) &&
      numOf(src, r.completion) === 'bad'
    ) {
      push(
        'perf-cell',
        'warning',
        r.completion.span,
        t(
          lang,
          `完成率应为百分数：「${r.completion.text}」`,
          `the completion rate is not a percentage: 「${r.completion.text}」`,
        ),
        [],
        [],
      );
    }
  }

  // the funding block: the execution rate and its score, the sources adding up
  const totalRow = table.funding.find((f) => f.total);
  const parts = table.funding.filter((f) => !f.total);
  let fundWeight: Num | undefined;
  let fundScore: Num | undefined;
  let fundExpected: Dec | undefined;
  /** The execution-rate score it should be, when it is reported wrong. */
  let fundFixed: Dec | undefined;
  if (totalRow) {
    const w = numOf(src, totalRow.weight);
    const s = numOf(src, totalRow.score);
    fundWeight = typeof w === 'object' ? w : undefined;
    fundScore = typeof s === 'object' ? s : undefined;
    const yearN = numOf(src, totalRow.year, AMT);
    const execN = numOf(src, totalRow.executed, AMT);
    const rateN = pctOf(src, totalRow.rate);
    let rate: Interval | undefined;
    let ratePoint: Dec | undefined;
    const ratio =
      typeof yearN === 'object' && typeof execN === 'object' ? divide(execN.w.interval, yearN.w.interval) : undefined;
    if (ratio && typeof yearN === 'object' && typeof execN === 'object') {
      const point = execN.w.value.div(yearN.w.value);
      rate = ratio.scale(new D(100));
      ratePoint = point;
      if (typeof rateN === 'object') {
        const v = judge(rateN.w, rate, point.times(100));
        if (v === 'mismatch') {
          const expected = pctText(point, rateN.w.decimals);
          push(
            'perf-execution',
            'error',
            rateN.span,
            t(
              lang,
              `执行率 ${rateN.cell.text} 与全年执行数 ÷ 全年预算数不符，应为 ${expected}（${tname}）`,
              `the execution rate ${rateN.cell.text} does not follow from executed ÷ full-year budget; it should be ${expected} (${tname})`,
            ),
            [relCell(execN, `全年执行数 ${execN.cell.text}`), relCell(yearN, `全年预算数 ${yearN.cell.text}`)],
            [setFix(rateN, point.times(100), rateN.w.decimals, true)],
            {
              expected,
              formula: `${trimDec(execN.w.value)} ÷ ${trimDec(yearN.w.value)} × 100 = ${trimDec(point.times(100), 4)}%`,
            },
          );
          ratePoint = point;
        } else ratePoint = rateN.w.value.div(100);
        if (rateN.w.value.gt(100)) {
          push(
            'perf-range',
            'warning',
            rateN.span,
            t(
              lang,
              `执行率 ${rateN.cell.text} 超过 100%：执行数大于全年预算数（${tname}）`,
              `the execution rate ${rateN.cell.text} exceeds 100%: more was spent than budgeted (${tname})`,
            ),
            [],
            [],
          );
        }
      }
    } else if (typeof rateN === 'object') ratePoint = rateN.w.value.div(100);
    // the score of the execution rate: 分值 × min(执行率, 100%)
    if (fundWeight && fundScore && ratePoint) {
      const exp = fundWeight.w.value.times(D.min(ratePoint, 1));
      fundExpected = exp;
      if (fundScore.w.value.gt(fundWeight.w.value) || fundScore.w.value.lt(0)) {
        const to = fundScore.w.value.lt(0) ? new D(0) : fundWeight.w.value;
        fundFixed = to;
        push(
          'perf-score-range',
          'error',
          fundScore.span,
          t(
            lang,
            `预算执行率得分 ${fundScore.cell.text} 超出 0 至分值 ${fundWeight.cell.text} 的范围（${tname}）`,
            `the execution-rate score ${fundScore.cell.text} is outside 0 … ${fundWeight.cell.text} (${tname})`,
          ),
          [relCell(fundWeight, `分值 ${fundWeight.cell.text}`)],
          [
            setFix(
              fundScore,
              to,
              fundScore.w.decimals,
              true,
              t(lang, `改为 ${fmt(to, fundScore.w.decimals)}（不超过分值）`, `Cap at ${fmt(to, fundScore.w.decimals)}`),
            ),
          ],
          {
            expected: fmt(to, fundScore.w.decimals),
            formula: `0 ≤ ${trimDec(fundScore.w.value)} ≤ ${trimDec(fundWeight.w.value)}`,
          },
        );
      } else if (
        perf.scoring === 'proportional' &&
        judge(fundScore.w, Interval.exact(exp), exp) === 'mismatch' &&
        !Interval.exact(exp).meets(fundScore.w.interval)
      ) {
        const expected = fmt(exp, fundScore.w.decimals);
        fundFixed = exp;
        push(
          'perf-execution',
          'error',
          fundScore.span,
          t(
            lang,
            `执行率得分 ${fundScore.cell.text} 与执行率不符：${trimDec(fundWeight.w.value)} × ${trimDec(D.min(ratePoint, 1).times(100), 2)}% = ${expected}（${tname}）`,
            `the execution-rate score ${fundScore.cell.text} does not follow from the rate: ${trimDec(fundWeight.w.value)} × ${trimDec(D.min(ratePoint, 1).times(100), 2)}% = ${expected} (${tname})`,
          ),
          [
            relCell(fundWeight, `分值 ${fundWeight.cell.text}`),
            ...(totalRow.rate ? [relCell(totalRow.rate, `执行率 ${totalRow.rate.text}`)] : []),
          ],
          [setFix(fundScore, exp, fundScore.w.decimals, true)],
          {
            expected,
            formula: `${trimDec(fundWeight.w.value)} × min(${trimDec(ratePoint.times(100), 4)}%, 100%) = ${trimDec(exp, 4)}`,
          },
        );
      }
    }
    // sources add up to the total, column by column
    if (parts.length >= 2) {
      for (const col of ['start', 'year', 'executed'] as const) {
        const tot = numOf(src, totalRow[col], AMT);
        const ps = parts.map((p) => numOf(src, p[col], AMT));
        if (typeof tot !== 'object' || ps.some((p) => p === 'bad')) continue;
        const nums = ps.filter((p): p is Num => typeof p === 'object');
        if (nums.length < 2) continue;
        const sum = nums.reduce((acc, p) => acc.add(p.w.interval), Interval.exact(0));
        const point = nums.reduce((acc, p) => acc.plus(p.w.value), new D(0));
        if (judge(tot.w, sum, point) === 'mismatch') {
          const colName = col === 'start' ? '年初预算数' : col === 'year' ? '全年预算数' : '全年执行数';
          const expected = fmt(point, tot.w.decimals);
          push(
            'perf-funds',
            'error',
            tot.span,
            t(
              lang,
              `${totalRow.label.text.replace(/\s+/g, '')}的${colName} ${tot.cell.text} 不等于各项资金之和 ${expected}（${tname}）`,
              `the ${colName} of ${totalRow.label.text.replace(/\s+/g, '')}, ${tot.cell.text}, is not the sum of its sources, ${expected} (${tname})`,
            ),
            nums.map((p, i) => relCell(p, `${parts[i].label.text.replace(/\s+/g, '')} ${p.cell.text}`)),
            [setFix(tot, point, tot.w.decimals, false)],
            { expected, formula: `${nums.map((p) => p.cell.text.trim()).join(' + ')} = ${trimDec(point)}` },
          );
        }
      }
    }
  }

  // indicator rows: their numbers first
  const evals: RowEval[] = [];
  let badWeight = false;
  let badScore = false;
  for (const r of table.indicators) {
    const w = numOf(src, r.weight);
    const s = numOf(src, r.score);
    if (w === 'bad') badWeight = true;
    if (s === 'bad') badScore = true;
    const ev: RowEval = {
      row: r,
      weight: typeof w === 'object' ? w : undefined,
      score: typeof s === 'object' ? s : undefined,
      flagged: false,
    };
    const stated = pctOf(src, r.completion);
    const target = measureOf(r.target);
    const actual = measureOf(r.actual);
    ev.computed = target && actual ? completionOf(target, actual) : undefined;
    ev.stated = typeof stated === 'object' ? stated : undefined;
    ev.target = target;
    ev.actual = actual;
    evals.push(ev);
  }
  const fullMarks = (e: RowEval) => {
    const c = e.stated
      ? e.stated.w.value.div(100)
      : e.computed && e.computed !== 'units'
        ? e.computed.value
        : undefined;
    return !!c && c.gte(1);
  };

  // weights add up to 100; a row scored full marks shows what its weight should have been
  const weights = [...(fundWeight ? [fundWeight] : []), ...evals.map((e) => e.weight).filter((w): w is Num => !!w)];
  const statedW = table.total?.weight ? numOf(src, table.total.weight) : 'na';
  const wantTotal = new D(perf.weightTotal);
  if (evals.length && weights.length && !badWeight) {
    const sumW = weights.reduce((acc, w) => acc.plus(w.w.value), new D(0));
    const formula = `${weights.map((w) => trimDec(w.w.value)).join(' + ')} = ${trimDec(sumW)}`;
    if (!sumW.eq(wantTotal)) {
      const diff = sumW.minus(wantTotal);
      const full = [
        ...(fundWeight &&
        fundScore &&
        fundExpected &&
        fundScore.w.value.eq(fundWeight.w.value.minus(diff)) &&
        fundExpected.gte(fundWeight.w.value)
          ? [{ w: fundWeight, s: fundScore, e: undefined as RowEval | undefined }]
          : []),
        ...evals
          .filter(
            (e) =>
              e.weight &&
              e.score &&
              fullMarks(e) &&
              e.score.w.value.eq(e.weight.w.value.minus(diff)) &&
              !e.score.w.value.eq(e.weight.w.value),
          )
          .map((e) => ({ w: e.weight!, s: e.score!, e })),
      ];
      const culprit = full.length === 1 ? full[0] : undefined;
      if (culprit) {
        const to = culprit.w.w.value.minus(diff);
        if (culprit.e) culprit.e.flagged = true; // its score is right against the right weight
        push(
          'perf-weights',
          'error',
          culprit.w.span,
          t(
            lang,
            `分值之和为 ${trimDec(sumW)}，不是 ${perf.weightTotal}：此项分值 ${culprit.w.cell.text} 应为 ${trimDec(to)}（得分 ${culprit.s.cell.text} 为满分）（${tname}）`,
            `the weights add up to ${trimDec(sumW)}, not ${perf.weightTotal}: this weight ${culprit.w.cell.text} should be ${trimDec(to)} (its score ${culprit.s.cell.text} is full marks) (${tname})`,
          ),
          weights
            .filter((w) => w !== culprit.w)
            .slice(0, 12)
            .map((w) => relCell(w, `分值 ${w.cell.text}`)),
          [setFix(culprit.w, to, culprit.w.w.decimals, true)],
          { expected: trimDec(to), formula },
        );
      } else {
        const where = typeof statedW === 'object' ? statedW.span : table.title.span;
        push(
          'perf-weights',
          'error',
          where,
          t(
            lang,
            `各项分值之和为 ${trimDec(sumW)}，应为 ${perf.weightTotal}（${tname}）`,
            `the weights add up to ${trimDec(sumW)}, not ${perf.weightTotal} (${tname})`,
          ),
          weights.slice(0, 12).map((w) => relCell(w, `分值 ${w.cell.text}`)),
          [],
          { expected: String(perf.weightTotal), formula },
        );
      }
    } else if (typeof statedW === 'object' && !statedW.w.value.eq(sumW)) {
      push(
        'perf-weights',
        'error',
        statedW.span,
        t(
          lang,
          `总分的分值 ${statedW.cell.text} 与各项分值之和 ${trimDec(sumW)} 不符（${tname}）`,
          `the total weight ${statedW.cell.text} is not the sum of the weights, ${trimDec(sumW)} (${tname})`,
        ),
        [],
        [setFix(statedW, sumW, statedW.w.decimals, true)],
        { expected: trimDec(sumW), formula },
      );
    }
  }

  // each row: its completion rate, its score, its deviation reason, its ranges
  for (const ev of evals) {
    const r = ev.row;
    const rowName = name(r);
    const { stated, target, actual, computed } = ev;
    let completion: Dec | undefined;
    let completionFormula: string | undefined;
    if (computed === 'units' && target && actual) {
      push(
        'perf-completion',
        'warning',
        r.actual!.span,
        t(
          lang,
          `「${rowName}」目标值与实际值单位不一致：「${target.text}」与「${actual.text}」`,
          `「${rowName}」: the target and the actual value have different units: 「${target.text}」 and 「${actual.text}」`,
        ),
        [relCell(r.target!, `目标值 ${target.text}`)],
        [],
      );
    }
    if (computed && computed !== 'units') {
      completion = computed.value;
      completionFormula = computed.formula;
      if (stated) {
        const point = computed.value.times(100);
        const capped = D.min(point, 100);
        const ok =
          stated.w.value.eq(point) ||
          judge(stated.w, Interval.exact(point), point) !== 'mismatch' ||
          judge(stated.w, Interval.exact(capped), capped) !== 'mismatch';
        if (!ok) {
          const expected = pctText(computed.value, stated.w.decimals);
          push(
            'perf-completion',
            'error',
            stated.span,
            t(
              lang,
              `「${rowName}」完成率 ${stated.cell.text} 与目标值、实际值不符：${computed.formula} = ${expected}`,
              `「${rowName}」: the completion rate ${stated.cell.text} does not follow from the target and the actual value: ${computed.formula} = ${expected}`,
            ),
            [relCell(r.target!, `目标值 ${target!.text}`), relCell(r.actual!, `实际值 ${actual!.text}`)],
            [setFix(stated, point, stated.w.decimals, true)],
            { expected, formula: `${computed.formula} × 100 = ${trimDec(point, 4)}%` },
          );
          ev.flagged = true;
        } else completion = stated.w.value.div(100);
      }
    } else if (stated) {
      completion = stated.w.value.div(100);
      completionFormula = `${stated.cell.text}`;
    }
    // sane ranges
    if (stated && stated.w.value.lt(0)) {
      push(
        'perf-range',
        'warning',
        stated.span,
        t(lang, `「${rowName}」完成率为负数`, `「${rowName}」: a negative completion rate`),
        [],
        [],
      );
    }
    if (/满意度|率/.test(rowName)) {
      for (const [m, c, label] of [
        [target, r.target, '目标值'],
        [actual, r.actual, '实际值'],
      ] as const) {
        if (m && m.unit === '%' && m.value.gt(100)) {
          push(
            'perf-range',
            'warning',
            c!.span,
            t(
              lang,
              `「${rowName}」${label} ${m.text} 超过 100%`,
              `「${rowName}」: the ${label === '目标值' ? 'target' : 'actual value'} ${m.text} exceeds 100%`,
            ),
            [],
            [],
          );
        }
      }
    }
    if (!ev.weight || !ev.score) continue;
    const wv = ev.weight.w.value;
    const sv = ev.score.w.value;
    // 0 ≤ 得分 ≤ 分值
    if (sv.gt(wv) || sv.lt(0)) {
      if (ev.flagged) continue; // the weight is wrong, not the score
      const to = sv.lt(0) ? new D(0) : wv;
      ev.expected = to;
      ev.flagged = true;
      push(
        'perf-score-range',
        'error',
        ev.score.span,
        sv.lt(0)
          ? t(
              lang,
              `「${rowName}」得分 ${ev.score.cell.text} 为负数`,
              `「${rowName}」: the score ${ev.score.cell.text} is negative`,
            )
          : t(
              lang,
              `「${rowName}」得分 ${ev.score.cell.text} 超过分值 ${ev.weight.cell.text}`,
              `「${rowName}」: the score ${ev.score.cell.text} exceeds its weight ${ev.weight.cell.text}`,
            ),
        [relCell(ev.weight, `分值 ${ev.weight.cell.text}`)],
        [
          setFix(
            ev.score,
            to,
            ev.score.w.decimals,
            true,
            t(lang, `改为 ${fmt(to, ev.score.w.decimals)}（不超过分值）`, `Cap at ${fmt(to, ev.score.w.decimals)}`),
          ),
        ],
        { expected: fmt(to, ev.score.w.decimals), formula: `0 ≤ ${trimDec(sv)} ≤ ${trimDec(wv)}` },
      );
      continue;
    }
    if (ev.flagged) continue;
    const reason = r.reason && r.reason.text.trim() && !NA_RE.test(r.reason.text.trim()) ? r.reason : undefined;
    // 得分 from 完成率: full marks at 100% or more, proportional below
    if (completion && isProportional(r.rule, perf.scoring)) {
      const over = completion.gt(1);
      const exp = completion.gte(1) ? wv : wv.times(completion);
      const ok = sv.eq(exp) || judge(ev.score.w, Interval.exact(exp), exp) !== 'mismatch';
      // a lower score with its reason stated is a deliberate deduction (a completion far above
      // target scored down, say); one far above target without a reason needs the reason
      const excused = !!reason && sv.lt(exp);
      if (!ok && !excused && !(over && sv.lt(exp))) {
        const expected = fmt(exp, ev.score.w.decimals);
        ev.expected = exp;
        ev.flagged = true;
        push(
          'perf-score',
          'error',
          ev.score.span,
          t(
            lang,
            `「${rowName}」得分 ${ev.score.cell.text} 与完成率不符：${trimDec(wv)} × ${trimDec(D.min(completion, 1).times(100), 2)}% = ${expected}`,
            `「${rowName}」: the score ${ev.score.cell.text} does not follow from the completion rate: ${trimDec(wv)} × ${trimDec(D.min(completion, 1).times(100), 2)}% = ${expected}`,
          ),
          [
            relCell(ev.weight, `分值 ${ev.weight.cell.text}`),
            ...(r.completion ? [relCell(r.completion, `完成率 ${r.completion.text}`)] : []),
          ],
          [setFix(ev.score, exp, ev.score.w.decimals, !reason)],
          {
            expected,
            formula: `${trimDec(wv)} × min(${completionFormula ?? trimDec(completion.times(100), 4) + '%'}, 100%) = ${trimDec(exp, 4)}`,
          },
        );
        continue;
      }
    }
    // below full marks: the deviation must be explained
    if (sv.lt(wv) && table.hasReasonColumn && !reason) {
      push(
        'perf-deviation',
        'warning',
        ev.score.span,
        t(
          lang,
          `「${rowName}」得分 ${ev.score.cell.text} 低于分值 ${ev.weight.cell.text}，须填写偏差原因分析及改进措施`,
          `「${rowName}」 scored ${ev.score.cell.text} of ${ev.weight.cell.text}: the deviation needs its reason (偏差原因)`,
        ),
        r.reason ? [relCell(r.reason, t(lang, '偏差原因（空）', 'deviation reason (empty)'))] : [],
        [],
      );
    }
  }

  // 总分 = Σ 得分 (the execution-rate score included)
  const statedTotal = table.total?.score ? numOf(src, table.total.score) : 'na';
  const scores = [...(fundScore ? [fundScore] : []), ...evals.map((e) => e.score).filter((s): s is Num => !!s)];
  if (scores.length && !badScore) {
    const sum = scores.reduce((acc, s) => acc.plus(s.w.value), new D(0));
    const corrected = (fundFixed ?? (fundScore ? fundScore.w.value : new D(0))).plus(
      evals.reduce((acc, e) => acc.plus(e.expected ?? e.score?.w.value ?? 0), new D(0)),
    );
    if (typeof statedTotal === 'object') {
      const tv = statedTotal.w;
      const matches = (x: Dec) => x.toDecimalPlaces(tv.decimals, D.ROUND_HALF_UP).eq(tv.value);
      if (!matches(sum) && !matches(corrected)) {
        const expected = fmt(corrected, tv.decimals);
        push(
          'perf-total',
          'error',
          statedTotal.span,
          t(
            lang,
            `总分 ${statedTotal.cell.text} 不等于各项得分之和 ${expected}（${tname}）`,
            `the total score ${statedTotal.cell.text} is not the sum of the scores, ${expected} (${tname})`,
          ),
          scores.slice(0, 12).map((s) => relCell(s, `得分 ${s.cell.text}`)),
          [
            setFix(
              statedTotal,
              corrected,
              tv.decimals,
              true,
              t(lang, `重算总分为 ${expected}`, `Recompute the total: ${expected}`),
            ),
          ],
          { expected, formula: `${scores.map((s) => trimDec(s.w.value)).join(' + ')} = ${trimDec(sum)}` },
        );
      }
    }
    // the grade follows the total
    if (table.grade) {
      const total = typeof statedTotal === 'object' ? statedTotal.w.value : corrected;
      const g = table.grade.text.replace(/\s+/g, '').replace(/^[“"]|[”"]$/g, '');
      const want = perf.grades.find((x) => total.gte(x.min))?.grade;
      if (want && perf.grades.some((x) => x.grade === g) && g !== want) {
        push(
          'perf-grade',
          'error',
          table.grade.span,
          t(
            lang,
            `自评等级「${g}」与总分 ${trimDec(total)} 不符，应为「${want}」（${perf.grades.map((x) => `${x.grade} ≥ ${x.min}`).join('，')}）`,
            `the grade 「${g}」 does not match the total ${trimDec(total)}; it should be 「${want}」 (${perf.grades.map((x) => `${x.grade} ≥ ${x.min}`).join(', ')})`,
          ),
          [],
          [
            {
              title: t(lang, `改为「${want}」`, `Change to 「${want}」`),
              certain: true,
              edits: [{ span: table.grade.span, range: doc.lines.range(table.grade.span), newText: want }],
            },
          ],
          { expected: want },
        );
      }
    }
  }
}

/** The prose on 预算绩效 against the tables: counts and totals of the unit and project tables. */
function checkProse(ctx: Ctx, tables: Summary[], out: Finding[]): void {
  const { doc, lang } = ctx;
  const units = tables.filter((x) => x.kind === 'unit');
  const projects = tables.filter((x) => x.kind === 'project');
  const sumOf = (ts: Summary[], col: 'year' | 'executed') => {
    let s = new D(0);
    for (const tb of ts) {
      const m = /^([+-]?\d[\d,]*(?:\.\d+)?)(?:万元|元)?$/.exec((tb[col] ?? '').replace(/\s+/g, ''));
      const w = m ? written(m[1]) : undefined;
      if (!w) return undefined;
      s = s.plus(w.value);
    }
    return s;
  };
  const firstTable = Math.min(...tables.map((x) => x.start));
  for (const b of doc.blocks) {
    if (b.kind !== 'paragraph' || b.span.start > firstTable || !/绩效/.test(b.text.text)) continue;
    const text = b.text.text;
    const checks: Array<{
      re: RegExp;
      want: () => Dec | undefined;
      what: Record<'zh' | 'en', string>;
      count?: boolean;
      from: number;
      end?: number;
    }> = [];
    const unitAt = text.search(/整体支出绩效自评表/);
    const projAt = text.search(/(?:预算绩效评价项目|项目支出绩效自评表|绩效自评项目|绩效评价项目)/);
    if (unitAt >= 0 && units.length) {
      const end = projAt > unitAt ? projAt : text.length;
      checks.push({
        re: /整体支出绩效自评表(\d+)个/,
        want: () => new D(units.length),
        what: { zh: '整体支出绩效自评表个数', en: 'number of unit self-evaluation tables' },
        count: true,
        from: unitAt,
      });
      checks.push({
        re: /全年预算(?:总额|总数|数)(?:为)?(\d[\d,]*(?:\.\d+)?)万元/,
        want: () => sumOf(units, 'year'),
        what: { zh: '整体支出全年预算数', en: 'full-year budget of the unit tables' },
        from: unitAt,
        end,
      });
      checks.push({
        re: /(?:实际执行总额|全年执行(?:总额|数))(?:为)?(\d[\d,]*(?:\.\d+)?)万元/,
        want: () => sumOf(units, 'executed'),
        what: { zh: '整体支出全年执行数', en: 'executed amount of the unit tables' },
        from: unitAt,
        end,
      });
    }
    if (projAt >= 0 && projects.length) {
      checks.push({
        re: /(?:预算绩效评价项目|项目支出绩效自评表|绩效自评项目|绩效评价项目)(\d+)个/,
        want: () => new D(projects.length),
        what: { zh: '绩效自评项目个数', en: 'number of evaluated projects' },
        count: true,
        from: projAt,
      });
      checks.push({
        re: /全年预算(?:总额|总数|数)(?:为)?(\d[\d,]*(?:\.\d+)?)万元/,
        want: () => sumOf(projects, 'year'),
        what: { zh: '项目全年预算数之和', en: 'full-year budget of the projects' },
        from: projAt,
      });
      checks.push({
        re: /(?:实际执行总额|全年执行(?:总额|数))(?:为)?(\d[\d,]*(?:\.\d+)?)万元/,
        want: () => sumOf(projects, 'executed'),
        what: { zh: '项目全年执行数之和', en: 'executed amount of the projects' },
        from: projAt,
      });
    }
    for (const c of checks) {
      const slice = text.slice(c.from, c.end ?? text.length);
      const m = c.re.exec(slice);
      if (!m) continue;
      const want = c.want();
      const w = parseWritten(m[1]);
      if (!want || !w) continue;
      const at = c.from + m.index + m[0].indexOf(m[1]);
      const span = b.text.span(at, at + m[1].length);
      const ok = c.count ? w.value.eq(want) : judge(w, Interval.exact(want), want) !== 'mismatch';
      if (ok) continue;
      const expected = c.count ? trimDec(want) : fmt(want, w.decimals);
      const related = (c.what.zh.includes('整体') ? units : projects).map((tb) => rel(ctx, tb.title, tb.name));
      out.push(
        base(
          ctx,
          'perf-prose',
          'error',
          span,
          t(
            lang,
            `${c.what.zh} ${m[1]} 与绩效自评表不符，按表应为 ${expected}`,
            `the ${c.what.en}, ${m[1]}, disagrees with the self-evaluation tables: ${expected}`,
          ),
          related,
          [
            {
              title: t(lang, `改为 ${expected}`, `Change to ${expected}`),
              certain: false,
              edits: [{ span, range: doc.lines.range(span), newText: expected }],
            },
          ],
          { expected },
        ),
      );
    }
  }
}
