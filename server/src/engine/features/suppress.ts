/**
 * Inline comments that silence findings, in every format:
 *   <!-- suanpan-disable-next-line RULE … -->   the next non-blank line
 *   <!-- suanpan-disable RULE … --> … <!-- suanpan-enable RULE … -->
 *   <!-- suanpan-disable-file RULE … -->
 *   <!-- suanpan-disable-row 「合计」 RULE … -->  a row of the Markdown table that follows, named by
 *        its first cell (or `row 3`, the third row under the header, when that cell is not unique):
 *        written before the table, since a comment line between its rows would end the table
 * Without rule ids they apply to every rule. Rule aliases are accepted.
 */
import type { LineIndex } from '../util/text';
import type { Finding } from '../types';
import { RULE_BY_ID } from '../rules';

interface Directive {
  kind: 'disable-next-line' | 'disable' | 'enable' | 'disable-file' | 'disable-row';
  rules: string[] | 'all';
  line: number;
  offset: number;
  /** disable-row: the row named, by its first cell or its number under the header (1-based). */
  row?: { label: string } | { index: number };
}

const DIRECTIVE_RE = /<!--\s*suanpan-(disable-next-line|disable-file|disable-row|disable|enable)\b([^>]*?)-->/g;
/** The row a disable-row directive names: 「first cell」 or `row N`. */
const ROW_RE = /^\s*(?:「([^」\n]*)」|row\s+(\d+))/;
/** In YAML the same directives are comments: # suanpan-disable-next-line RULE */
const YAML_DIRECTIVE_RE = /#[ \t]*suanpan-(disable-next-line|disable-file|disable|enable)\b([^\n]*)/g;

export function directives(source: string, yaml = false): Directive[] {
  const out: Directive[] = [];
  let m: RegExpExecArray | null;
  const re = yaml ? YAML_DIRECTIVE_RE : DIRECTIVE_RE;
  re.lastIndex = 0;
  while ((m = re.exec(source))) {
    let rest = m[2];
    let row: Directive['row'];
    if (m[1] === 'disable-row') {
      const r = ROW_RE.exec(rest);
      if (!r) continue;
      row = r[1] !== undefined ? { label: r[1].trim() } : { index: Number(r[2]) };
      rest = rest.slice(r[0].length);
    }
    const ids = rest
      .trim()
      .split(/[\s,]+/)
      .filter(Boolean)
      .map((r) => RULE_BY_ID.get(r)?.id ?? r);
    out.push({
      kind: m[1] as Directive['kind'],
      rules: ids.length ? ids : 'all',
      line: -1,
      offset: m.index + m[0].length,
      ...(row ? { row } : {}),
    });
  }
  return out;
}

export function applySuppressions(findings: Finding[], source: string, lines: LineIndex, yaml = false): Finding[] {
  const ds = directives(source, yaml);
  if (!ds.length) return findings;
  for (const d of ds) d.line = lines.position(d.offset).line;
  const has = (rules: Directive['rules'], id: string) => rules === 'all' || rules.includes(id);
  const nextLine = (line: number) => {
    let l = line + 1;
    while (l < lines.lineCount && source.slice(lines.lineStart(l), lines.lineEnd(l)).trim() === '') l++;
    return l;
  };
  // the table after a disable-row comment: past blank lines and the other comments written before it
  const tableStart = (line: number) => {
    let l = line + 1;
    while (l < lines.lineCount && /^\s*(?:<!--\s*suanpan-[^>]*-->\s*)?$/.test(lineText(source, lines, l))) l++;
    return l;
  };
  const rowLines = new Map<Directive, number | undefined>();
  for (const d of ds)
    if (d.kind === 'disable-row') rowLines.set(d, namedRowLine(source, lines, tableStart(d.line), d.row!));
  return findings.filter((f) => {
    const line = f.range.start.line;
    let disabled = false;
    for (const d of ds) {
      if (d.kind === 'disable-row' && has(d.rules, f.rule) && rowLines.get(d) === line) return false;
      if (d.kind === 'disable-file' && has(d.rules, f.rule)) return false;
      if (d.kind === 'disable-next-line' && has(d.rules, f.rule) && nextLine(d.line) === line) return false;
      if (d.offset <= f.span.start) {
        if (d.kind === 'disable' && has(d.rules, f.rule)) disabled = true;
        if (d.kind === 'enable' && has(d.rules, f.rule)) disabled = false;
      }
    }
    return !disabled;
  });
}

/** A Markdown table's lines: the header, the delimiter row, then the body rows. */
export interface TableLines {
  header: number;
  body: number[];
}

const lineText = (source: string, lines: LineIndex, l: number) => source.slice(lines.lineStart(l), lines.lineEnd(l));
const isRow = (t: string) => t.includes('|') && t.trim() !== '';
const isDelimiter = (t: string) => /^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$/.test(t);

/** The Markdown table whose header is at line `header`, if a table starts there. */
export function tableAt(source: string, lines: LineIndex, header: number): TableLines | undefined {
  if (header < 0 || header + 1 >= lines.lineCount) return undefined;
  if (!isRow(lineText(source, lines, header)) || !isDelimiter(lineText(source, lines, header + 1))) return undefined;
  const body: number[] = [];
  for (let l = header + 2; l < lines.lineCount && isRow(lineText(source, lines, l)); l++) body.push(l);
  return { header, body };
}

/** The Markdown table a line is a body row of (searching up at most `limit` lines for its header). */
export function tableOfRow(source: string, lines: LineIndex, line: number, limit = 2000): TableLines | undefined {
  if (!isRow(lineText(source, lines, line))) return undefined;
  for (let h = line - 1; h >= 0 && line - h <= limit; h--) {
    const t = lineText(source, lines, h);
    if (!isRow(t)) return undefined;
    if (isDelimiter(t)) {
      const table = tableAt(source, lines, h - 1);
      return table && table.body.includes(line) ? table : undefined;
    }
  }
  return undefined;
}

/** The first cell of a table row, trimmed (the row's name). */
export function firstCell(text: string): string {
  return text
    .replace(/^\s*\|/, '')
    .split('|')[0]
    .trim();
}

/** How a disable-row directive names a body row: by its first cell when unique, else by number. */
export function rowName(source: string, lines: LineIndex, table: TableLines, line: number): string {
  const label = firstCell(lineText(source, lines, line));
  const same = table.body.filter((l) => firstCell(lineText(source, lines, l)) === label).length;
  return label && same === 1 && !/[」\n]/.test(label) && !label.includes('--')
    ? `「${label}」`
    : `row ${table.body.indexOf(line) + 1}`;
}

/** The line of the row a disable-row directive names in the table starting at `header`. */
function namedRowLine(source: string, lines: LineIndex, header: number, row: NonNullable<Directive['row']>) {
  const table = tableAt(source, lines, header);
  if (!table) return undefined;
  if ('index' in row) return table.body[row.index - 1];
  return table.body.find((l) => firstCell(lineText(source, lines, l)) === row.label);
}
