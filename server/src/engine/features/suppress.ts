/**
 * Inline comments that silence findings, in every format:
 *   <!-- suanpan-disable-next-line RULE … -->   the next non-blank line
 *   <!-- suanpan-disable RULE … --> … <!-- suanpan-enable RULE … -->
 *   <!-- suanpan-disable-file RULE … -->
 * Without rule ids they apply to every rule. Rule aliases are accepted.
 */
import type { LineIndex } from '../util/text';
import type { Finding } from '../types';
import { RULE_BY_ID } from '../rules';

interface Directive {
  kind: 'disable-next-line' | 'disable' | 'enable' | 'disable-file';
  rules: string[] | 'all';
  line: number;
  offset: number;
}

const DIRECTIVE_RE = /<!--\s*suanpan-(disable-next-line|disable-file|disable|enable)\b([^>]*?)-->/g;
/** In YAML the same directives are comments: # suanpan-disable-next-line RULE */
const YAML_DIRECTIVE_RE = /#[ \t]*suanpan-(disable-next-line|disable-file|disable|enable)\b([^\n]*)/g;

export function directives(source: string, yaml = false): Directive[] {
  const out: Directive[] = [];
  let m: RegExpExecArray | null;
  const re = yaml ? YAML_DIRECTIVE_RE : DIRECTIVE_RE;
  re.lastIndex = 0;
  while ((m = re.exec(source))) {
    const ids = m[2]
      .trim()
      .split(/[\s,]+/)
      .filter(Boolean)
      .map((r) => RULE_BY_ID.get(r)?.id ?? r);
    out.push({
      kind: m[1] as Directive['kind'],
      rules: ids.length ? ids : 'all',
      line: -1,
      offset: m.index + m[0].length,
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
  return findings.filter((f) => {
    const line = f.range.start.line;
    let disabled = false;
    for (const d of ds) {
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
