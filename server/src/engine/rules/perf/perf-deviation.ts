/** perf-deviation: an indicator scored below its weight states why (偏差原因分析及改进措施). */
import { defineRule, t } from '../rule';
import { relCell } from './common';
import { scoreFix } from './perf-score';
import { rowCap, settledRows } from './perf-score-range';

export const rule = defineRule(
  {
    id: 'perf-deviation',
    aliases: ['SP207'],
    tags: ['performance'],
    scope: 'perf-sheet',
    title: { 'zh-CN': '扣分未说明偏差原因', en: 'Deduction without a deviation reason' },
    severity: 'warning',
    doc: {
      'zh-CN': '得分低于分值的指标须在「偏差原因分析及改进措施」栏说明原因（表格有此栏时）。',
      en: 'An indicator scored below its weight needs its reason in the 偏差原因分析及改进措施 column (when the table has one).',
    },
  },
  {
    check: (ctx, sheet, report) => {
      const c = ctx.perf.conventions;
      if (!sheet.table.hasReasonColumn) return;
      // a score another finding explains is not a deduction to explain
      const settled = settledRows(sheet, c);
      for (const r of sheet.rows) {
        const { weight, score, row } = r;
        if (!weight || !score || r.reason || !score.w.value.lt(weight.w.value)) continue;
        if (settled.has(r) || rowCap(r, settled) || scoreFix(r, settled, c)) continue;
        report({
          span: score.span,
          doc: sheet.table.doc,
          message: t(
            ctx.lang,
            `「${r.name}」得分 ${score.cell.text} 低于分值 ${weight.cell.text}，须填写偏差原因分析及改进措施`,
            `「${r.name}」 scored ${score.cell.text} of ${weight.cell.text}: the deviation needs its reason (偏差原因)`,
          ),
          related: row.reason
            ? [relCell(ctx, sheet, row.reason, t(ctx.lang, '偏差原因（空）', 'deviation reason (empty)'))]
            : [],
        });
      }
    },
  },
);
