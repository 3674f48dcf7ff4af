/**
 * numbering: gaps and repeats in an outline sequence (一、二、四; （一）（三）; 1. 2. 2.), among
 * sibling headings and among numbered paragraphs of a section. A list may restart at 一 (a new
 * list); table rows read as headings from PDF exports are left alone. The fix renumbers.
 */
import type { Ctx } from '../context';
import type { Paragraph, Section } from '../../read/model';
import { numberingLevel } from '../../read/model';
import { NOT_NUMERAL_TAIL_RE } from '../../knowledge/numbering';
import { analysisOf, readNumbering, type Numbering } from '../../structure/outline';
import { allMatches, isPseudoHeading, type StructureAnalysis } from '../../structure/structure';
import type { Fix, Span, TextEdit } from '../../types';
import { defineRule, t, type Report } from '../rule';
import { pushAll } from '../../util/array';

interface Member {
  num: Numbering;
  token: string;
  /** Source span of the numeral. */
  span: Span;
  section?: Section;
}

/** What the structure stage says about the outline: the sections it matched, and where gaps are explained. */
interface Known {
  a?: StructureAnalysis;
  matched: Set<Section>;
  /** Parents whose children are out of order or duplicated: other rules report those. */
  skipSections: Set<Section>;
  gapExplained: Set<Section | undefined>;
  inTables: (at: number) => boolean;
}

function check(ctx: Ctx, report: Report): void {
  if (ctx.doc.format === 'yaml') return;
  const known = knownOf(ctx);
  siblingHeadings(ctx, known, report);
  // numbered paragraphs within a section the profile knows
  if (known.a) numberedParagraphs(ctx, known, report);
}

function knownOf(ctx: Ctx): Known {
  const { doc } = ctx;
  const a = analysisOf(ctx);
  const matched = new Set<Section>();
  const skipSections = new Set<Section>();
  const gapExplained = new Set<Section | undefined>();
  let tablesRegions: Span[] = [];
  if (a) {
    const partsParent = a.parts.find((p) => p.anchor?.section)?.anchor!.section!.parent ?? doc.root;
    for (const m of allMatches(a)) {
      if (m.anchor?.section) matched.add(m.anchor.section);
      // a missing item, or one present without a numbered heading, explains a gap among its siblings
      if (
        m.item.kind !== 'table' &&
        ((!m.anchor && (m.implicit || m.item.required)) || (m.anchor && !m.anchor.numbering))
      )
        gapExplained.add(m.parent ? m.parent.anchor?.section : partsParent);
    }
    for (const o of a.outOfOrder)
      if (o.match.anchor?.section) skipSections.add(o.match.anchor.section.parent ?? doc.root);
    // a duplicated section repeats its number: duplicate-section reports it
    for (const d of a.duplicates) if (d.anchor.section) skipSections.add(d.anchor.section.parent ?? doc.root);
    tablesRegions = a.parts.filter((p) => p.item.tables.length && p.region).map((p) => p.region!);
  }
  const inTables = (at: number) => tablesRegions.some((r) => at >= r.start && at < r.end);
  return { a, matched, skipSections, gapExplained, inTables };
}

function siblingHeadings(ctx: Ctx, known: Known, report: Report): void {
  const { doc } = ctx;
  const { a, matched, skipSections, gapExplained, inTables } = known;
  for (const parent of [doc.root, ...doc.sections]) {
    if (!parent.children.length || skipSections.has(parent)) continue;
    const structural = !a || parent === doc.root || matched.has(parent);
    const byStyle = new Map<string, Member[][]>();
    for (const c of parent.children) {
      const num = readNumbering(c.numbering);
      if (!num || !c.numbering) continue;
      const src = doc.source.slice(c.titleSpan.start + num.at, c.titleSpan.start + num.at + num.len);
      if (src !== c.numbering.slice(num.at, num.at + num.len)) continue;
      const runs = byStyle.get(num.style) ?? [];
      byStyle.set(num.style, runs);
      const m: Member = {
        num,
        token: c.numbering,
        span: { start: c.titleSpan.start + num.at, end: c.titleSpan.start + num.at + num.len },
        section: c,
      };
      if (!runs.length || num.n === 1) runs.push([m]);
      else runs[runs.length - 1].push(m);
    }
    for (const runs of byStyle.values()) {
      runs.forEach((run, ri) => {
        if (run.some((m) => isPseudoHeading(m.section!.title) || inTables(m.span.start))) return;
        if (!structural && !run.some((m) => matched.has(m.section!))) return;
        if (a && parent !== doc.root && !run.some((m) => matched.has(m.section!))) return;
        checkRun(ctx, run, ri === 0, gapExplained.has(parent), report);
      });
    }
  }
}

