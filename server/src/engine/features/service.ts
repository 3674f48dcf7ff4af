/**
 * Host-agnostic language features over a check result: hover, outline symbols, folding,
 * fix-all and the disable-comment edits. The LSP layer only converts these to protocol types.
 */
import { trimDec } from '../util/decimal';
import { labelOf, show } from '../rules/context';
import type { Fact } from '../facts/extract';
import { certainFixes } from './fix';
import { conceptScope, knowledge } from '../knowledge';
import type { Section } from '../read/model';
import type { Constraint } from '../relations/network';
import { RULE_BY_ID } from '../rules';
import { perfHoverAt, profileHoverLines } from './structure-hover';
import type { CheckResult } from '../pipeline';
import type { Lang, Range, Span, TextEdit } from '../types';

const T = (lang: Lang, zh: string, en: string) => (lang === 'en' ? en : zh);

export interface Hover {
  span: Span;
  range: Range;
  markdown: string;
}

export function factAt(result: CheckResult, offset: number): Fact | undefined {
  // only the figures of the file asked about (a linked tables file has offsets of its own)
  return result.extraction.facts.find(
    (f) => (!f.doc || f.doc === result.doc) && offset >= f.span.start && offset <= f.fullSpan.end,
  );
}

function constraintsOf(result: CheckResult, f: Fact): Constraint[] {
  return result.network.constraints.filter((c) => c.facts.includes(f));
}

function statusMark(status: string): string {
  if (status === 'exact') return '✓';
  if (status === 'rounding') return '✓ (尾差)';
  if (status === 'truncated') return '⚠ 截尾';
  if (status === 'zero-base') return '⚠ 上年为零';
  if (status === 'undefined') return '—';
  return '✗';
}

export function hoverAt(result: CheckResult, offset: number, lang: Lang = 'zh-CN'): Hover | undefined {
  const f = factAt(result, offset);
  if (f) return factHover(result, f, lang);
  const cell = perfHoverAt(result, offset, lang);
  if (cell) return cell;
  const s = result.doc.sections.find((x) => offset >= x.titleSpan.start && offset <= x.titleSpan.end);
  if (s) return sectionHover(result, s, lang);
  return undefined;
}

