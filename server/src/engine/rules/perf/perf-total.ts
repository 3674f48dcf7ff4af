/** perf-total: Total score is not the sum of the scores (绩效自评表; the checks are in perf-check.ts, shared by the perf-* rules). */
import type { Ctx } from '../context';
import { perfFindings } from './checks';
import type { LegacyRuleDef } from '../rule';

export const rule: LegacyRuleDef = {
  id: 'perf-total',
  aliases: ['SP203'],
  tags: ['performance'],
  title: { 'zh-CN': '总分与各项得分之和不符', en: 'Total score is not the sum of the scores' },
  severity: 'error',
  doc: {
    'zh-CN':
      '总分应等于预算执行率得分与各项指标得分之和。某项得分另有错误（超出分值、与完成率不符）且改正后总分相符时，只报告该项。快速修复重算总分。',
    en: "The total score equals the execution-rate score plus every indicator score. When a row's own error (above its weight, not following its completion rate) explains the difference, only that row is reported. The quick fix recomputes the total.",
  },
  check: (ctx: Ctx) => perfFindings(ctx).filter((f) => f.rule === 'perf-total'),
};
