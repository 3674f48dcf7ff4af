import { defineRule } from '../rule';
import { reportFailures } from '../../relations/explain';

export const rule = defineRule(
  {
    id: 'repeated',
    aliases: ['SP005', 'repeated-mention'],
    tags: ['consistency'],
    title: { 'zh-CN': '同一数字前后不一', en: 'The same figure is stated with different values' },
    severity: 'error',
    otherSeverities: ['warning'],
    doc: {
      'zh-CN':
        '同一概念、同一口径（所在章节的资金范围）、同一期间的数字在报告中多次出现时，各处数值须一致（按各自写出的精度比较，万元与元换算后比较）。',
      en:
        'When one concept, in the same scope (the funds its section covers) and period, is stated several times, ' +
        'every mention must agree (compared at the written precisions, 万元 and 元 converted).',
    },
  },
  (ctx, report) => reportFailures(ctx, report, 'repeated'),
);
