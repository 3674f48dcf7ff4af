/** A 决算's budget figures (年初预算数) against that year's budget report. */
import { defineRule } from '../rule';
import { reportCross } from './report-cross';

export const rule = defineRule(
  {
    id: 'budget-vs-final',
    aliases: ['SP041'],
    tags: ['relations', 'cross'],
    severity: 'error',
    title: {
      'zh-CN': '决算的预算数与预算报告不一致',
      en: 'Budget figures of the final accounts disagree with the budget',
    },
    doc: {
      'zh-CN':
        '同一单位同一年度的决算与预算报告：决算中的年初预算数（含“三公”经费预算数）应等于该年预算报告中同一口径的数字。' +
        '按两份报告各自的舍入区间比较；结论标在被检查报告的数字上，另一报告的数字作为相关信息；只给修改建议。',
      en:
        'The final accounts and the budget report of the same unit and year: the 年初预算数 of the final accounts ' +
        '(and the 三公 budget figures) must equal the budget report’s figures for the same concept and scope, ' +
        'compared with the rounding intervals of both. The finding is on the figure of the report checked, ' +
        "the other's figure as related information; the fix is a suggestion only.",
    },
  },
  (ctx, report) => reportCross(ctx, report, 'budget-final'),
);
