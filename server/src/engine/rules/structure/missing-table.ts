/**
 * missing-table: a table the layout requires is neither printed (layouts with the tables
 * inline) nor listed (layouts that attach them, 见附表). The fix for a list inserts the entry.
 */
import { fix, type Ctx } from '../context';
import { analysisOf, insertionPoint, itemName, lineInsertion, numberingFor } from '../../structure/outline';
import { pastTheEnd } from '../../structure/structure';
import type { Fix } from '../../types';
import { defineRule, t, type Report } from '../rule';

function check(ctx: Ctx, report: Report): void {
  const a = analysisOf(ctx);
  if (!a || !a.confident) return;
  const { lang, doc } = ctx;
  for (const part of a.parts) {
    if (!part.anchor && !part.implicit && !part.region) continue;
    const found = part.tables.filter((x) => x.anchor);
    for (const m of part.tables) {
      if (m.anchor || !m.item.required || pastTheEnd(a, m)) continue;
      const idx = part.tables.indexOf(m);
      const next = part.tables.slice(idx + 1).find((x) => x.anchor);
      const prev = part.tables
        .slice(0, idx)
        .reverse()
        .find((x) => x.anchor);
      const where = (next ?? prev)?.anchor?.span ?? part.anchor?.span ?? found[0]?.anchor?.span ?? { start: 0, end: 0 };
      const fixes: Fix[] = [];
      if (!part.item.inlineTables && part.anchor) {
        const numbering = numberingFor(part.tables, m.item);
        const at = insertionPoint(part.tables, m.item, part.region, doc.source.length);
        const entry = `${numbering}《${m.item.title}》`;
        fixes.push(
          fix(
            ctx,
            t(lang, `插入「${entry}」`, `Insert 「${entry}」`),
            { start: at, end: at },
            lineInsertion(ctx, at, entry),
            false,
          ),
        );
      }
      report({
        span: where,
        message: part.item.inlineTables
          ? t(
              lang,
              `缺少「${m.item.title}」：布局「${a.profile.name['zh-CN']}」要求在「${itemName(part)}」中列出此表` +
                '（无数据的表也应保留并说明）',
              `missing table 「${m.item.title}」: the layout 「${a.profile.name.en}」 requires it in ` +
                `「${itemName(part)}」 (an empty table stays, with a statement)`,
            )
          : t(
              lang,
              `「${itemName(part)}」的表目缺少「${m.item.title}」`,
              `the table list of 「${itemName(part)}」 lacks 「${m.item.title}」`,
            ),
        fixes,
        expected: m.item.title,
        data: { profile: a.profile.id, table: m.item.id },
      });
    }
  }
}

export const rule = defineRule(
  {
    id: 'missing-table',
    aliases: ['SP102', 'required-table'],
    tags: ['structure'],
    title: { 'zh-CN': '缺少必备报表', en: 'Required table missing' },
    severity: 'error',
    doc: {
      'zh-CN':
        '按布局模板检查必备报表（通常为九张表）是否齐全：表格列在正文中的布局检查各表标题，附表布局（见附表）检查表目。无数据的表也应保留并加以说明。',
      en:
        'Checks that every table the layout requires (usually the nine tables) is there: ' +
        'printed in the report for layouts that print them, or listed for layouts that attach ' +
        'them (见附表). An empty table stays, with a statement that it is empty.',
    },
  },
  check,
);
