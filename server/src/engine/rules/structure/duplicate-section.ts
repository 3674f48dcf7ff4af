/** duplicate-section: a part, section, table entry or glossary term that appears twice. */
import { base, rel, type Ctx } from '../context';
import { analysisOf, itemName } from '../../structure/outline';
import type { Finding } from '../../types';
import { t, type LegacyRuleDef } from '../rule';

function check(ctx: Ctx): Finding[] {
  const a = analysisOf(ctx);
  if (!a) return [];
  const { lang } = ctx;
  const out: Finding[] = [];
  for (const d of a.duplicates) {
    const first = d.of.anchor!;
    out.push(
      base(
        ctx,
        'duplicate-section',
        'warning',
        d.anchor.span,
        t(
          lang,
          `「${d.anchor.text.trim()}」重复：与第 ${ctx.doc.lines.position(first.span.start).line + 1} 行的「${itemName(d.of)}」是同一${d.of.item.kind === 'table' ? '报表' : '章节'}`,
          `「${d.anchor.text.trim()}」 repeats 「${itemName(d.of)}」 (line ${ctx.doc.lines.position(first.span.start).line + 1})`,
        ),
        [rel(ctx, first.span, itemName(d.of))],
        [],
        { data: { profile: a.profile.id, item: d.of.item.id } },
      ),
    );
  }
  for (const part of a.parts) {
    for (const e of part.glossary?.duplicates ?? []) {
      const first = part.glossary!.entries.find((x) => x.key === e.key)!;
      out.push(
        base(
          ctx,
          'duplicate-section',
          'warning',
          e.span,
          t(lang, `名词解释「${e.term}」重复`, `the glossary explains 「${e.term}」 twice`),
          [rel(ctx, first.span, first.term)],
          [],
          { data: { term: e.term } },
        ),
      );
    }
  }
  return out;
}

export const rule: LegacyRuleDef = {
  id: 'duplicate-section',
  aliases: ['SP105'],
  tags: ['structure'],
  title: { 'zh-CN': '章节重复', en: 'Duplicate section' },
  severity: 'warning',
  doc: {
    'zh-CN': '同一部分、章节、表目或名词解释条目出现两次（按标题相似度识别）。',
    en: 'The same part, section, table entry or glossary term appears twice (recognised by title similarity).',
  },
  check,
};
