/** A department's report against the reports of its units. */
import { defineRule } from '../rule';
import { reportCross } from './report-cross';

export const rule = defineRule(
  {
    id: 'department-units',
    aliases: ['SP042'],
    tags: ['relations', 'cross'],
    severity: 'error',
    title: { 'zh-CN': '部门与所属单位报告不一致', en: 'Department and unit reports disagree' },
    doc: {
      'zh-CN':
        '同一年度的部门报告与所属单位报告：部门的数字应等于其所列各单位报告之和（各单位报告齐全时）；' +
        '部门无下属预算单位（「无下属预算单位」，或所列单位只有本部）时，应等于本级单位报告的同一数字。' +
        '所列单位取自部门报告的机构设置（「不单列预算，并入本部」的单位不计），或 .suanpan.yaml 的 sets。' +
        '结论标在被检查报告的数字上，另一报告的数字作为相关信息；只给修改建议。',
      en:
        "A department's report and its units' reports of the same year: the department's figures must equal the sum " +
        'of the units it lists (when every one is there); a department without subordinate units (「无下属预算单位」, ' +
        "or a list of its own unit only) must equal its own unit's report. The units are those of the department's " +
        '机构设置 list (a unit 「不单列预算，并入本部」 is not counted) or of a set named in .suanpan.yaml. The finding ' +
        "is on the figure of the report checked, the other report's figure as related information; a suggestion only.",
    },
  },
  (ctx, report) => reportCross(ctx, report, 'department-units'),
);
