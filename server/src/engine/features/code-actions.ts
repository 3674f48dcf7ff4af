/**
 * Code actions of a finding: its quick fixes (certain first, each kept in the order its rule
 * gave) and the edits of the disable comments that silence its rule for a line or the file.
 */
import { RULE_BY_ID } from '../rules';
import { rowName, tableOfRow } from './suppress';
import type { CheckResult } from '../pipeline';
import type { ReportDoc } from '../read/model';
import type { Finding, Fix, TextEdit } from '../types';

/** The quick fixes of a finding: the certain ones first, each group in the rule's order. */
export function quickFixes(finding: Finding): Fix[] {
  return [...finding.fixes.filter((f) => f.certain), ...finding.fixes.filter((f) => !f.certain)];
}

/**
 * The title of a fix as offered: an uncertain one says so (「可能应改为 72.08%」, "Possibly change
 * to 72.08%"), so that only a fix decided beyond doubt reads as the answer.
 */
export function fixTitle(fix: Pick<Fix, 'title' | 'certain'>, lang: 'zh-CN' | 'en' = 'zh-CN'): string {
  const { title } = fix;
  if (fix.certain || /可能|possibly/i.test(title)) return title;
  // 「基本支出: 改为 …」: the figure named first (another figure the failure may be put down to)
  const m = /^([^:：]{1,40}[:：] )(.+)$/s.exec(title);
  const [head, rest] = m ? [m[1], m[2]] : ['', title];
  if (lang !== 'en') return `${head}可能应${rest}`;
  const lower = /^[A-Z][a-z]/.test(rest) ? rest[0].toLowerCase() + rest.slice(1) : rest;
  return head ? `${head}possibly ${lower}` : `Possibly ${lower}`;
}

/** What a disable edit reads of a checked document (a ReportDoc, or its text with a line index). */
export type DisableDoc = Pick<ReportDoc, 'source' | 'format' | 'lines' | 'path'>;

/** An edit inserting a disable comment for the rule: on the line before, or for the file. */
export function disableEdit(
  result: { doc: DisableDoc; linked: readonly DisableDoc[] },
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
  } else if (doc.format !== 'yaml' && tableOfRow(doc.source, doc.lines, line)) {
    // a comment line between a table's rows would end the table: it goes before the table, naming the row
    const table = tableOfRow(doc.source, doc.lines, line)!;
    at = doc.lines.lineStart(table.header);
    const indent = /^[ \t]*/.exec(doc.source.slice(at, doc.lines.lineEnd(table.header)))![0];
    text = `${indent}<!-- suanpan-disable-row ${rowName(doc.source, doc.lines, table, line)} ${id} -->\n`;
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

/** One code action of a finding, host-neutral (the LSP layer turns it into a CodeAction). */
export interface EngineAction {
  title: string;
  kind: 'quickfix' | 'disable';
  /** Only a certain fix is preferred (the one an editor applies on "fix all"). */
  preferred: boolean;
  edits: TextEdit[];
}

/** The actions of a finding: its fixes (certain first), then disable for this line and for the file. */
export function codeActions(result: CheckResult, finding: Finding, lang: 'zh-CN' | 'en' = 'zh-CN'): EngineAction[] {
  // only the first certain fix is preferred; an uncertain one never is, even when it is the only one
  const fixes: EngineAction[] = quickFixes(finding).map((f, i) => ({
    title: fixTitle(f, lang),
    kind: 'quickfix',
    preferred: f.certain && i === 0,
    edits: f.edits,
  }));
  const line = finding.range.start.line;
  const zh = lang !== 'en';
  return [
    ...fixes,
    {
      title: zh ? `在此行停用 ${finding.rule}` : `Disable ${finding.rule} for this line`,
      kind: 'disable',
      preferred: false,
      edits: [disableEdit(result, finding.rule, line, 'line', finding.path)],
    },
    {
      title: zh ? `在此文件停用 ${finding.rule}` : `Disable ${finding.rule} for this file`,
      kind: 'disable',
      preferred: false,
      edits: [disableEdit(result, finding.rule, line, 'file', finding.path)],
    },
  ];
}
