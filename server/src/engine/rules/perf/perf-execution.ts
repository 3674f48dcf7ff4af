/** perf-execution: Execution rate or its score is wrong (绩效自评表; the checks are in perf-check.ts, shared by the perf-* rules). */
import type { Ctx } from '../context';
import { perfFindings } from './checks';
import type { LegacyRuleDef } from '../rule';

export const rule: LegacyRuleDef = {
  id: 'perf-execution',
  aliases: ['SP204'],
  tags: ['performance'],
  title: { 'zh-CN': '预算执行率或其得分有误', en: 'Execution rate or its score is wrong' },
  severity: 'error',
  doc: {
    'zh-CN':
      '预算执行率 = 全年执行数 ÷ 全年预算数（按舍入区间核对）；执行率得分 = 分值 × min(执行率, 100%)。快速修复重算执行率或其得分。',
    en: 'The execution rate is 全年执行数 ÷ 全年预算数 (checked with rounding intervals); its score is the weight × min(rate, 100%). The quick fix recomputes the rate or its score.',
  },
  check: (ctx: Ctx) => perfFindings(ctx).filter((f) => f.rule === 'perf-execution'),
};
