/**
 * Hover: on a figure, its scope, rounding interval, the relations it takes part in and the
 * findings on it; on a 绩效自评表 cell, how its score follows (structure-hover.ts); on a section
 * heading, its figures and findings and its place in the layout profile (hover-profile.ts).
 */
import { trimDec } from '../util/decimal';
import { labelOf, show } from '../rules/context';
import type { Fact } from '../facts/extract';
import { conceptScope, knowledge } from '../knowledge';
import type { Section } from '../read/model';
import type { Constraint } from '../relations/network';
import { crossHoverLines } from './cross-hover';
import { profileHoverLines } from './hover-profile';
import { perfHoverAt } from './structure-hover';
import type { CheckResult } from '../pipeline';
import type { Lang, Range, Span } from '../types';

const T = (lang: Lang, zh: string, en: string) => (lang === 'en' ? en : zh);

export interface Hover {
  span: Span;
  range: Range;
  markdown: string;
}

/** The figure of the checked file at an offset. */
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
  const unit = f.unitKind === 'percent' ? '%' : f.unit;
  lines.push(`${T(lang, '舍入区间', 'Rounding interval')}: ${f.written.interval.toString()}${unit}`);
  const cs = constraintsOf(result, f);
  if (cs.length) {
    lines.push('');
    lines.push(`| | ${T(lang, '关系', 'Relation')} | ${T(lang, '重算', 'Recomputed')} |`);
    lines.push('|---|---|---|');
    for (const c of cs) {
      const e = c.evaluate((x) => x.written);
      const solved = c.solve(f, (x) => x.written);
      const value = solved !== undefined ? `${trimDec(solved, 4)}${unit}` : '';
      const recomputed = value && c.target === f ? '' : value ? ` → ${value}` : '';
      lines.push(`| ${statusMark(e.status)} | ${esc(c.title[lang])} | ${esc(e.formula[lang])}${recomputed} |`);
    }
  }
  const same = f.concept ? result.network.index.all(f.concept, f.role).filter((x) => x !== f) : [];
  if (same.length) {
    lines.push('');
    const at = (x: Fact) =>
      `${T(lang, '第', 'line ')}${doc.lines.position(x.span.start).line + 1}${T(lang, '行', '')} (${show(x)})`;
    lines.push(`${T(lang, '同一数字另见', 'Also stated at')}: ${same.map(at).join('，')}`);
  }
  lines.push(...crossHoverLines(result, f, lang));
  const here = result.findings.filter((x) => x.span.start <= f.span.start && x.span.end >= f.span.end);
  for (const x of here) {
    lines.push('');
    const expected = x.expected ? `  \n${T(lang, '应为', 'Expected')} **${x.expected}**` : '';
    const formula = x.formula ? `  \n\`${x.formula}\`` : '';
    lines.push(`**${x.severity === 'error' ? '✗' : '⚠'} ${x.rule}**: ${esc(x.message)}${expected}${formula}`);
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
