/**
 * Hover: on a figure, its scope, rounding interval, the relations it takes part in and the
 * findings on it; on a 绩效自评表 cell, how its score follows (structure-hover.ts); on a section
 * heading, its figures and findings and its place in the layout profile (hover-profile.ts).
 */
import { trimDec, written } from '../util/decimal';
import { labelOf, show, unitOf } from '../rules/context';
import type { Fact } from '../facts/extract';
import { conceptScope, knowledge } from '../knowledge';
import type { Section } from '../read/model';
import type { Constraint } from '../relations/network';
import { crossHoverLines } from './cross-hover';
import { profileHoverLines } from './hover-profile';
import { perfCellHovers, perfHoverAt } from './structure-hover';
import type { CheckResult } from '../pipeline';
import type { Finding, Lang, Range, Span } from '../types';

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

/** The constraints of each figure, indexed once per result (a hover index asks for every figure). */
const byFact = new WeakMap<CheckResult, Map<Fact, Constraint[]>>();

function constraintsOf(result: CheckResult, f: Fact): Constraint[] {
  let m = byFact.get(result);
  if (!m) {
    m = new Map();
    for (const c of result.network.constraints)
      for (const x of new Set(c.facts)) {
        const list = m.get(x);
        if (list) list.push(c);
        else m.set(x, [c]);
      }
    byFact.set(result, m);
  }
  return m.get(f) ?? [];
}

/** A relation evaluated on the figures as written (once per relation: a constraint never changes). */
const evals = new WeakMap<Constraint, ReturnType<Constraint['evaluate']>>();
function evalWritten(c: Constraint): ReturnType<Constraint['evaluate']> {
  let e = evals.get(c);
  if (!e) evals.set(c, (e = c.evaluate((x) => x.written)));
  return e;
}

