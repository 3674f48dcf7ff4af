/**
 * input-limit: a report too large to check (over MAX_TEXT characters), or too complex to check
 * within the time budget (the check stopped before its remaining stages). Said once, at the top,
 * so a reviewer knows the report was not (fully) checked instead of seeing nothing.
 */
import { MAX_TEXT } from '../../read';
import { defineRule, t } from '../rule';

export const rule = defineRule(
  {
    id: 'input-limit',
    aliases: ['SP010', 'too-large', 'too-complex'],
    tags: ['input'],
    title: { 'zh-CN': '报告过大或过于复杂，未完整检查', en: 'Report too large or too complex to check' },
    severity: 'warning',
    doc: {
      'zh-CN':
        `超过 ${MAX_TEXT} 字符的文件不予检查；检查超出时间预算（默认 10 秒）时，其余步骤不再进行。` +
        '两种情况都在文件开头给出一条提示，说明上限，而不是默默不报。',
      en:
        `A file over ${MAX_TEXT} characters is not checked; a check that runs past its time budget ` +
        '(10 s by default) skips its remaining stages. Either way one finding at the top of the file says so, ' +
        'with the limit, rather than saying nothing.',
    },
  },
  (ctx, report) => {
    const { limits, lang } = ctx;
    const at = { start: 0, end: 0 };
    if (limits.tooLarge !== undefined) {
      report({
        span: at,
        message: t(
          lang,
          `文件过大，未检查（${limits.tooLarge} 字符，上限 ${MAX_TEXT}）`,
          `the file is too large to check (${limits.tooLarge} characters; at most ${MAX_TEXT})`,
        ),
        data: { limit: MAX_TEXT, size: limits.tooLarge },
      });
    }
    if (limits.skipped.length) {
      report({
        span: at,
        message: t(
          lang,
          `报告过于复杂，未在时间预算（${limits.budgetMs} 毫秒）内查完：未进行 ${limits.skipped.join('、')}`,
          `the report is too complex to check within the time budget (${limits.budgetMs} ms): ` +
            `skipped ${limits.skipped.join(', ')}`,
        ),
        data: { budgetMs: limits.budgetMs, skipped: limits.skipped },
      });
    }
  },
);
