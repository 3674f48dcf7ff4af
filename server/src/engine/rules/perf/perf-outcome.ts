/**
 * perf-outcome: the 实际完成情况 text of a 自评表 against the table it belongs to. The figures it
 * restates (facts/perf-outcome.ts reads them) agree with the row or the funding block they name:
 * 年初预算数, 全年预算数, 全年执行数 of the total row, the execution rate (全年执行数 ÷ 全年预算数),
 * the total score, an indicator's actual value; and the payments it lists do not add up to more
 * than the 全年执行数.
 */
import { D, Dec, Interval, fmt, judge, parseWritten, trimDec } from '../../util/decimal';
import { AMT, asNum, numOf, type Num } from '../../facts/perf-cells';
import type { OutcomeClaim, OutcomeFigure } from '../../facts/perf-outcome';
import type { PerfSheet, RowReading } from '../../facts/perf-sheet';
import { perfVocabulary } from '../../knowledge/perf';
import type { Ctx } from '../context';
import { fix } from '../context';
import { defineRule, t, type Report } from '../rule';
import { pctText, relCell } from './common';
import { rateWrong } from './fund';
import { correctedTotal, fundBlame } from './fund-blame';

const WHAT = {
  start: { zh: '年初预算数', en: 'budget at the start of the year' },
  year: { zh: '全年预算数', en: 'full-year budget' },
  executed: { zh: '全年执行数', en: 'executed amount' },
  rate: { zh: '执行率', en: 'execution rate' },
  score: { zh: '总分', en: 'total score' },
} as const;

export const rule = defineRule(
  {
    id: 'perf-outcome',
    aliases: ['SP213'],
    tags: ['performance'],
    scope: 'perf-sheet',
    title: { 'zh-CN': '实际完成情况与自评表不符', en: 'The 实际完成情况 text disagrees with its table' },
    severity: 'error',
    doc: {
      'zh-CN':
        '自评表「实际完成情况」一栏的文字所复述的数字应与表中一致：「全年预算数为…万元，全年执行数为…万元，执行率为…%」与资金合计行（执行率按全年执行数 ÷ 全年预算数）、' +
        '「自评得分…分」与总分、「设备购置数量3台」与同名指标（名称与表中三级指标完全相同、单位相同）的实际完成值；所列支付金额（「支付…万元」）之和不应超过全年执行数' +
        '（文字同时列出合计与其中各项时不加总）。上年等其他年度的数字、名称只是更长名称一部分的，不核对。',
      en:
        'The figures the 实际完成情况 cell of a self-evaluation table restates agree with the table: 「全年预算数为…万元，' +
        '全年执行数为…万元，执行率为…%」 with the funding total row (the rate as executed ÷ full-year budget), 「自评得分…分」 ' +
        'with the total score, 「设备购置数量3台」 with the actual value of the indicator of exactly that name (in its unit); ' +
        'the payments it lists (「支付…万元」) add up to no more than the executed amount (not added when the text names a ' +
        "total and its parts). Another year's figures, and a name that is only part of a longer one, are not compared.",
    },
  },
  {
    check: (ctx, sheet, report) => {
      const o = sheet.outcome;
      if (!o) return;
      for (const c of o.claims) checkClaim(ctx, report, sheet, c);
      checkPayments(ctx, report, sheet, o.payments, misread(sheet, o.claims));
    },
  },
);

/** The value the table has for a claim, with the cell it is in and whether the table is sure of it. */
interface Want {
  value: Interval;
  point: Dec;
  text: string;
  cells: Num[];
  sure: boolean;
}

/** Whether an indicator row agrees with itself: its completion follows from target and actual, a rate ≤ 100%. */
function rowHolds(r: RowReading): boolean {
  const a = r.actual;
  if (!a || (a.unit === '%' && a.value.gt(100) && perfVocabulary.rateIndicator.test(r.name))) return false;
  if (r.computed === 'units') return false;
  if (!r.stated || !r.computed) return true;
  const pct = r.computed.value.times(100);
  return judge(r.stated.w, Interval.exact(pct), pct) !== 'mismatch';
}

