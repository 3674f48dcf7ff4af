/** perf-cell: Malformed number in a self-evaluation table (绩效自评表; the checks are in perf-check.ts, shared by the perf-* rules). */
import type { Ctx } from '../context';
import { perfFindings } from './checks';
import type { LegacyRuleDef } from '../rule';

export const rule: LegacyRuleDef = {
  id: 'perf-cell',
  aliases: ['SP212'],
  tags: ['performance'],
  title: { 'zh-CN': '自评表数字栏书写有误', en: 'Malformed number in a self-evaluation table' },
  severity: 'warning',
  doc: {
    'zh-CN': '分值、得分、完成率等数字栏应为数字（可带「分」或 %）；日期后多出字符等由 malformed 规则报告。',
    en: "The weight, score and completion columns hold numbers (with 分 or % where usual); stray characters after dates and the like are the malformed rule's.",
  },
  check: (ctx: Ctx) => perfFindings(ctx).filter((f) => f.rule === 'perf-cell'),
};
