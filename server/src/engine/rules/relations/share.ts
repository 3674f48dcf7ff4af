import { defineRule } from '../rule';
import { nudgedSpec, reportFailures } from '../../relations/explain';
import type { Eval } from '../../relations/network';

export const rule = defineRule(
  {
    id: 'share',
    aliases: ['SP002', 'percentage'],
    tags: ['arithmetic', 'share'],
    title: { 'zh-CN': '占比与数字不符', en: 'Share does not follow from its figures' },
    severity: 'error',
    otherSeverities: ['warning'],
    doc: {
      'zh-CN':
        '「占 X%」按部分 ÷ 整体 × 100% 重算。整体为句中点名的数字（「占本年支出合计的…」），否则为句首数字或「其中」前的总数，再否则为恒等式中的上级合计。超出舍入区间为错误；截尾而非四舍五入、或为凑足 ' +
        '100% 而调整的尾数为警告。',
      en:
        'Recomputes 「占 X%」 as part ÷ whole × 100%. The whole is the figure the sentence names (「占本年支出合计的…」), else ' +
        'the head of the sentence or the total before 其中, else the parent total of an identity. Beyond the ' +
        'rounding intervals it is an error; a truncated share, or one nudged so the shares add to 100%, is a ' +
        'warning.',
    },
  },
  (ctx, report) =>
    reportFailures(ctx, report, 'share', (c, e) => {
      if ((e as Eval & { nudged?: boolean }).nudged) report({ ...nudgedSpec(ctx, c, e), severity: 'warning' });
    }),
);
