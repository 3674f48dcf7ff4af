/**
 * toc-numbering: the table of contents (目录) read as a list: within a level, each entry's number
 * follows the one before (一、二、三 …; 1. 2. 3. …), counted again after an entry of a higher
 * level and when a list starts over at one. A number that skips (七、 then 十、) is reported on
 * the entry. The body's headings are the numbering rule's.
 */
import { tocOf } from '../../structure/toc';
import type { Ctx } from '../context';
import { defineRule, t, type Report } from '../rule';

function check(ctx: Ctx, report: Report): void {
  const { lang } = ctx;
  const last = new Map<number, { n: number; token: string }>();
  for (const e of tocOf(ctx.doc)) {
    const num = e.numbering;
    if (!num) continue;
    for (const l of [...last.keys()]) if (l > num.level) last.delete(l);
    const prev = last.get(num.level);
    last.set(num.level, { n: num.n, token: num.token });
    if (!prev || num.n === 1 || num.n <= prev.n + 1) continue;
    const gap = num.n - prev.n - 1;
    report({
      span: { start: e.span.start, end: e.span.start + num.token.length },
      message: t(
        lang,
        `目录编号跳号：「${prev.token}」之后是「${num.token}」（缺 ${gap} 项）`,
        `the table of contents skips numbers: 「${prev.token}」 is followed by 「${num.token}」 (${gap} missing)`,
      ),
      data: { after: prev.n, found: num.n },
    });
  }
}

export const rule = defineRule(
  {
    id: 'toc-numbering',
    aliases: ['SP114'],
    tags: ['structure'],
    title: { 'zh-CN': '目录编号跳号', en: 'Table of contents skips a number' },
    severity: 'warning',
    doc: {
      'zh-CN':
        '把目录当作列表检查：同一级的编号应逐一递增（一、二、三……；1. 2. 3. ……），上一级条目之后或从「一」重新开始时重新计数。' +
        '编号跳过（「七、」之后是「十、」）时在该条目报告。正文标题的编号由 numbering 规则检查。',
      en:
        'Reads the table of contents (目录) as a list: within a level each number follows the one before (一、二、三 …; ' +
        '1. 2. 3. …), counted again after an entry of a higher level or when a list starts over at one. A number ' +
        "that skips (七、 then 十、) is reported on the entry. The body's headings are the numbering rule's.",
    },
  },
  check,
);
