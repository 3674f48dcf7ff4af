/** perf-funds: the funding total of a 自评表 is the sum of its sources, column by column. */
import { D, Interval, fmt, judge, trimDec } from '../../util/decimal';
import { AMT, numOf, type Num } from '../../facts/perf-cells';
import type { FundReading, PerfSheet } from '../../facts/perf-sheet';
import type { Ctx } from '../context';
import { defineRule, t, type Report } from '../rule';
import { relCell, setFix } from './common';

const COLUMNS = { start: '年初预算数', year: '全年预算数', executed: '全年执行数' } as const;

export const rule = defineRule(
  {
    id: 'perf-funds',
    aliases: ['SP209'],
    tags: ['performance'],
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
  (ctx, report) => {
    for (const sheet of ctx.perf.sheets) {
      if (!sheet.fund || sheet.fund.parts.length < 2) continue;
      for (const col of ['start', 'year', 'executed'] as const) checkColumn(ctx, report, sheet, sheet.fund, col);
    }
  },
);

function checkColumn(ctx: Ctx, report: Report, sheet: PerfSheet, f: FundReading, col: keyof typeof COLUMNS): void {
  const { src } = sheet;
  const tot = numOf(src, f.row[col], AMT);
  const ps = f.parts.map((p) => numOf(src, p[col], AMT));
  if (typeof tot !== 'object' || ps.some((p) => p === 'bad')) return;
  const nums = ps.filter((p): p is Num => typeof p === 'object');
  if (nums.length < 2) return;
  const sum = nums.reduce((acc, p) => acc.add(p.w.interval), Interval.exact(0));
  const point = nums.reduce((acc, p) => acc.plus(p.w.value), new D(0));
  if (judge(tot.w, sum, point) !== 'mismatch') return;
  const colName = COLUMNS[col];
  const expected = fmt(point, tot.w.decimals);
  const label = f.row.label.text.replace(/\s+/g, '');
  report({
    span: tot.span,
    doc: sheet.table.doc,
    message: t(
      ctx.lang,
      `${label}的${colName} ${tot.cell.text} 不等于各项资金之和 ${expected}（${sheet.name}）`,
      `the ${colName} of ${label}, ${tot.cell.text}, is not the sum of its sources, ${expected} (${sheet.name})`,
    ),
    related: nums.map((p, i) => relCell(ctx, sheet, p, `${f.parts[i].label.text.replace(/\s+/g, '')} ${p.cell.text}`)),
    fixes: [setFix(ctx, sheet, tot, point, tot.w.decimals, false)],
    expected,
    formula: `${nums.map((p) => p.cell.text.trim()).join(' + ')} = ${trimDec(point)}`,
  });
}
