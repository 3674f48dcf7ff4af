/**
 * perf-completion: the completion rate of an indicator follows from its target and actual value
 * (≥ > =: actual ÷ target; ≤ <: target ÷ actual), amounts converted between 元 and 万元.
 */
import { D, Dec, Interval, judge, trimDec } from '../../util/decimal';
import type { RowReading } from '../../facts/perf-sheet';
import { defineRule, t } from '../rule';
import { pctText, relCell, setFix } from './common';

/** Whether the stated completion rate disagrees with target and actual (above 100% may be written 100%). */
export function completionWrong(r: RowReading): boolean {
  const { computed, stated } = r;
  if (!computed || computed === 'units' || !stated) return false;
  const point = computed.value.times(100);
  const capped = D.min(point, 100);
  return !(
    stated.w.value.eq(point) ||
    judge(stated.w, Interval.exact(point), point) !== 'mismatch' ||
    judge(stated.w, Interval.exact(capped), capped) !== 'mismatch'
  );
}

/**
 * The completion a row is scored by (1 = 100%): the stated rate unless target and actual say
 * otherwise, with how it was found.
 */
export function rowCompletion(r: RowReading): { value: Dec; formula: string } | undefined {
  const { computed, stated } = r;
  if (computed && computed !== 'units') {
    const value = stated && !completionWrong(r) ? stated.w.value.div(100) : computed.value;
    return { value, formula: computed.formula };
  }
  return stated ? { value: stated.w.value.div(100), formula: `${stated.cell.text}` } : undefined;
}

export const rule = defineRule(
  {
    id: 'perf-completion',
    aliases: ['SP205'],
    tags: ['performance'],
    scope: 'perf-sheet',
    title: { 'zh-CN': '完成率与目标值、实际值不符', en: 'Completion rate does not follow from target and actual' },
    severity: 'error',
    otherSeverities: ['warning'],
    doc: {
      'zh-CN':
        '按目标值的运算符计算完成率：≥、>、= 为 实际值 ÷ 目标值，≤、< 为 目标值 ÷ 实际值；单位不同的金额先换算（元、万元），无法换算的单位给出警告。超过 100% 的完成率写作 100% 也可。' +
        '快速修复改为计算值。',
      en:
        "The completion rate follows from the target's operator: actual ÷ target for ≥, > and =, target ÷ actual " +
        'for ≤ and <; amounts in different units are converted (元, 万元), and units that cannot be compared are a ' +
        'warning. A rate above 100% may be written as 100%. The quick fix writes the computed rate.',
    },
  },
  {
    check: (ctx, sheet, report) => {
      const { lang } = ctx;
      const doc = sheet.table.doc;
      for (const r of sheet.rows) {
        const { row, target, actual, computed, stated } = r;
        if (computed === 'units' && target && actual) {
          report({
            span: row.actual!.span,
            doc,
            severity: 'warning',
            message: t(
              lang,
              `「${r.name}」目标值与实际值单位不一致：「${target.text}」与「${actual.text}」`,
              `「${r.name}」: the target and the actual value have different units: 「${target.text}」 and ` +
                `「${actual.text}」`,
            ),
            related: [relCell(ctx, sheet, row.target!, `目标值 ${target.text}`)],
          });
        }
        if (!computed || computed === 'units' || !stated || !completionWrong(r)) continue;
        const point = computed.value.times(100);
        const expected = pctText(computed.value, stated.w.decimals);
        report({
          span: stated.span,
          doc,
          message: t(
            lang,
            `「${r.name}」完成率 ${stated.cell.text} 与目标值、实际值不符：${computed.formula} = ${expected}`,
            `「${r.name}」: the completion rate ${stated.cell.text} does not follow from the target and the actual ` +
              `value: ${computed.formula} = ${expected}`,
          ),
          related: [
            relCell(ctx, sheet, row.target!, `目标值 ${target!.text}`),
            relCell(ctx, sheet, row.actual!, `实际值 ${actual!.text}`),
          ],
          fixes: [setFix(ctx, sheet, stated, point, stated.w.decimals, true)],
          expected,
          formula: `${computed.formula} × 100 = ${trimDec(point, 4)}%`,
        });
      }
    },
  },
);
