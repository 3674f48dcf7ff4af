/** perf-score-range: Score outside 0 … weight (绩效自评表; the checks are in perf-check.ts, shared by the perf-* rules). */
import type { Ctx } from '../context';
import { perfFindings } from './checks';
import type { LegacyRuleDef } from '../rule';

export const rule: LegacyRuleDef = {
  id: 'perf-score-range',
  aliases: ['SP202'],
  tags: ['performance'],
  title: { 'zh-CN': '得分超出分值范围', en: 'Score outside 0 … weight' },
  severity: 'error',
  doc: {
    'zh-CN': '每项得分应满足 0 ≤ 得分 ≤ 分值。快速修复将得分改为分值（上限）。',
    en: 'Every score lies between 0 and its weight (分值). The quick fix caps the score at its weight.',
  },
  check: (ctx: Ctx) => perfFindings(ctx).filter((f) => f.rule === 'perf-score-range'),
};
