/**
 * missing-glossary: a term the layout's 名词解释 part must explain is not there. The fix
 * inserts the entry (with the profile's definition) after the entry before it.
 */
import { fix, type Ctx } from '../context';
import { analysisOf, itemName, lineInsertion, readNumbering } from '../../structure/outline';
import type { Fix } from '../../types';
import { defineRule, t, type Report } from '../rule';

function check(ctx: Ctx, report: Report): void {
  const a = analysisOf(ctx);
  if (!a || !a.confident) return;
  const { lang } = ctx;
  for (const part of a.parts) {
    const g = part.glossary;
    if (!g || !part.anchor || !g.entries.length) continue;
    const order = part.item.glossary;
    for (const e of g.missing) {
      const idx = order.indexOf(e);
      // the entry found for the term before it in the profile's order, else the last entry
      const prevTerm = order
        .slice(0, idx)
        .reverse()
        .find((x) => !g.missing.includes(x));
      const prev = prevTerm
        ? g.entries.find((x) => prevTerm.keys.some((k) => x.key === k || (k.length >= 3 && x.key.includes(k))))
        : undefined;
      const nextTerm = order.slice(idx + 1).find((x) => !g.missing.includes(x));
      // an excerpt that stops inside the glossary: the terms after the last one it holds are not missing
      if (!nextTerm && a.excerpt && part.region && part.region.end >= a.excerpt.end) continue;
      const next = nextTerm
        ? g.entries.find((x) => nextTerm.keys.some((k) => x.key === k || (k.length >= 3 && x.key.includes(k))))
        : undefined;
      const fixes: Fix[] = [];
      const anchorEntry = prev ?? g.entries[g.entries.length - 1];
      const num = readNumbering(anchorEntry.numbering);
      const at = prev ? lineEndAfter(ctx, prev.end) : next ? next.lineStart : lineEndAfter(ctx, anchorEntry.end);
      const numbering = num ? num.format(prev ? num.n + 1 : Math.max(1, num.n)) : '';
      const entry = `${numbering}${e.term}：${e.definition ?? ''}`;
      fixes.push(
        fix(
          ctx,
          t(lang, `插入「${e.term}」的解释`, `Insert an entry for 「${e.term}」`),
          { start: at, end: at },
          lineInsertion(ctx, at, entry),
          false,
        ),
      );
      report({
        span: (next ?? prev)?.span ?? part.anchor.span,
        message: t(
          lang,
          `「${itemName(part)}」缺少「${e.term}」的解释：布局「${a.profile.name['zh-CN']}」要求`,
          `「${itemName(part)}」 lacks an entry for 「${e.term}」, which the layout 「${a.profile.name.en}」 requires`,
        ),
        fixes,
        expected: e.term,
        data: { profile: a.profile.id, term: e.term },
      });
    }
  }
}

/** The start of the line after the paragraph ending at `end` (after its blank line in Markdown). */
function lineEndAfter(ctx: Ctx, end: number): number {
  const src = ctx.doc.source;
  let i = src.indexOf('\n', end);
  if (i < 0) return src.length;
  i++;
  if (ctx.doc.format === 'markdown') {
    const j = src.indexOf('\n', i);
    if (j >= 0 && src.slice(i, j).trim() === '') return j + 1;
  }
  return i;
}

export const rule = defineRule(
  {
    id: 'missing-glossary',
    aliases: ['SP103', 'required-glossary'],
    tags: ['structure'],
    title: { 'zh-CN': '名词解释缺少条目', en: 'Glossary entry missing' },
    severity: 'warning',
    doc: {
      'zh-CN':
        '检查「名词解释」部分是否包含布局模板要求的条目（财政拨款收入、“三公”经费、机关运行经费等）。快速修复按模板的释义插入缺少的条目。',
      en:
        'Checks that the glossary part (名词解释) explains every term the layout requires (财政拨款收入, ' +
        "“三公”经费, 机关运行经费 …). The quick fix inserts the missing entry with the profile's definition.",
    },
  },
  check,
);
