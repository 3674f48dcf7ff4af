/**
 * perf-range: percentages of a 自评表 within reason: rates (满意度, 合格率 …) not above 100% in
 * their target or actual value, no negative completion rate, an execution rate above 100% flagged.
 */
import { asNum } from '../../facts/perf-cells';
import type { PerfSheet } from '../../facts/perf-sheet';
import { perfVocabulary } from '../../knowledge/perf';
import type { Ctx } from '../context';
import { defineRule, t, type Report } from '../rule';

export const rule = defineRule(
  {
    id: 'perf-range',
    aliases: ['SP208'],
    tags: ['performance'],
    scope: 'perf-sheet',
    title: { 'zh-CN': '百分比超出合理范围', en: 'Percentage out of range' },
    severity: 'warning',
    doc: {
      'zh-CN':
        '满意度、合格率等比率的目标值和实际值不应超过 100%；执行率超过 100%（执行数大于预算数）或完成率为负数时提示核实。',
      en:
        'Satisfaction and other rates (合格率 …) cannot exceed 100% in their target or actual value; an execution ' +
        'rate above 100% (more spent than budgeted) or a negative completion rate is flagged for review.',
    },
  },
  {
    check: (ctx, sheet, report) => {
      executionRate(ctx, report, sheet);
      indicators(ctx, report, sheet);
    },
  },
);

/** An execution rate above 100% (checked where the amounts it follows from are stated). */
function executionRate(ctx: Ctx, report: Report, sheet: PerfSheet): void {
  const rate = sheet.fund && asNum(sheet.fund.rate);
  if (!sheet.fund?.ratio || !rate || !rate.w.value.gt(100)) return;
  report({
    span: rate.span,
    doc: sheet.table.doc,
    message: t(
      ctx.lang,
      `执行率 ${rate.cell.text} 超过 100%：执行数大于全年预算数（${sheet.name}）`,
      `the execution rate ${rate.cell.text} exceeds 100%: more was spent than budgeted (${sheet.name})`,
    ),
  });
}

function indicators(ctx: Ctx, report: Report, sheet: PerfSheet): void {
  const { lang } = ctx;
  const doc = sheet.table.doc;
  for (const r of sheet.rows) {
    const { stated, target, actual, row, name } = r;
    if (stated && stated.w.value.lt(0))
      report({
        span: stated.span,
        doc,
        message: t(lang, `「${name}」完成率为负数`, `「${name}」: a negative completion rate`),
      });
    if (!perfVocabulary.rateIndicator.test(name)) continue;
    for (const [m, c, label] of [
      [target, row.target, '目标值'],
      [actual, row.actual, '实际值'],
    ] as const) {
      if (!m || m.unit !== '%' || !m.value.gt(100)) continue;
      report({
        span: c!.span,
        doc,
        message: t(
          lang,
          `「${name}」${label} ${m.text} 超过 100%`,
          `「${name}」: the ${label === '目标值' ? 'target' : 'actual value'} ${m.text} exceeds 100%`,
        ),
      });
    }
  }
}
