/** perf-completion: Completion rate does not follow from target and actual (绩效自评表; the checks are in perf-check.ts, shared by the perf-* rules). */
import type { Ctx } from '../context';
import { perfFindings } from './checks';
import type { LegacyRuleDef } from '../rule';

export const rule: LegacyRuleDef = {
  id: 'perf-completion',
  aliases: ['SP205'],
  tags: ['performance'],
  title: { 'zh-CN': '完成率与目标值、实际值不符', en: 'Completion rate does not follow from target and actual' },
  severity: 'error',
  doc: {
    'zh-CN':
      '按目标值的运算符计算完成率：≥、>、= 为 实际值 ÷ 目标值，≤、< 为 目标值 ÷ 实际值；单位不同的金额先换算（元、万元），无法换算的单位给出警告。超过 100% 的完成率写作 100% 也可。快速修复改为计算值。',
    en: "The completion rate follows from the target's operator: actual ÷ target for ≥, > and =, target ÷ actual for ≤ and <; amounts in different units are converted (元, 万元), and units that cannot be compared are a warning. A rate above 100% may be written as 100%. The quick fix writes the computed rate.",
  },
  check: (ctx: Ctx) => perfFindings(ctx).filter((f) => f.rule === 'perf-completion'),
};
