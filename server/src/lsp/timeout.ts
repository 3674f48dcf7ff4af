/**
 * What a document shows when its check ran past the editor's deadline and was stopped: one
 * input-limit finding at the top (the rule that says a report was too complex to check in time),
 * with the deadline, instead of a stall. The next edit checks it again.
 */
import { RULE_BY_ID, type CheckOptions, type Finding, type Lang, type Severity } from '../engine';

export function deadlineFinding(ms: number, options: CheckOptions): Finding | undefined {
  const conf = options.rules?.['input-limit'];
  if (conf === 'off') return undefined;
  const severity: Severity = conf ?? RULE_BY_ID.get('input-limit')?.severity ?? 'warning';
  const lang: Lang = options.lang ?? 'zh-CN';
  const message =
    lang === 'en'
      ? `the report is too complex to check within the time limit (${ms} ms): the check was stopped; ` +
        'it runs again on the next edit'
      : `报告过于复杂，未在时限（${ms} 毫秒）内查完，检查已停止；下次编辑时重新检查`;
  const at = { line: 0, character: 0 };
  return {
    rule: 'input-limit',
    severity,
    message,
    range: { start: at, end: at },
    span: { start: 0, end: 0 },
    related: [],
    fixes: [],
    data: { deadlineMs: ms, stopped: true },
  };
}
