/** perf-range: Percentage out of range (绩效自评表; the checks are in perf-check.ts, shared by the perf-* rules). */
import type { Ctx } from '../context';
import { perfFindings } from './checks';
import type { LegacyRuleDef } from '../rule';

export const rule: LegacyRuleDef = {
  id: 'perf-range',
  aliases: ['SP208'],
  tags: ['performance'],
  title: { 'zh-CN': '百分比超出合理范围', en: 'Percentage out of range' },
  severity: 'warning',
  doc: {
    'zh-CN':
      '满意度、合格率等比率的目标值和实际值不应超过 100%；执行率超过 100%（执行数大于预算数）或完成率为负数时提示核实。',
    en: 'Satisfaction and other rates (合格率 …) cannot exceed 100% in their target or actual value; an execution rate above 100% (more spent than budgeted) or a negative completion rate is flagged for review.',
  },
  check: (ctx: Ctx) => perfFindings(ctx).filter((f) => f.rule === 'perf-range'),
};