function wantOf(sheet: PerfSheet, c: OutcomeClaim): Want | undefined {
  const f = sheet.fund;
  const d = c.figure.w.decimals;
  if (c.kind === 'indicator') {
    // a row whose own figures disagree (its completion, a rate above 100%) is that row's finding
    const row = sheet.rows.find((r) => r.row === c.row!.row);
    if (!row || !rowHolds(row)) return undefined;
    const m = /\d[\d,]*(?:\.\d+)?/.exec(c.row!.actual!.text);
    const w = m ? parseWritten(m[0]) : undefined;
    const cell = c.row!.row.actual;
    if (!w || !cell) return undefined;
    const n: Num = { w, span: cell.span, cell };
    return { value: w.interval, point: w.value, text: m![0], cells: [n], sure: false };
  }
  if (c.kind === 'score') {
    const s = asNum(sheet.statedTotal);
    return s
      ? { value: s.w.interval, point: s.w.value, text: fmt(s.w.value, s.w.decimals), cells: [s], sure: false }
      : undefined;
  }
  if (!f) return undefined;
  if (c.kind === 'rate') {
    const y = asNum(f.year);
    const e = asNum(f.executed);
    if (!f.ratio || !y || !e) return undefined;
    // the rate of the corrected totals, when perf-funds blames one
    const [cy, ce] = [correctedTotal(sheet, 'year'), correctedTotal(sheet, 'executed')];
    const moved = cy && ce && !cy.isZero() && (!cy.eq(y.w.value) || !ce.eq(e.w.value));
    const ratio = moved ? { point: ce.div(cy), percent: Interval.exact(ce.div(cy).times(100)) } : f.ratio;
    const point = ratio.point.times(100);
    const sure = !rateWrong(f) && !fundBlame(sheet, 'year') && !fundBlame(sheet, 'executed');
    return { value: ratio.percent, point, text: pctText(ratio.point, d), cells: [e, y], sure };
  }
  // an amount of the total row, in 万元 (a cell written in 元 is not compared)
  if (c.figure.unit !== '万元') return undefined;
  const cell = f.row[c.kind];
  const n = asNum(numOf(sheet.src, cell, AMT));
  if (!n || !cell || /(?<!万)元$/.test(cell.text.trim())) return undefined;
  const sure = !fundBlame(sheet, c.kind) && (c.kind === 'start' || !rateWrong(f));
  // a total perf-funds blames (its sum and the rate say so) counts at its corrected value
  const v = correctedTotal(sheet, c.kind) ?? n.w.value;
  return { value: Interval.exact(v), point: v, text: fmt(v, n.w.decimals), cells: [n], sure };
}

const rateFormula = (w: Want) =>
  `${trimDec(w.cells[0].w.value)} ÷ ${trimDec(w.cells[1].w.value)} × 100 = ${trimDec(w.point, 4)}%`;

