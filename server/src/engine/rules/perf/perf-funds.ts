/** perf-funds: Funding total is not the sum of its sources (绩效自评表; the checks are in perf-check.ts, shared by the perf-* rules). */
import type { Ctx } from '../context';
import { perfFindings } from './checks';
import type { LegacyRuleDef } from '../rule';

export const rule: LegacyRuleDef = {
  id: 'perf-funds',
  aliases: ['SP209'],
  tags: ['performance'],
  title: { 'zh-CN': '资金总额与各项来源之和不符', en: 'Funding total is not the sum of its sources' },
  severity: 'error',
  doc: {
    'zh-CN':
      '年度资金总额（合计）应等于各项资金来源（当年财政拨款、其他资金、上年结转等）之和，年初预算数、全年预算数、全年执行数逐列核对，按舍入区间判断。',
    en: 'The annual funding total (合计) equals the sum of its sources (当年财政拨款, 其他资金, 上年结转 …), column by column for 年初预算数, 全年预算数 and 全年执行数, within rounding intervals.',
  },
  check: (ctx: Ctx) => perfFindings(ctx).filter((f) => f.rule === 'perf-funds'),
};
