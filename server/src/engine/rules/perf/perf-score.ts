/** perf-score: Score does not follow from the completion rate (绩效自评表; the checks are in perf-check.ts, shared by the perf-* rules). */
import type { Ctx } from '../context';
import { perfFindings } from './checks';
import type { LegacyRuleDef } from '../rule';

export const rule: LegacyRuleDef = {
  id: 'perf-score',
  aliases: ['SP206'],
  tags: ['performance'],
  title: { 'zh-CN': '得分与完成率不符', en: 'Score does not follow from the completion rate' },
  severity: 'error',
  doc: {
    'zh-CN':
      '按比例赋分的指标：完成率 ≥ 100% 得满分，低于 100% 按比例得分（分值 × 完成率）。有偏差原因说明的扣分（如完成率远超目标而扣分）不报；赋分规则为直接赋分、按等级赋分等的指标不按比例核对。快速修复改为按规则确定的得分。',
    en: 'For indicators scored in proportion: full marks at a completion of 100% or more, weight × completion below. A deduction with its reason stated (such as a completion far above target scored down) is not reported; indicators scored directly or by grade are not checked in proportion. The quick fix writes the score the rule determines.',
  },
  check: (ctx: Ctx) => perfFindings(ctx).filter((f) => f.rule === 'perf-score'),
};