function numberedParagraphs(ctx: Ctx, known: Known, report: Report): void {
  const { matched, inTables } = known;
  const bySection = new Map<Section, Paragraph[]>();
  for (const b of ctx.doc.blocks) {
    if (b.kind !== 'paragraph' || !b.numbering || inTables(b.span.start)) continue;
    let s: Section | undefined = b.section;
    while (s && !matched.has(s)) s = s.parent;
    if (!s) continue;
    const l = bySection.get(b.section) ?? [];
    bySection.set(b.section, l);
    l.push(b);
  }
  for (const paras of bySection.values()) {
    const open = new Map<string, Member[]>();
    const runs: Member[][] = [];
    const firsts = new Set<Member[]>();
    const seenStyle = new Set<string>();
    for (const p of paras) {
      const num = readNumbering(p.numbering);
      if (!num) continue;
      const level = numberingLevel(p.numbering!);
      // a higher-level item closes the lists below it
      for (const [style, run] of open) {
        if (style !== num.style && levelOfStyle(style) > level) {
          runs.push(run);
          open.delete(style);
        }
      }
      const m: Member = { num, token: p.numbering!, span: p.text.span(num.at, num.at + num.len) };
      const cur = open.get(num.style);
      if (!cur || num.n === 1) {
        if (cur) runs.push(cur);
        const run = [m];
        if (!seenStyle.has(num.style)) firsts.add(run);
        seenStyle.add(num.style);
        open.set(num.style, run);
      } else cur.push(m);
    }
    pushAll(runs, open.values());
    for (const run of runs) if (run.length >= 2) checkRun(ctx, run, firsts.has(run), false, report);
  }
}

function levelOfStyle(style: string): number {
  return style === 'part' ? 2 : style === 'cn' ? 3 : style === 'paren-cn' ? 4 : style === 'digit' ? 5 : 6;
}

function checkRun(ctx: Ctx, run: Member[], first: boolean, gapExplained: boolean, report: Report): void {
  const { lang, doc } = ctx;
  const v = run.map((m) => m.num.n);
  const start = first ? 1 : v[0];
  const expected = v.map((_, i) => start + i);
  const wrong = v.map((x, i) => (x !== expected[i] ? i : -1)).filter((i) => i >= 0);
  if (!wrong.length) return;
  const increasing = v.every((x, i) => i === 0 || x > v[i - 1]);
  if (gapExplained && increasing) return; // a missing section explains the gap (missing-section inserts it)
  const j = wrong[0];
  const m = run[j];
  const show = (k: number) => m.num.format(k);
  let msg: string;
  if (j === 0)
    msg = t(
      lang,
      `编号应从「${show(start)}」开始，此处为「${show(v[0])}」`,
      `the numbering should start at 「${show(start)}」, not 「${show(v[0])}」`,
    );
  else if (v[j] === v[j - 1])
    msg = t(lang, `编号重复：「${show(v[j])}」出现两次`, `numbering repeats 「${show(v[j])}」`);
  else if (v[j] > v[j - 1])
    msg = t(
      lang,
      `编号不连续：「${show(v[j - 1])}」之后是「${show(v[j])}」`,
      `numbering skips: 「${show(v[j - 1])}」 is followed by 「${show(v[j])}」`,
    );
  else
    msg = t(
      lang,
      `编号顺序有误：「${show(v[j - 1])}」之后是「${show(v[j])}」`,
      `numbering goes back: 「${show(v[j - 1])}」 is followed by 「${show(v[j])}」`,
    );
  const edits: TextEdit[] = wrong.map((i) => {
    const f = run[i].num.format(expected[i]);
    const text = f.slice(run[i].num.at).replace(NOT_NUMERAL_TAIL_RE, '');
    return { span: run[i].span, range: doc.lines.range(run[i].span), newText: text };
  });
  const single = wrong.length === 1;
  const fixes: Fix[] = [
    {
      title: single
        ? t(lang, `改为「${show(expected[j])}」`, `Change to 「${show(expected[j])}」`)
        : t(lang, `重新编号（${wrong.length} 处）`, `Renumber (${wrong.length} places)`),
      certain: single,
      edits,
    },
  ];
  report({
    span: m.span,
    message: msg,
    related: run
      .filter((_, i) => i !== j)
      .slice(0, 8)
      .map((x) => ({ span: x.span, range: doc.lines.range(x.span), message: x.token })),
    fixes,
    expected: show(expected[j]),
    data: { sequence: v },
  });
}

export const rule = defineRule(
  {
    id: 'numbering',
    aliases: ['SP106', 'outline-numbering'],
    tags: ['structure'],
    title: { 'zh-CN': '编号不连续或重复', en: 'Numbering gap or repeat' },
    severity: 'warning',
    doc: {
      'zh-CN':
        '检查同级标题和段落编号（第一部分、一、（一）、1.、（1））是否连续、不重复。编号可在新的列表中从「一」重新开始；PDF 导出中被误读为标题的表格行不检查。只错一处时快速修复直接改正该编号，否则提供重新编号。',
      en:
        'Checks that sibling headings and numbered paragraphs (第一部分, 一、, （一）, 1., （1）) are ' +
        'numbered without gaps or repeats. A new list may restart at 一; table rows that PDF ' +
        'exports turn into headings are left alone. When a single number is wrong the fix ' +
        'corrects it; otherwise it offers to renumber the sequence.',
    },
  },
  check,
);
