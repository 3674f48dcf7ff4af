/** perf-prose: Performance summary disagrees with the tables (绩效自评表; the checks are in perf-check.ts, shared by the perf-* rules). */
import type { Ctx } from '../context';
import { perfFindings } from './checks';
import type { LegacyRuleDef } from '../rule';

export const rule: LegacyRuleDef = {
  id: 'perf-prose',
  aliases: ['SP211'],
  tags: ['performance'],
  title: { 'zh-CN': '预算绩效说明与自评表不符', en: 'Performance summary disagrees with the tables' },
  severity: 'error',
  doc: {
    'zh-CN':
      '「预算绩效」一节的文字（「整体支出绩效自评表1个，全年预算总额…；预算绩效评价项目3个，全年预算数…」）应与所附自评表的个数和金额合计一致。',
    en: 'The text on 预算绩效 (「整体支出绩效自评表1个，全年预算总额…；预算绩效评价项目3个，全年预算数…」) agrees with the self-evaluation tables: their number and their totals.',
  },
  check: (ctx: Ctx) => perfFindings(ctx).filter((f) => f.rule === 'perf-prose'),
};
