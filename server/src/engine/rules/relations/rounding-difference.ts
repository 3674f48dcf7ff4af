import { defineRule } from '../rule';
import { roundingSpec } from '../../relations/explain';

export const rule = defineRule(
  {
    id: 'rounding-difference',
    aliases: ['SP007', 'tail-difference'],
    tags: ['arithmetic', 'rounding'],
    title: { 'zh-CN': '尾差（舍入差异）', en: 'Rounding difference' },
    severity: 'info',
    doc: {
      'zh-CN':
        '各项按 0.01 舍入后相加，与舍入后的合计相差一两分，属于尾差：在舍入区间内相符，不是错误。仅作提示，可在设置中隐藏（roundingDifferences: hide）。',
      en:
        'Parts rounded to 0.01 may miss their rounded total by a cent or two: consistent within the rounding ' +
        'intervals, not an error. Reported as information; can be hidden (roundingDifferences: hide).',
    },
  },
  (ctx, report) => {
    for (const [c, e] of ctx.relations.evals) if (e.status === 'rounding') report(roundingSpec(ctx, c, e));
  },
);
