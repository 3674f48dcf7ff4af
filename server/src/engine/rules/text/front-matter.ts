import { base, type Ctx } from '../context';
import type { LegacyRuleDef } from '../rule';

export const rule: LegacyRuleDef = {
  id: 'front-matter',
  aliases: ['SP008'],
  tags: ['input'],
  title: { 'zh-CN': '报告元数据有误', en: 'Report metadata is invalid' },
  severity: 'error',
  doc: {
    'zh-CN': 'YAML 前言（单位、年度、类型、模板、金额单位）无法解析或取值不合规定。',
    en: 'The YAML front matter (单位, 年度, 类型, 模板, 金额单位) cannot be parsed or has a value outside what is allowed.',
  },
  check: (ctx: Ctx) =>
    ctx.docs.flatMap((d) =>
      d.problems.map((p) => base(ctx, 'front-matter', 'error', p.span, p.message[ctx.lang], [], [], {}, d)),
    ),
};
