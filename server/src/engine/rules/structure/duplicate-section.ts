/** duplicate-section: a part, section, table entry or glossary term that appears twice. */
import { rel } from '../context';
import { analysisOf, itemName } from '../../structure/outline';
import { defineRule, t } from '../rule';

export const rule = defineRule(
  {
    id: 'duplicate-section',
    aliases: ['SP105'],
    tags: ['structure'],
    title: { 'zh-CN': '章节重复', en: 'Duplicate section' },
    severity: 'warning',
    doc: {
      'zh-CN': '同一部分、章节、表目或名词解释条目出现两次（按标题相似度识别）。',
      en: 'The same part, section, table entry or glossary term appears twice (recognised by title similarity).',
    },
  },
  (ctx, report) => {
    const a = analysisOf(ctx);
    if (!a) return;
    const { lang } = ctx;
    for (const d of a.duplicates) {
      const first = d.of.anchor!;
      const line = ctx.doc.lines.position(first.span.start).line + 1;
      const what = d.of.item.kind === 'table' ? '报表' : '章节';
      report({
        span: d.anchor.span,
        message: t(
          lang,
          `「${d.anchor.text.trim()}」重复：与第 ${line} 行的「${itemName(d.of)}」是同一${what}`,
          `「${d.anchor.text.trim()}」 repeats 「${itemName(d.of)}」 (line ${line})`,
        ),
        related: [rel(ctx, first.span, itemName(d.of))],
        data: { profile: a.profile.id, item: d.of.item.id },
      });
    }
    for (const part of a.parts) {
      for (const e of part.glossary?.duplicates ?? []) {
        const first = part.glossary!.entries.find((x) => x.key === e.key)!;
        report({
          span: e.span,
          message: t(lang, `名词解释「${e.term}」重复`, `the glossary explains 「${e.term}」 twice`),
          related: [rel(ctx, first.span, first.term)],
          data: { term: e.term },
        });
      }
    }
  },
);
