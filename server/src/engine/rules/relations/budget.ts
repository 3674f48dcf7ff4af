import { defineRule } from '../rule';
import { budgetAltSpec, reportFailures } from '../../relations/explain';

export const rule = defineRule(
  {
    id: 'budget',
    aliases: ['SP004', 'budget-comparison'],
    tags: ['arithmetic', 'budget'],
    title: { 'zh-CN': '预决算比较不符', en: 'Budget comparison does not follow' },
    severity: 'error',
    otherSeverities: ['warning'],
    doc: {
      'zh-CN':
        '「预决算差异率 X%」=（决算数 − 预算数）÷ 预算数；「完成年初预算的 X%」= 决算数 ÷ 预算数。比率只与另一预算数（年初与全年）相符时，指出应为哪一个；「决算数与预算数持平」须两数相等。',
      en:
        '「预决算差异率 X%」 = (actual − budget) ÷ budget; 「完成年初预算的 X%」 = actual ÷ budget. When the rate only fits the ' +
        'other budget figure (initial vs full-year) it says which; 「决算数与预算数持平」 requires the two to be equal.',
    },
  },
  (ctx, report) => {
    reportFailures(ctx, report, 'budget');
    for (const a of ctx.net.budgetAlternatives) report(budgetAltSpec(ctx, a));
  },
);
