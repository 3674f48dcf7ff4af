/**
 * Hovers for the 绩效自评表: on a score, its 分值, its 完成率 and how the score follows from
 * them. (The layout profile's lines of a heading's hover are in hover-profile.ts.)
 */
import { D, Dec, fmt, trimDec } from '../util/decimal';
import type { CheckResult } from '../pipeline';
import { AMT, completionOf, measureOf, numOf, pctOf, type Num } from '../facts/perf-cells';
import { perfTablesOf, type IndicatorRow, type PCell, type PerfTable } from '../facts/perf-table';
import type { ReportDoc } from '../read/model';
import type { Lang, Range, Span } from '../types';

const T = (lang: Lang, zh: string, en: string) => (lang === 'en' ? en : zh);

export interface CellHover {
  span: Span;
  range: Range;
  markdown: string;
}

/** The 绩效自评表 of a document, built once per document for its hovers. */
const tables = new WeakMap<ReportDoc, PerfTable[]>();
function tablesOf(doc: ReportDoc): PerfTable[] {
  let t = tables.get(doc);
  if (!t) tables.set(doc, (t = perfTablesOf(doc)));
  return t;
}

function within(c: PCell | undefined, offset: number): boolean {
  return !!c && offset >= c.span.start && offset <= c.span.end;
}

/** The hover on a cell of a 绩效自评表: a score, a weight, a completion rate, the total. */
export function perfHoverAt(result: CheckResult, offset: number, lang: Lang): CellHover | undefined {
  const doc = result.doc;
  for (const table of tablesOf(doc)) {
    if (table.doc || offset < table.span.start || offset > table.span.end) continue;
    const md = cellHover(result, table, offset, lang);
    if (md) return md;
  }
  return undefined;
}

/** The cells of the 绩效自评表 that have a hover of their own, each with its hover. */
export function* perfCellHovers(
  result: CheckResult,
  lang: Lang,
): Generator<CellHover & { start: number; end: number }> {
  for (const table of tablesOf(result.doc)) {
    if (table.doc) continue;
    const cells: Array<PCell | undefined> = [];
    for (const r of table.indicators) cells.push(r.score, r.weight, r.completion);
    const total = table.funding.find((f) => f.total);
    if (total) cells.push(total.score, total.rate, total.weight);
    if (table.total) cells.push(table.total.score, table.total.weight);
    for (const c of cells) {
      if (!c || c.span.start < table.span.start || c.span.start > table.span.end) continue;
      // the first table holding the cell answers there (as perfHoverAt)
      if (perfHoverTable(result, c.span.start) !== table) continue;
      const h = cellHover(result, table, c.span.start, lang);
      if (h) yield { start: c.span.start, end: c.span.end, ...h };
    }
  }
}

/** The first table whose hover answers at an offset. */
function perfHoverTable(result: CheckResult, offset: number): PerfTable | undefined {
  return tablesOf(result.doc).find((t) => !t.doc && offset >= t.span.start && offset <= t.span.end);
}

function cellHover(result: CheckResult, table: PerfTable, offset: number, lang: Lang): CellHover | undefined {
  const src = result.doc.source;
  const lines: string[] = [];
  let cell: PCell | undefined;
  const tname = (table.name?.text ?? table.title.text).replace(/\s+/g, '');
  const n = (c: PCell | undefined): Num | undefined => {
    const x = numOf(src, c);
    return typeof x === 'object' ? x : undefined;
  };
  const totalRow = table.funding.find((f) => f.total);
  const row = table.indicators.find(
    (r) => within(r.score, offset) || within(r.weight, offset) || within(r.completion, offset),
  );
  if (row) {
    cell = within(row.score, offset) ? row.score : within(row.weight, offset) ? row.weight : row.completion;
    indicatorLines(src, row, lang, lines);
  } else if (
    totalRow &&
    (within(totalRow.score, offset) || within(totalRow.rate, offset) || within(totalRow.weight, offset))
  ) {
    cell = within(totalRow.score, offset)
      ? totalRow.score
      : within(totalRow.rate, offset)
        ? totalRow.rate
        : totalRow.weight;
    const w = n(totalRow.weight);
    const s = n(totalRow.score);
    const y = numOf(src, totalRow.year, AMT);
    const e = numOf(src, totalRow.executed, AMT);
    const r = pctOf(src, totalRow.rate);
    lines.push(`**${T(lang, '预算执行率得分', 'Execution-rate score')}** ${s ? s.cell.text : '—'}`, '');
    lines.push(`${T(lang, '分值', 'Weight')}: ${w ? w.cell.text : '—'}  `);
    if (typeof y === 'object' && typeof e === 'object' && !y.w.value.isZero()) {
      const rate = e.w.value.div(y.w.value);
      lines.push(
        `${T(lang, '执行率', 'Execution rate')}: ${typeof r === 'object' ? r.cell.text : '—'} = ${trimDec(e.w.value)} ` +
          `÷ ${trimDec(y.w.value)} = ${trimDec(rate.times(100), 4)}%  `,
      );
      if (w) {
        const exp = w.w.value.times(D.min(rate, 1));
        lines.push(
          `${T(lang, '得分', 'Score')} = ${trimDec(w.w.value)} × min(${trimDec(rate.times(100), 2)}%, 100%) ` +
            `= ${trimDec(exp, 4)} ${mark(s, exp)}`,
        );
      }
    }
  } else if (table.total && (within(table.total.score, offset) || within(table.total.weight, offset))) {
    cell = within(table.total.score, offset) ? table.total.score : table.total.weight;
    const weights = [n(totalRow?.weight), ...table.indicators.map((r) => n(r.weight))].filter((x): x is Num => !!x);
    const scores = [n(totalRow?.score), ...table.indicators.map((r) => n(r.score))].filter((x): x is Num => !!x);
    const sw = weights.reduce((acc, x) => acc.plus(x.w.value), new D(0));
    const ss = scores.reduce((acc, x) => acc.plus(x.w.value), new D(0));
    lines.push(`**${T(lang, '总分', 'Total')}** ${table.total.score?.text ?? '—'}`, '');
    lines.push(
      `${T(lang, '得分之和', 'Sum of the scores')}: ${scores.map((x) => trimDec(x.w.value)).join(' + ')} ` +
        `= ${trimDec(ss)} ${mark(n(table.total.score), ss)}  `,
    );
    lines.push(
      `${T(lang, '分值之和', 'Sum of the weights')}: ${weights.map((x) => trimDec(x.w.value)).join(' + ')} ` +
        `= ${trimDec(sw)}`,
    );
  }
  if (!cell) return undefined;
  lines.push('', `_${tname}_`);
  for (const f of result.findings) {
    if (f.path || f.span.start > cell.span.end || f.span.end < cell.span.start) continue;
    const expected = f.expected ? `  \n${T(lang, '应为', 'Expected')} **${f.expected}**` : '';
    lines.push('', `**${f.severity === 'error' ? '✗' : '⚠'} ${f.rule}**: ${f.message}${expected}`);
  }
  return { span: cell.span, range: result.doc.lines.range(cell.span), markdown: lines.join('\n') };
}

