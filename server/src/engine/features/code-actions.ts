/**
 * Code actions of a finding: its quick fixes (certain first, each kept in the order its rule
 * gave) and the edits of the disable comments that silence its rule for a line or the file.
 */
import { RULE_BY_ID } from '../rules';
import type { CheckResult } from '../pipeline';
import type { Finding, Fix, TextEdit } from '../types';

/** The quick fixes of a finding: the certain ones first, each group in the rule's order. */
export function quickFixes(finding: Finding): Fix[] {
  return [...finding.fixes.filter((f) => f.certain), ...finding.fixes.filter((f) => !f.certain)];
}

/** An edit inserting a disable comment for the rule: on the line before, or for the file. */
export function disableEdit(
  result: CheckResult,
  rule: string,
  line: number,
  scope: 'line' | 'file',
  path?: string,
): TextEdit {
  // a finding in the linked tables file is silenced in that file
  const doc = (path && result.linked.find((d) => d.path === path)) || result.doc;
  const id = RULE_BY_ID.get(rule)?.id ?? rule;
  let at: number;
  let text: string;
  if (scope === 'file') {
    // after the front matter, if any
    const fm = /^---\r?\n[\s\S]*?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(doc.source);
    at = fm ? fm[0].length : 0;
    text =
      doc.format === 'yaml'
        ? `# suanpan-disable-file ${id}\n`
        : `${fm && !fm[0].endsWith('\n') ? '\n' : ''}<!-- suanpan-disable-file ${id} -->\n`;
  } else {
    at = doc.lines.lineStart(line);
    const indent = /^[ \t]*/.exec(doc.source.slice(at, doc.lines.lineEnd(line)))![0];
    text =
      doc.format === 'yaml'
        ? `${indent}# suanpan-disable-next-line ${id}\n`
        : `${indent}<!-- suanpan-disable-next-line ${id} -->\n`;
  }
  const span = { start: at, end: at };
  return { span, range: doc.lines.range(span), newText: text, ...(doc === result.doc ? {} : { path: doc.path }) };
}
