/**
 * missing-section: a part or section the layout profile requires is not in the report.
 * Sections are found by title similarity (structure.ts), so a renumbered or reworded heading
 * still counts; the fix inserts the heading with the profile's skeleton sentence where the
 * section belongs (before the next section the report has).
 */
import { fix, type Ctx } from '../context';
import {
  analysisOf,
  headingInsertion,
  insertionPoint,
  itemName,
  levelFor,
  numberingFor,
} from '../../structure/outline';
import { fillIn } from '../../structure/profile';
import { allMatches, parentPresent, pastTheEnd, type Anchor, type ItemMatch } from '../../structure/structure';
import type { Span } from '../../types';
import { defineRule, t, type Report } from '../rule';

function check(ctx: Ctx, report: Report): void {
  const a = analysisOf(ctx);
  if (!a || !a.confident) return;
  const { lang, doc } = ctx;
  for (const m of allMatches(a)) {
    if (m.item.kind === 'table' || m.anchor || m.implicit || !m.item.required || !parentPresent(m)) continue;
    if (pastTheEnd(a, m)) continue;
    const siblings = m.parent ? m.parent.children : a.parts;
    const numbering = numberingFor(siblings, m.item);
    const title = fillIn(m.item.heading ?? m.item.title, doc.meta.unit, doc.meta.year);
    const name = `${numbering}${numbering.endsWith('部分') ? ' ' : ''}${title}`;
    // a part whose sections are there but whose heading is not: the heading goes before them
    const at =
      m.region && !m.anchor ? m.region.start : insertionPoint(siblings, m.item, m.parent?.region, doc.source.length);
    const text = headingInsertion(ctx, at, numbering, m.item, levelFor(siblings, m.parent));
    const where = placeOf(ctx, siblings, m, at, a.anchors);
    const what = m.item.kind === 'part' ? t(lang, '部分', 'part') : t(lang, '章节', 'section');
    const parentName = m.parent ? t(lang, `（属于「${itemName(m.parent)}」）`, ` (in 「${itemName(m.parent)}」)`) : '';
    report({
      span: where,
      message: t(
        lang,
        `缺少${what}「${name}」${parentName}：布局「${a.profile.name['zh-CN']}」要求此${what}`,
        `missing ${what} 「${name}」${parentName}: the layout 「${a.profile.name.en}」 requires it`,
      ),
      fixes: [fix(ctx, t(lang, `插入「${name}」`, `Insert 「${name}」`), { start: at, end: at }, text, false)],
      expected: name,
      data: { profile: a.profile.id, item: m.item.id, kind: m.item.kind },
    });
  }
}

/**
 * Where to point: the heading the missing section would go before (the next one in the
 * report), else the previous sibling, else the parent's heading.
 */
function placeOf(ctx: Ctx, siblings: ItemMatch[], m: ItemMatch, at: number, anchors: Anchor[]): Span {
  const after = anchors.find((a) => a.kind === 'section' && a.lineStart >= at);
  if (after && after.lineStart - at < 400) return after.span;
  const idx = siblings.indexOf(m);
  const next = siblings.slice(idx + 1).find((s) => s.anchor);
  if (next) return next.anchor!.span;
  const prev = siblings
    .slice(0, idx)
    .reverse()
    .find((s) => s.anchor);
  if (prev) return prev.anchor!.span;
  for (let p = m.parent; p; p = p.parent) if (p.anchor) return p.anchor.span;
  const title = ctx.doc.sections.find((s) => s.level === 1);
  return title ? title.titleSpan : { start: 0, end: 0 };
}

export const rule = defineRule(
  {
    id: 'missing-section',
    aliases: ['SP101', 'required-section'],
    tags: ['structure'],
    title: { 'zh-CN': '缺少必备章节', en: 'Required part or section missing' },
    severity: 'error',
    doc: {
      'zh-CN':
        '按报告所用的布局模板（前言「模板」指定，或由标题、部分名称和表目自动识别）检查必备的部分和章节是否齐全。章节按标题相似度识别，不依赖编号。快速修复在应有位置插入标题及模板的骨架句。',
      en:
        "Checks that every part and section the report's layout profile requires is there " +
        '(the profile named by 模板 in the front matter, or detected from the title, part names ' +
        'and table list). Sections are recognised by title similarity, not by number. The ' +
        "quick fix inserts the heading and the profile's skeleton sentence where the section " +
        'belongs.',
    },
  },
  check,
);
