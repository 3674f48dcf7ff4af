import { defineRule } from '../rule';
import { directionSpec, flatSpec, reportFailures, zeroBaseSpec } from '../../relations/explain';

export const rule = defineRule(
  {
    id: 'yoy',
    aliases: ['SP003', 'year-over-year'],
    tags: ['arithmetic', 'change'],
    title: { 'zh-CN': '同比增减与增长率不符', en: 'Year-over-year change and rate disagree' },
    severity: 'error',
    otherSeverities: ['warning'],
    doc: {
      'zh-CN':
        '「比上年增加 X 万元，增长 Y%」：上年数 = 本年数 ∓ 增减额，增长率 = 增减额 ÷ 上年数。增减额与增长率须相符，方向词须一致（增加配增长，减少配下降，持平即为零）。' +
        '上年为零时增长率无意义（「增长100%」），作警告。',
      en:
        '「比上年增加 X 万元，增长 Y%」: prior = current ∓ change, rate = change ÷ prior. Change and rate must agree and their ' +
        'direction words too (增加 with 增长, 减少 with 下降, 持平 means zero). A rate from a zero prior (「增长100%」) is ' +
        'undefined: a warning.',
    },
  },
  (ctx, report) => {
    reportFailures(ctx, report, 'yoy', (c, e) => {
      if (e.status === 'zero-base') report({ ...zeroBaseSpec(ctx, c, e), severity: 'warning' });
    });
    for (const d of ctx.net.directions) report(d.kind === 'flat' ? flatSpec(ctx, d) : directionSpec(ctx, d));
  },
);