function statusMark(status: string, lang: Lang): string {
  if (status === 'exact') return '✓';
  if (status === 'rounding') return T(lang, '✓ (尾差)', '✓ (rounding)');
  if (status === 'truncated') return T(lang, '⚠ 截尾', '⚠ truncated');
  if (status === 'zero-base') return T(lang, '⚠ 上年为零', '⚠ prior year zero');
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

/** Where a hover applies (from `start` to `end`, both included) and what it shows. */
export interface HoverEntry extends Hover {
  start: number;
  end: number;
}

/**
 * Every hover of a result, as plain data (for a host that answers hovers away from the engine's
 * result, e.g. on another thread): the first entry holding an offset is what hoverAt gives there.
 */
export function hoverIndex(result: CheckResult, lang: Lang = 'zh-CN'): HoverEntry[] {
  return [...hoverEntries(result, lang)];
}

/** hoverIndex one entry at a time (a host can compute it in slices). */
export function* hoverEntries(result: CheckResult, lang: Lang = 'zh-CN'): Generator<HoverEntry> {
  for (const f of result.extraction.facts)
    if (!f.doc || f.doc === result.doc)
      yield { start: f.span.start, end: f.fullSpan.end, ...factHover(result, f, lang) };
  yield* perfCellHovers(result, lang);
  const counts = countsOfAll(result);
  for (const s of result.doc.sections)
    yield { start: s.titleSpan.start, end: s.titleSpan.end, ...sectionHover(result, s, lang, counts(s)) };
}

/** The hover of an index at an offset (what hoverAt gives on the result the index was made of). */
export function hoverInIndex(index: readonly HoverEntry[], offset: number): Hover | undefined {
  const e = index.find((x) => offset >= x.start && offset <= x.end);
  return e && { span: e.span, range: e.range, markdown: e.markdown };
}

function factHover(result: CheckResult, f: Fact, lang: Lang): Hover {
  const { doc } = result;
  const cs = constraintsOf(result, f);
  const blamed = blamedOf(result);
  // the verdict and the formula first, on one line (the diagnostic's message is shown by the editor
  // above the hover: it is not repeated here)
  const lines: string[] = [verdictLine(result, f, cs, lang), ''];
  const scope = f.concept
    ? knowledge.scopeName(conceptScope(f.concept), lang)
    : knowledge.scopeName(f.section.scope, lang);
  const unit = unitOf(f);
  lines.push(`**${labelOf(f, lang)}** ${show(f)}  `);
  lines.push(`${T(lang, '口径', 'Scope')}: ${scope}${f.role !== '本年' ? ` · ${f.role}` : ''}  `);
  lines.push(`${T(lang, '舍入区间', 'Rounding interval')}: ${f.written.interval.toString()}${unit}`);
  if (cs.length) {
    // a visible separator in each cell: hovers draw tables without rules
    lines.push('');
    lines.push(`| | ${SEP}${T(lang, '关系', 'Relation')} | ${SEP}${T(lang, '算式与重算', 'Formula, recomputed')} |`);
    lines.push('|---|---|---|');
    for (const c of cs) {
      const e = evalWritten(c);
      // the value this figure would need, only where it is the one at fault (a right figure in a
      // failing relation is given no other value; a relation that holds needs none)
      const solved = holds(e.status) || blamed.get(c) !== f ? undefined : c.solve(f, (x) => x.written);
      const recomputedLabel = T(lang, '应为', 'should be');
      const value = solved !== undefined ? `${trimDec(solved, 4)}${unit}` : '';
      const recomputed = value && c.target === f ? '' : value ? ` → ${recomputedLabel} ${value}` : '';
      lines.push(
        `| ${statusMark(e.status, lang)} | ${SEP}${esc(c.title[lang])} | ${SEP}${esc(e.formula[lang])}${recomputed} |`,
      );
    }
  }
  const same = f.concept ? result.network.index.all(f.concept, f.role).filter((x) => x !== f) : [];
  if (same.length) {
    lines.push('');
    lines.push(`${T(lang, '同一数字另见', 'Also stated at')}: ${same.map((x) => placeOf(result, x, lang)).join('，')}`);
  }
  lines.push(...crossHoverLines(result, f, lang));
  return { span: f.span, range: doc.lines.range(f.span), markdown: lines.join('\n') };
}

/** The column separator drawn in the relation table's cells. */
const SEP = '│ ';

const holds = (status: string) => status === 'exact' || status === 'rounding';

/** 「第 12 行 (256.00万元)」: where a figure is (its own file's line). */
function placeOf(result: CheckResult, x: Fact, lang: Lang): string {
  return `${lineOf(result, x, lang)} (${show(x)})`;
}

/** 「tables.yaml 第 12 行」: the line of a figure, in the file it is in. */
function lineOf(result: CheckResult, x: Fact, lang: Lang): string {
  const lines = (x.doc ?? result.doc).lines;
  const file = x.doc && x.doc !== result.doc ? `${(x.doc.path ?? '').split(/[\\/]/).pop()} ` : '';
  return `${file}${T(lang, '第', 'line ')}${lines.position(x.span.start).line + 1}${T(lang, '行', '')}`;
}

/** The figure the diagnosis puts each failing relation down to (a culprit, or the derived figure). */
const blames = new WeakMap<CheckResult, Map<Constraint, Fact>>();
function blamedOf(result: CheckResult): Map<Constraint, Fact> {
  let m = blames.get(result);
  if (!m) {
    m = new Map();
    const dx = result.relations.diagnosis;
    for (const cul of dx.culprits) for (const s of cul.symptoms) m.set(s.constraint, cul.fact);
    for (const s of dx.unexplained) if (!m.has(s.constraint)) m.set(s.constraint, s.constraint.target);
    blames.set(result, m);
  }
  return m;
}

/**
 * The hover's first line: 「256.00 ÷ 355.15 × 100% = 72.08%，写为 75.08% ✗」 on a figure at fault;
 * 「✓ …」 on a figure whose relations hold, or that is right in a relation another figure breaks.
 */
function verdictLine(result: CheckResult, f: Fact, cs: Constraint[], lang: Lang): string {
  const blamed = blamedOf(result);
  const mine = cs.filter((c) => !holds(evalWritten(c).status) && blamed.get(c) === f);
  const own = mine.find((c) => c.target === f) ?? mine[0];
  if (own) return faultLine(result, f, own, lang);
  const odd = cs.find((c) => c.target === f && ['truncated', 'zero-base', 'rounding'].includes(evalWritten(c).status));
  if (odd) return faultLine(result, f, odd, lang);
  const failing = cs.filter((c) => !holds(evalWritten(c).status) && evalWritten(c).status !== 'undefined');
  if (failing.length) {
    const c = failing[0];
    const g = blamed.get(c);
    const title = esc(c.title[lang]);
    return g
      ? T(
          lang,
          `✓ 本数字无误；「${title}」不成立，问题在${lineOf(result, g, lang)}的${labelOf(g, lang)} ${show(g)}`,
          `✓ this figure is not at fault; “${title}” fails because of the ${labelOf(g, lang)} ${show(g)} at ` +
            lineOf(result, g, lang),
        )
      : T(lang, `⚠ 「${title}」不成立，未能确定哪个数字有误`, `⚠ “${title}” fails; no single figure is at fault`);
  }
  if (!cs.length) return T(lang, '未参与关系核对', 'Not part of any relation checked');
  return cs.length === 1
    ? T(lang, `✓ ${esc(cs[0].title[lang])}：相符`, `✓ ${esc(cs[0].title[lang])}: holds`)
    : T(lang, `✓ ${cs.length} 处关系均相符`, `✓ all ${cs.length} relations hold`);
}

/** The formula of a relation with the value it gives this figure, then what is written and the mark. */
function faultLine(result: CheckResult, f: Fact, c: Constraint, lang: Lang): string {
  const e = evalWritten(c);
  const finding = result.findings.find(
    (x) => x.data?.constraint === c.id && x.span.start <= f.span.start && x.span.end >= f.span.end,
  );
  const solved = c.solve(f, (x) => x.written);
  const expected =
    finding?.expected ?? (solved !== undefined ? show(f, written(solved, f.written.decimals)) : undefined);
  const wrote = T(lang, `写为 ${show(f)}`, `written ${show(f)}`);
  const mark = statusMark(e.status, lang);
  const sep = T(lang, '，', ', ');
  if (c.rule === 'repeated' || (c.target !== f && (solved === undefined || !expected)))
    return `${expected ? T(lang, `应为 ${expected}`, `should be ${expected}`) + sep : ''}${wrote} ${mark}`;
  if (c.target !== f) {
    // the relation with the value the figure should have: 「应为 184.00万元：184.00 + 271.15 = 455.15，写为 185.00万元 ✗」
    const fixed = written(solved!, f.written.decimals);
    const holdsWith = c.evaluate((x) => (x === f ? fixed : x.written)).formula[lang].replace(/ vs [^ ]+$/, '');
    return `${T(lang, `应为 ${expected}：`, `should be ${expected}: `)}${esc(holdsWith)}${sep}${wrote} ${mark}`;
  }
  let formula = e.formula[lang].replace(/ vs [^ ]+$/, '');
  if (expected && e.status !== 'rounding') formula = formula.replace(/ = -?[\d.,]+%?$/, ` = ${expected}`);
  return `${esc(formula)}${sep}${wrote} ${mark}`;
}

/** What a section's hover counts: its figures, the relations touching them, its findings. */
interface SectionCounts {
  facts: number;
  cs: Constraint[];
  findings: Finding[];
}

function countsOf(result: CheckResult, s: Section): SectionCounts {
  const inSec = (sp: Span) => sp.start >= s.span.start && sp.start < s.span.end;
  return {
    facts: result.extraction.facts.filter((f) => inSec(f.span)).length,
    cs: result.network.constraints.filter((c) => c.facts.some((f) => inSec(f.span))),
    findings: result.findings.filter((f) => inSec(f.span)),
  };
}

/** countsOf for every section at once: figures and findings sorted by start, relations through their figures. */
function countsOfAll(result: CheckResult): (s: Section) => SectionCounts {
  const facts = [...result.extraction.facts].sort((a, b) => a.span.start - b.span.start);
  const findings = [...result.findings].sort((a, b) => a.span.start - b.span.start);
  const order = new Map(result.network.constraints.map((c, i) => [c, i]));
  return (s) => {
    const inFacts = facts.slice(firstAtOrAfter(facts, s.span.start), firstAtOrAfter(facts, s.span.end));
    const cs = new Set<Constraint>();
    for (const f of inFacts) for (const c of constraintsOf(result, f)) cs.add(c);
    return {
      facts: inFacts.length,
      cs: [...cs].sort((a, b) => order.get(a)! - order.get(b)!),
      findings: findings
        .slice(firstAtOrAfter(findings, s.span.start), firstAtOrAfter(findings, s.span.end))
        .sort((a, b) => result.findings.indexOf(a) - result.findings.indexOf(b)),
    };
  };
}

/** The index of the first item (sorted by span start) starting at or after `at`. */
function firstAtOrAfter(xs: ReadonlyArray<{ span: Span }>, at: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid].span.start < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sectionHover(result: CheckResult, s: Section, lang: Lang, counts = countsOf(result, s)): Hover {
  const { cs, findings } = counts;
  const facts = { length: counts.facts };
  const statuses = cs.map((c) => evalWritten(c).status);
  const ok = statuses.filter((x) => x === 'exact' || x === 'rounding').length;
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
