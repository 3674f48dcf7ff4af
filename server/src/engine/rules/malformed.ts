import type { RuleMeta } from './rule';

export const rule: RuleMeta = {
  id: 'malformed',
  aliases: ['SP006', 'malformed-figure'],
  tags: ['format'],
  title: { 'zh-CN': '数字书写有误', en: 'Malformed figure' },
  severity: 'warning',
  doc: {
    'zh-CN':
      '找出书写有误的数字：「占」「增长」「下降」后缺少 %；金额缺少单位；数值中夹杂多余字符（如「=2024年10月31日7」）；未选定的模板选项（「增加（减少）」「下降（增长）」）；占位符（XX、XXX）。',
    en:
      'Finds figures written wrongly: a missing % after 占/增长/下降; an amount without its unit; stray characters inside a value (such as 「=2024年10月31日7」); unfilled template alternatives (「增加（减少）」); placeholders (XX, XXX).',
  },
};
