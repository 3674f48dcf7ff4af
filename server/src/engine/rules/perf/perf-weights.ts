/** perf-weights: Weights do not add up to 100 (绩效自评表; the checks are in perf-check.ts, shared by the perf-* rules). */
import type { Ctx } from '../context';
import { perfFindings } from './checks';
import type { LegacyRuleDef } from '../rule';

export const rule: LegacyRuleDef = {
  id: 'perf-weights',
  aliases: ['SP201'],
  tags: ['performance'],
  title: { 'zh-CN': '分值之和不为 100', en: 'Weights do not add up to 100' },
  severity: 'error',
  doc: {
    'zh-CN':
      '绩效自评表各项分值（含预算执行率的分值）之和应为 100（或布局模板规定的总分）；总分行所列分值应等于各项之和。若某项得满分而其分值使总和不为 100，则指出该项并给出应有的分值。',
    en: 'The weights of a self-evaluation table (the execution-rate weight included) add up to 100 (or the total the layout profile sets), and the 总分 row states their sum. When one fully scored row explains the difference, that weight is reported with the value it should have.',
  },
  check: (ctx: Ctx) => perfFindings(ctx).filter((f) => f.rule === 'perf-weights'),
};
