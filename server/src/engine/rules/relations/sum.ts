import { defineRule } from '../rule';
import { reportFailures } from '../../relations/explain';

export const rule = defineRule(
  {
    id: 'sum',
    aliases: ['SP001', 'identity'],
    tags: ['arithmetic', 'identity'],
    title: { 'zh-CN': '合计与其组成不符', en: 'Total does not equal the sum of its parts' },
    severity: 'error',
    otherSeverities: ['warning'],
    doc: {
      'zh-CN':
        '对数据文件 identities.yaml 中的每个恒等式（收入总计、支出总计、本年收入合计、本年支出合计、基本支出 = 人员经费 + 公用经费、“三公”经费构成、政府采购构成、一般公共预算按类及各类按项、' +
        '实有人数、车辆……），凡报告写出了其数字，就用舍入区间核对合计与各项之和；「其中」所列各项不得超过其总数。超出舍入区间的差异为错误；区间内的尾差另由 rounding-difference 提示。',
      en:
        'For every identity in the data file identities.yaml (total income, total expenditure, income and ' +
        'expenditure of the year, basic = personnel + public expenses, the three public expenses, procurement, the ' +
        'general budget by class and each class by item, headcount, vehicles …) whose figures the report states, ' +
        'checks the total against the sum of its parts with rounding intervals; items listed after 其中 may not ' +
        'exceed their total. A difference beyond the intervals is an error; cent differences within them are ' +
        'reported by rounding-difference.',
    },
  },
  (ctx, report) => reportFailures(ctx, report, 'sum'),
);
