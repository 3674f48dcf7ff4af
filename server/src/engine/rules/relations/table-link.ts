/**
 * table-link: plausibility between tables. A line of the 基本支出决算表 that is part of a “三公”
 * figure (30217 公务接待费, 30231 公务用车运行维护费, 30212 因公出国（境）费用, 31013 公务用车购置)
 * may not exceed that figure, which covers basic and project expenditure alike.
 */
import { relFact, show } from '../context';
import { defineRule, t } from '../rule';
import { tableLinks } from '../../relations/links';

export const rule = defineRule(
  {
    id: 'table-link',
    aliases: ['SP009'],
    tags: ['tables', 'plausibility'],
    title: { 'zh-CN': '表间勾稽存疑', en: 'Implausible link between tables' },
    severity: 'warning',
    doc: {
      'zh-CN':
        '一般公共预算财政拨款基本支出决算表中属于“三公”经费的明细（30217 公务接待费、30231 公务用车运行维护费、30212 因公出国（境）费用、31013 公务用车购置）不应大于“三公”经费表（或正文）' +
        '中的相应数字：“三公”经费含基本支出和项目支出。属合理性检查，作警告并说明理由。',
      en:
        'Lines of the basic-expenditure table that belong to the three public expenses (30217, 30231, 30212, ' +
        '31013) may not exceed the matching figure of the three-public-expenses table or text, which covers basic ' +
        'and project expenditure alike. A plausibility warning, with the reason.',
    },
  },
  (ctx, report) => {
    const { lang } = ctx;
    for (const { code, row, line, total, holds } of tableLinks(ctx.ex, ctx.net.index)) {
      if (holds) continue;
      report({
        span: line.span,
        doc: line.doc,
        message: t(
          lang,
          `基本支出决算表 ${code} ${row.name} ${show(line)} 大于“三公”经费中的 ${show(total)}：“三公”经费含基本支出和项目支出，其中基本支出部分不应更大`,
          `basic-expenditure line ${code} ${row.name} ${show(line)} exceeds the three-public-expenses ` +
            `figure ${show(total)}, which covers basic and project expenditure alike`,
        ),
        related: [relFact(ctx, total)],
        formula: `${show(line)} ≤ ${show(total)}`,
        data: { link: code },
      });
    }
  },
);