function mark(stated: Num | undefined, computed: Dec): string {
  if (!stated) return '';
  return computed.toDecimalPlaces(stated.w.decimals, D.ROUND_HALF_UP).eq(stated.w.value)
    ? '✓'
    : `✗ (${stated.cell.text.trim()})`;
}

function indicatorLines(src: string, r: IndicatorRow, lang: Lang, lines: string[]): void {
  const w = numOf(src, r.weight);
  const s = numOf(src, r.score);
  const c = pctOf(src, r.completion);
  const name = (r.level3?.text || r.level2?.text || '').replace(/\s+/g, '');
  lines.push(`**${T(lang, '得分', 'Score')}** ${r.score?.text ?? '—'} · ${name}`, '');
  lines.push(`${T(lang, '分值', 'Weight')}: ${r.weight?.text ?? '—'}  `);
  const target = measureOf(r.target);
  const actual = measureOf(r.actual);
  const comp = target && actual ? completionOf(target, actual) : undefined;
  let rate: Dec | undefined = typeof c === 'object' ? c.w.value.div(100) : undefined;
  if (comp && comp !== 'units') {
    const how =
      target!.op === '<=' || target!.op === '<'
        ? T(lang, '目标值 ÷ 实际值', 'target ÷ actual')
        : T(lang, '实际值 ÷ 目标值', 'actual ÷ target');
    lines.push(
      `${T(lang, '完成率', 'Completion')}: ${r.completion?.text ?? '—'}` +
        `（${how}：${comp.formula} = ${fmt(comp.value.times(100), 2)}%）  `,
    );
    rate = rate ?? comp.value;
  } else {
    const given =
      r.target || r.actual
        ? `（${T(lang, '目标', 'target')} ${r.target?.text ?? '—'}，${T(lang, '实际', 'actual')} ${r.actual?.text ?? '—'}）`
        : '';
    lines.push(`${T(lang, '完成率', 'Completion')}: ${r.completion?.text ?? '—'}${given}  `);
  }
  if (typeof w === 'object' && rate) {
    const exp = w.w.value.times(D.min(rate, 1));
    const explained = typeof s === 'object' && s.w.value.lt(exp) && !!r.reason?.text.trim();
    const verdict =
      typeof s === 'object'
        ? explained
          ? T(
              lang,
              `，实得 ${s.cell.text.trim()}：扣分已说明原因`,
              `; scored ${s.cell.text.trim()}: the deduction is explained`,
            )
          : ` ${mark(s, exp)}`
        : '';
    lines.push(
      `${T(lang, '按比例赋分', 'In proportion')}: ${trimDec(w.w.value)} × min(${trimDec(rate.times(100), 2)}%, 100%) ` +
        `= ${trimDec(exp, 4)}${verdict}`,
    );
    if (explained) lines.push('', `${T(lang, '偏差原因', 'Reason')}: ${r.reason!.text.trim().slice(0, 80)}`);
  }
  if (r.rule?.text.trim()) lines.push('', `${T(lang, '赋分规则', 'Scoring rule')}: ${r.rule.text.trim()}`);
}
