/** perf-funds: the funding total of a 自评表 is the sum of its sources, column by column. */
import { fmt, trimDec } from '../../util/decimal';
import type { PerfSheet } from '../../facts/perf-sheet';
import type { FundingRow } from '../../facts/perf-table';
import type { Ctx } from '../context';
import { defineRule, t, type Report } from '../rule';
import { relCell, setFix } from './common';
import { fundBlame, type FundCandidate } from './fund-blame';

/** A row's label without its 其中： (「其中：当年财政拨款」 → 当年财政拨款). */
const labelOf = (row: FundingRow) => row.label.text.replace(/\s+/g, '').replace(/^其中[：:]?/, '');

const COLUMNS = { start: '年初预算数', year: '全年预算数', executed: '全年执行数' } as const;

export const rule = defineRule(
  {
    id: 'perf-funds',
    aliases: ['SP209'],
    tags: ['performance'],
    scope: 'perf-sheet',
    title: { 'zh-CN': '资金总额与各项来源之和不符', en: 'Funding total is not the sum of its sources' },
    severity: 'error',
    doc: {
      'zh-CN':
        '年度资金总额（合计）应等于各项资金来源（当年财政拨款、其他资金、上年结转等）之和，年初预算数、全年预算数、全年执行数逐列核对，按舍入区间判断。',
      en:
        'The annual funding total (合计) equals the sum of its sources (当年财政拨款, 其他资金, 上年结转 …), column by column for ' +
        '年初预算数, 全年预算数 and 全年执行数, within rounding intervals.',
    },
  },
  {
    check: (ctx, sheet, report) => {
      if (!sheet.fund || sheet.fund.parts.length < 2) return;
      for (const col of ['start', 'year', 'executed'] as const) checkColumn(ctx, report, sheet, col);
    },
  },
);

function checkColumn(ctx: Ctx, report: Report, sheet: PerfSheet, col: keyof typeof COLUMNS): void {
  const b = fundBlame(sheet, col);
  if (!b) return;
  const f = sheet.fund!;
  const colName = COLUMNS[col];
  const tot = b.total;
  const expected = fmt(b.sum, tot.w.decimals);
  const label = f.row.label.text.replace(/\s+/g, '');
  const name = (c: FundCandidate) => `${labelOf(c.row)} ${c.cell.cell.text.trim()}`;
  const c = b.culprit;
  const onTotal = c.cell === tot;
  const want = fmt(c.value, c.cell.w.decimals);
  const head = t(
    ctx.lang,
    `${label}的${colName} ${tot.cell.text} 不等于各项资金之和 ${expected}`,
    `the ${colName} of ${label}, ${tot.cell.text}, is not the sum of its sources, ${expected}`,
  );
  const alt = b.others.map(name).join(t(ctx.lang, ' 或 ', ' or '));
  const why = !b.rateConfirms
    ? ''
    : onTotal
      ? t(
          ctx.lang,
          `；合计与执行率一致，可能是 ${alt} 有误`,
          `; the total agrees with the rate, possibly ${alt} is wrong`,
        )
      : t(
          ctx.lang,
          `；合计与执行率一致，${name(c)} 应为 ${want}${alt ? `（也可能是 ${alt}）` : ''}`,
          `; the total agrees with the rate, ${name(c)} should be ${want}${alt ? ` (or possibly ${alt})` : ''}`,
        );
  const fixOf = (x: FundCandidate, certain: boolean, first: boolean) => {
    const v = fmt(x.value, x.cell.w.decimals);
    const title = first ? undefined : t(ctx.lang, `${name(x)} 改为 ${v}`, `${name(x)}: change to ${v}`);
    return setFix(ctx, sheet, x.cell, x.value, x.cell.w.decimals, certain, title);
  };
  report({
    span: c.cell.span,
    doc: sheet.table.doc,
    message: `${head}${why}${t(ctx.lang, `（${sheet.name}）`, ` (${sheet.name})`)}`,
    related: [
      ...(onTotal ? [] : [relCell(ctx, sheet, tot, `${label} ${tot.cell.text}`)]),
      ...b.parts
        .filter((p) => p.cell !== c.cell)
        .map((p) => relCell(ctx, sheet, p.cell, `${labelOf(p.row)} ${p.cell.cell.text}`)),
    ],
    fixes: [fixOf(c, b.certain, true), ...b.others.map((x) => fixOf(x, false, false))],
    expected: want,
    formula: `${b.parts.map((p) => p.cell.cell.text.trim()).join(' + ')} = ${trimDec(b.sum)}`,
  });
}