function checkClaim(ctx: Ctx, report: Report, sheet: PerfSheet, c: OutcomeClaim): void {
  const want = wantOf(sheet, c);
  if (!want) return;
  const w = c.figure.w;
  // the text restates the table's figure: written to its own precision, it is that figure rounded
  const against = c.kind === 'rate' ? want.value : Interval.exact(want.point);
  const agrees = judge(w, against, want.point) !== 'mismatch';
  if (agrees) return;
  const name = c.kind === 'indicator' ? (c.row!.row.level3?.text ?? '').replace(/[\s\u3000]+/g, '') : undefined;
  const what = name
    ? { zh: `指标「${name}」的实际完成值`, en: `the actual value of 「${name}」` }
    : WHAT[c.kind as keyof typeof WHAT];
  const shown = `${c.figure.phrase}`;
  // written as the text writes it when that loses nothing (「95分」 → 「100分」, not 「100.00分」)
  const d = w.decimals;
  const expected =
    c.kind === 'rate'
      ? want.text.replace(/%$/, '')
      : want.point.decimalPlaces() <= d
        ? fmt(want.point, d)
        : want.text.replace(/^[^\d]*/, '').replace(/[^\d]*$/, '');
  const tableText = want.cells.length === 1 ? want.cells[0].cell.text.trim() : `${want.text}`;
  report({
    span: c.figure.span,
    doc: sheet.table.doc,
    message: t(
      ctx.lang,
      `实际完成情况「${shown}」与自评表不符：${what.zh}按表为 ${tableText}（${sheet.name}）`,
      `the 实际完成情况 text 「${shown}」 disagrees with the table: ${what.en} is ${tableText} (${sheet.name})`,
    ),
    related: want.cells.map((n) => relCell(ctx, sheet, n, n.cell.text.trim())),
    fixes: [
      fix(
        ctx,
        t(ctx.lang, `改为 ${expected}`, `Change to ${expected}`),
        c.figure.span,
        expected,
        want.sure,
        sheet.table.doc,
      ),
    ],
    expected,
    ...(c.kind === 'rate' ? { formula: rateFormula(want) } : {}),
  });
}

/** The figures of the text that disagree with their indicator row, by position: the row's value. */
function misread(sheet: PerfSheet, claims: OutcomeClaim[]): Map<number, Dec> {
  const out = new Map<number, Dec>();
  for (const c of claims) {
    const want = c.kind === 'indicator' ? wantOf(sheet, c) : undefined;
    if (want && judge(c.figure.w, Interval.exact(want.point), want.point) === 'mismatch')
      out.set(c.figure.span.start, want.point);
  }
  return out;
}

/**
 * The payments listed do not add up to more than the 全年执行数 (a payment that restates an
 * indicator wrongly counts at the indicator's value: that slip is reported once, on the figure).
 */
function checkPayments(
  ctx: Ctx,
  report: Report,
  sheet: PerfSheet,
  payments: OutcomeFigure[],
  fixed: Map<number, Dec>,
): void {
  const e = sheet.fund && asNum(sheet.fund.executed);
  const amounts = payments.filter((p) => p.unit === '万元');
  if (!e || !amounts.length || amounts.length !== payments.length) return;
  const asRead = (p: OutcomeFigure) => {
    const v = fixed.get(p.span.start);
    return v ? Interval.exact(v) : p.w.interval;
  };
  const cap = correctedTotal(sheet, 'executed');
  const limit = cap && !cap.eq(e.w.value) ? Interval.exact(cap) : e.w.interval;
  if (!amounts.reduce((acc, p) => acc.add(asRead(p)), Interval.exact(0)).lo.gt(limit.hi)) return;
  const sum = amounts.reduce((acc, p) => acc.add(p.w.interval), Interval.exact(0));
  if (sum.lo.lte(e.w.interval.hi)) return;
  const point = amounts.reduce((acc, p) => acc.plus(p.w.value), new D(0));
  const listed = amounts.map((p) => trimDec(p.w.value)).join(' + ');
  report({
    span: { start: amounts[0].span.start, end: amounts[amounts.length - 1].span.end },
    doc: sheet.table.doc,
    message: t(
      ctx.lang,
      `实际完成情况所列支付 ${listed} = ${trimDec(point)} 万元，超过全年执行数 ${e.cell.text.trim()}（${sheet.name}）`,
      `the payments listed in the 实际完成情况 text, ${listed} = ${trimDec(point)} 万元, exceed the executed amount ` +
        `${e.cell.text.trim()} (${sheet.name})`,
    ),
    related: [
      relCell(ctx, sheet, e, `全年执行数 ${e.cell.text.trim()}`),
      ...amounts.map((p) => relCell(ctx, sheet, { text: p.phrase, span: p.span }, p.phrase)),
    ],
    formula: `${listed} = ${trimDec(point)} > ${trimDec(e.w.value)}`,
  });
}
