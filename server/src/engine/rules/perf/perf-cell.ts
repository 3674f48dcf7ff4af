/** perf-cell: the weight, score and completion cells of a 自评表 hold numbers. */
import { numOf, pctOf } from '../../facts/perf-cells';
import type { PCell } from '../../facts/perf-table';
import { defineRule, t } from '../rule';

/** Full-width digits and a date after the number are the malformed rule's. */
const MALFORMED = /\d{4}年|[０-９]/;
const FULL_WIDTH = /[０-９]/;

export const rule = defineRule(
  {
    id: 'perf-cell',
    aliases: ['SP212'],
    tags: ['performance'],
    scope: 'perf-sheet',
    title: { 'zh-CN': '自评表数字栏书写有误', en: 'Malformed number in a self-evaluation table' },
    severity: 'warning',
    doc: {
      'zh-CN': '分值、得分、完成率等数字栏应为数字（可带「分」或 %）；日期后多出字符等由 malformed 规则报告。',
      en:
        'The weight, score and completion columns hold numbers (with 分 or % where usual); stray characters after ' +
        "dates and the like are the malformed rule's.",
    },
  },
  {
    check: (ctx, sheet, report) => {
      const { lang } = ctx;
      const { src } = sheet;
      const doc = sheet.table.doc;
      for (const r of sheet.table.indicators) {
        for (const [c, label] of [
          [r.weight, '分值'],
          [r.score, '得分'],
        ] as Array<[PCell | undefined, '分值' | '得分']>) {
          if (numOf(src, c) !== 'bad' || MALFORMED.test(c!.text)) continue;
          report({
            span: c!.span,
            doc,
            message: t(
              lang,
              `${label}应为数字：「${c!.text}」`,
              `the ${label === '分值' ? 'weight' : 'score'} is not a number: 「${c!.text}」`,
            ),
          });
        }
        const comp = r.completion;
        if (!comp || pctOf(src, comp) !== 'bad' || FULL_WIDTH.test(comp.text) || numOf(src, comp) !== 'bad') continue;
        report({
          span: comp.span,
          doc,
          message: t(
            lang,
            `完成率应为百分数：「${comp.text}」`,
            `the completion rate is not a percentage: 「${comp.text}」`,
          ),
        });
      }
    },
  },
);