function factHover(result: CheckResult, f: Fact, lang: Lang): Hover {
  const { doc } = result;
  const lines: string[] = [];
  const scope = f.concept
    ? knowledge.scopeName(conceptScope(f.concept), lang)
    : knowledge.scopeName(f.section.scope, lang);
  lines.push(`**${labelOf(f, lang)}** ${show(f)}`);
  lines.push('');
  lines.push(`${T(lang, '口径', 'Scope')}: ${scope}${f.role !== '本年' ? ` · ${f.role}` : ''}  `);
  lines.push(
    `${T(lang, '舍入区间', 'Rounding interval')}: ${f.written.interval.toString()}${f.unitKind === 'percent' ? '%' : f.unit}`,
  );
  const cs = constraintsOf(result, f);
  if (cs.length) {
    lines.push('');
    lines.push(`| | ${T(lang, '关系', 'Relation')} | ${T(lang, '重算', 'Recomputed')} |`);
    lines.push('|---|---|---|');
    for (const c of cs) {
      const e = c.evaluate((x) => x.written);
      const solved = c.solve(f, (x) => x.written);
      const value = solved !== undefined ? `${trimDec(solved, 4)}${f.unitKind === 'percent' ? '%' : f.unit}` : '';
      lines.push(
        `| ${statusMark(e.status)} | ${esc(c.title[lang])} | ${esc(e.formula[lang])}${value && c.target === f ? '' : value ? ` → ${value}` : ''} |`,
      );
    }
  }
  const same = f.concept ? result.network.index.all(f.concept, f.role).filter((x) => x !== f) : [];
  if (same.length) {
    lines.push('');
    lines.push(
      `${T(lang, '同一数字另见', 'Also stated at')}: ${same.map((x) => `${T(lang, '第', 'line ')}${doc.lines.position(x.span.start).line + 1}${T(lang, '行', '')} (${show(x)})`).join('，')}`,
    );
  }
  const here = result.findings.filter((x) => x.span.start <= f.span.start && x.span.end >= f.span.end);
  for (const x of here) {
    lines.push('');
    lines.push(
      `**${x.severity === 'error' ? '✗' : '⚠'} ${x.rule}**: ${esc(x.message)}${x.expected ? `  \n${T(lang, '应为', 'Expected')} **${x.expected}**` : ''}${x.formula ? `  \n\`${x.formula}\`` : ''}`,
    );
  }
  return { span: f.span, range: doc.lines.range(f.span), markdown: lines.join('\n') };
}

function sectionHover(result: CheckResult, s: Section, lang: Lang): Hover {
  const inSec = (sp: Span) => sp.start >= s.span.start && sp.start < s.span.end;
  const facts = result.extraction.facts.filter((f) => inSec(f.span));
  const cs = result.network.constraints.filter((c) => c.facts.some((f) => inSec(f.span)));
  const statuses = cs.map((c) => c.evaluate((x) => x.written).status);
  const ok = statuses.filter((x) => x === 'exact' || x === 'rounding').length;
  const findings = result.findings.filter((f) => inSec(f.span));
  const count = (sev: string) => findings.filter((f) => f.severity === sev).length;
  const md = [
    `**${esc(s.title)}**`,
    '',
    `${T(lang, '口径', 'Scope')}: ${knowledge.scopeName(s.scope, lang)}  `,
    T(
      lang,
      `数字 ${facts.length} 个，核对关系 ${cs.length} 处，相符 ${ok} 处`,
      `${facts.length} figures, ${cs.length} relations checked, ${ok} hold`,
    ) + '  ',
    T(
      lang,
      `错误 ${count('error')}，警告 ${count('warning')}，提示 ${count('info')}`,
      `${count('error')} errors, ${count('warning')} warnings, ${count('info')} notes`,
    ),
  ];
  md.push(...profileHoverLines(result, s, lang));
  return { span: s.titleSpan, range: result.doc.lines.range(s.titleSpan), markdown: md.join('\n') };
}

function esc(s: string): string {
  return s.replace(/\|/g, '\\|');
}

export interface OutlineSymbol {
  name: string;
  detail: string;
  kind: 'part' | 'section' | 'table';
  range: Range;
  selectionRange: Range;
  children: OutlineSymbol[];
}

export function documentSymbols(result: CheckResult): OutlineSymbol[] {
  const { doc } = result;
  const toSym = (s: Section): OutlineSymbol => {
    const children = s.children.map(toSym);
    for (const b of doc.blocks) {
      if (b.kind === 'table' && b.section === s) {
        children.push({
          name: b.caption ?? T('zh-CN', '表格', 'table'),
          detail: `${b.rows.length} 行`,
          kind: 'table',
          range: doc.lines.range(b.span),
          selectionRange: doc.lines.range({ start: b.span.start, end: b.span.start }),
          children: [],
        });
      }
    }
    children.sort((a, b) => a.range.start.line - b.range.start.line);
    return {
      name: s.title || '(untitled)',
      detail: knowledge.scopeName(s.scope, 'zh-CN'),
      kind: s.level <= 2 ? 'part' : 'section',
      range: doc.lines.range(s.span),
      selectionRange: doc.lines.range(s.titleSpan),
      children,
    };
  };
  return doc.root.children.map(toSym);
}

export function foldingRanges(result: CheckResult): Array<{ startLine: number; endLine: number }> {
  const { doc } = result;
  const out: Array<{ startLine: number; endLine: number }> = [];
  for (const s of doc.sections) {
    const start = doc.lines.position(s.titleSpan.start).line;
    let end = doc.lines.position(Math.max(s.span.end - 1, s.span.start)).line;
    while (end > start && doc.source.slice(doc.lines.lineStart(end), doc.lines.lineEnd(end)).trim() === '') end--;
    if (end > start) out.push({ startLine: start, endLine: end });
  }
  return out;
}

/** The edits of every certain fix, minimal and non-overlapping. */
export function fixAllEdits(result: CheckResult): TextEdit[] {
  return certainFixes(result.findings).flatMap((f) => f.edits);
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
