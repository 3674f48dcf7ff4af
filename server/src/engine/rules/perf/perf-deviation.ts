/** perf-deviation: Deduction without a deviation reason (绩效自评表; the checks are in perf-check.ts, shared by the perf-* rules). */
import type { Ctx } from '../context';
import { perfFindings } from './checks';
import type { LegacyRuleDef } from '../rule';

export const rule: LegacyRuleDef = {
  id: 'perf-deviation',
  aliases: ['SP207'],
  tags: ['performance'],
  title: { 'zh-CN': '扣分未说明偏差原因', en: 'Deduction without a deviation reason' },
  severity: 'warning',
  doc: {
    'zh-CN': '得分低于分值的指标须在「偏差原因分析及改进措施」栏说明原因（表格有此栏时）。',
    en: 'An indicator scored below its weight needs its reason in the 偏差原因分析及改进措施 column (when the table has one).',
  },
  check: (ctx: Ctx) => perfFindings(ctx).filter((f) => f.rule === 'perf-deviation'),
};
