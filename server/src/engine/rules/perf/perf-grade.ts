/** perf-grade: a stated 自评等级 matches the total score (优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below, or the profile's). */
import { trimDec } from '../../util/decimal';
import { defineRule, t } from '../rule';
import { totalsOf } from './perf-total';

export const rule = defineRule(
  {
    id: 'perf-grade',
    aliases: ['SP210'],
    tags: ['performance'],
    scope: 'perf-sheet',
    title: { 'zh-CN': '自评等级与总分不符', en: 'Grade does not match the total score' },
    severity: 'error',
    doc: {
      'zh-CN':
        '表中写明的自评等级应与总分相符：优 ≥ 90，良 80–89，中 60–79，差 < 60（或布局模板规定的分档）。快速修复改为应有的等级。',
      en:
        'A stated grade matches the total score: 优 ≥ 90, 良 80–89, 中 60–79, 差 < 60 (or the bands of the layout ' +
        'profile). The quick fix writes the right grade.',
    },
  },
  {
    check: (ctx, sheet, report) => {
      const { lang } = ctx;
      const { grades } = ctx.perf.conventions;
      const cell = sheet.table.grade;
      const totals = cell && totalsOf(sheet, ctx.perf.conventions);
      if (!cell || !totals) return;
      // the stated total, else the total the scores make
      const stated = sheet.statedTotal;
      const total = typeof stated === 'object' ? stated.w.value : totals.corrected;
      const g = cell.text.replace(/\s+/g, '').replace(/^[“"]|[”"]$/g, '');
      const want = grades.find((x) => total.gte(x.min))?.grade;
      if (!want || !grades.some((x) => x.grade === g) || g === want) return;
      report({
        span: cell.span,
        doc: sheet.table.doc,
        message: t(
          lang,
          `自评等级「${g}」与总分 ${trimDec(total)} 不符，应为「${want}」（${grades.map((x) => `${x.grade} ≥ ${x.min}`).join('，')}）`,
          `the grade 「${g}」 does not match the total ${trimDec(total)}; it should be 「${want}」 ` +
            `(${grades.map((x) => `${x.grade} ≥ ${x.min}`).join(', ')})`,
        ),
        fixes: [
          {
            title: t(lang, `改为「${want}」`, `Change to 「${want}」`),
            certain: true,
            edits: [{ span: cell.span, range: sheet.doc.lines.range(cell.span), newText: want }],
          },
        ],
        expected: want,
      });
    },
  },
);
