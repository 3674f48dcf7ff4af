/**
 * section-order: parts, sections or tables in another order than the layout's. The order kept
 * is the longest run that follows the profile; what falls outside it is reported, with a fix
 * that moves it (heading and content, nothing lost) before the section it should precede.
 */
import type { Ctx } from '../context';
import { analysisOf, itemName } from '../../structure/outline';
import type { Fix } from '../../types';
import { defineRule, t, type Report } from '../rule';

function check(ctx: Ctx, report: Report): void {
  const a = analysisOf(ctx);
  if (!a || !a.confident) return;
  const { lang, doc } = ctx;
  for (const o of a.outOfOrder) {
    const m = o.match;
    const span = m.anchor?.span ?? m.region;
    if (!span) continue;
    const fixes: Fix[] = [];
    const name = itemName(m);
    let msg: string;
    if (o.before) {
      msg = t(
        lang,
        `「${name}」应在「${itemName(o.before)}」之前（布局「${a.profile.name['zh-CN']}」的顺序）`,
        `「${name}」 should come before 「${itemName(o.before)}」 (the order of the layout 「${a.profile.name.en}」)`,
      );
    } else {
      msg = t(
        lang,
        `「${name}」应在「${itemName(o.after!)}」之后（布局「${a.profile.name['zh-CN']}」的顺序）`,
        `「${name}」 should come after 「${itemName(o.after!)}」 (the order of the layout 「${a.profile.name.en}」)`,
      );
    }
    // move: the section's text (heading to the next sibling) goes before the target section
    const target = o.before ?? undefined;
    if (m.anchor && m.region && target?.anchor && target.region) {
      const from = m.region;
      const at = target.anchor.lineStart;
      if (
        (at <= from.start || at >= from.end) &&
        doc.source[from.end - 1] === '\n' &&
        (from.start === 0 || doc.source[from.start - 1] === '\n')
      ) {
        const moved = doc.source.slice(from.start, from.end);
        fixes.push({
          title: t(lang, `移到「${itemName(target)}」之前`, `Move before 「${itemName(target)}」`),
          certain: false,
          edits: [
            { span: { start: at, end: at }, range: doc.lines.range({ start: at, end: at }), newText: moved },
            { span: from, range: doc.lines.range(from), newText: '' },
          ],
        });
      }
    }
    const other = (o.before ?? o.after)?.anchor ? (o.before ?? o.after)! : undefined;
    report({
      span,
      message: msg,
      related: other
        ? [{ span: other.anchor!.span, range: doc.lines.range(other.anchor!.span), message: itemName(other) }]
        : [],
      fixes,
      data: { profile: a.profile.id, item: m.item.id },
    });
  }
}

export const rule = defineRule(
  {
    id: 'section-order',
    aliases: ['SP104', 'wrong-order'],
    tags: ['structure'],
    title: { 'zh-CN': '章节顺序有误', en: 'Sections out of order' },
    severity: 'warning',
    doc: {
      'zh-CN':
        '检查部分、章节和报表的先后顺序是否符合布局模板。以与模板顺序一致的最长序列为准，报告其余位置不当的章节；快速修复将该章节（连同其内容）移到应在的位置。',
      en:
        "Checks that parts, sections and tables follow the layout's order. The longest run " +
        "in the profile's order is kept; every other section is reported, and the quick fix " +
        'moves it (with its content) to where it belongs.',
    },
  },
  check,
);
