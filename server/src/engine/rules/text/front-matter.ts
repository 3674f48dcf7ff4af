/** front-matter: the YAML front matter of the report (or of a file it links) cannot be read or is invalid. */
import { defineRule } from '../rule';

export const rule = defineRule(
  {
    id: 'front-matter',
    aliases: ['SP008'],
    tags: ['input'],
    title: { 'zh-CN': '报告元数据有误', en: 'Report metadata is invalid' },
    severity: 'error',
    doc: {
      'zh-CN': 'YAML 前言（单位、年度、类型、模板、金额单位）无法解析或取值不合规定。',
      en: 'The YAML front matter (单位, 年度, 类型, 模板, 金额单位) cannot be parsed or has a value outside what is allowed.',
    },
  },
  (ctx, report) => {
    for (const d of ctx.docs)
      for (const p of d.problems) report({ span: p.span, doc: d, message: p.message[ctx.lang] });
  },
);
