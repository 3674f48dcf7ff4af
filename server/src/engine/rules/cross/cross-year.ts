/** A report's figures about the year before against last year's report (and last year's against this year's). */
import { defineRule } from '../rule';
import { reportCross } from './report-cross';

export const rule = defineRule(
  {
    id: 'cross-year',
    aliases: ['SP040'],
    tags: ['relations', 'cross'],
    severity: 'error',
    title: { 'zh-CN': '与上年报告不一致', en: "Disagrees with last year's report" },
    doc: {
      'zh-CN':
        '同一单位相邻两年的报告：本年报告中关于上年的数字（上年数、「比上年 / 比2024年预算增加 X 万元」推得的上年数、' +
        '「比上年持平」）应等于上年报告中同一口径、同一数字。按两份报告各自的舍入区间比较，元与万元换算精确。' +
        '结论标在被检查报告的数字上，另一报告的数字作为相关信息；只给修改建议，不自动修复（无法确定哪一份有误）。',
      en:
        "Two reports of the same unit one year apart: the later report's figures about the year before (上年 figures, " +
        'the base implied by 「比上年 / 比2024年预算增加 X 万元」, 「持平」) must equal the earlier report’s figures ' +
        'for the same concept and scope, compared with the rounding intervals of both documents (元 and 万元 exactly). ' +
        "The finding is on the figure of the report checked, with the other report's figure as related information; " +
        'the fix is a suggestion only (it is never certain which report is wrong).',
    },
  },
  (ctx, report) => reportCross(ctx, report, 'year'),
);
