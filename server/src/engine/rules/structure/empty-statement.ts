/**
 * empty-statement: a section or table whose figures are zero or absent (政府性基金, 国有资本经营,
 * “三公”经费, 机关运行经费) must say so (「本年度无…」「…为空表」); one whose figures are not
 * zero must not. What is required and how it is worded comes from the layout profile.
 */
import { DATA } from '../../../generated/data';
import { parseWritten } from '../../util/decimal';
import type { Fact } from '../../facts/extract';
import { conceptScope } from '../../knowledge/concept';
import { fix, relFact, unitOf, type Ctx } from '../context';
import { analysisOf, itemName, lineInsertion } from '../../structure/outline';
import { fillIn, type EmptySpec } from '../../structure/profile';
import { allMatches, type ItemMatch } from '../../structure/structure';
import { MappedText } from '../../util/text';
import type { Fix, Span } from '../../types';
import { defineRule, t, type Report } from '../rule';

/** The non-zero amounts of the checked file: by scope (section or concept), and in text order. */
interface NonZero {
  byScope: Map<string, Fact>;
  inOrder: Fact[];
}

type Figure = { fact: Fact } | { text: string; span: Span };

function check(ctx: Ctx, report: Report): void {
  const a = analysisOf(ctx);
  if (!a) return;
  const { doc } = ctx;
  const nz = nonZeroFacts(ctx);
  for (const m of allMatches(a)) {
    const spec = m.item.empty;
    if (!spec || !m.anchor || !m.region) continue;
    if (m.item.kind === 'table' && !m.item.parent?.inlineTables) continue;
    const body: Span = { start: Math.min(m.anchor.lineEnd, m.region.end), end: m.region.end };
    const text = MappedText.build([{ text: doc.source.slice(body.start, body.end), offset: body.start }], true);
    const statement = findStatement(text, spec, doc.source);
    const figure = nonZero(nz, spec, m, body, text);
    if (statement && figure) contradicted(ctx, report, m, statement, figure);
    else if (!statement && !figure && spec.require) missing(ctx, report, m, spec);
  }
}

function whatOf(ctx: Ctx, m: ItemMatch): string {
  return m.item.kind === 'table' ? t(ctx.lang, '本表', 'the table') : t(ctx.lang, '本节', 'the section');
}

/** A statement that the item is empty, while it has a non-zero figure: an error. */
function contradicted(ctx: Ctx, report: Report, m: ItemMatch, statement: Span, figure: Figure): void {
  const { lang, doc } = ctx;
  const what = whatOf(ctx, m);
  const fixes: Fix[] = [fix(ctx, t(lang, '删去这句说明', 'Remove the statement'), statement, '', false)];
  const shown =
    'fact' in figure
      ? `${figure.fact.written.value.toFixed(figure.fact.written.decimals)}${unitOf(figure.fact)}`
      : figure.text;
  const said = clip(doc.source.slice(statement.start, statement.end));
  report({
    span: statement,
    severity: 'error',
    message: t(
      lang,
      `说明「${said}」与数字不符：${what}（${itemName(m)}）有非零数字 ${shown}`,
      `the statement 「${said}」 contradicts the figures: ${what} (${itemName(m)}) has a non-zero figure ${shown}`,
    ),
    related:
      'fact' in figure
        ? [relFact(ctx, figure.fact)]
        : [{ span: figure.span, range: doc.lines.range(figure.span), message: figure.text }],
    fixes,
    data: { item: m.item.id, kind: 'contradicted' },
  });
}

/** No figures and no statement that it is empty: a warning, with the profile's sentence to add. */
function missing(ctx: Ctx, report: Report, m: ItemMatch, spec: EmptySpec): void {
  const { lang, doc } = ctx;
  const anchor = m.anchor!;
  const what = whatOf(ctx, m);
  const sentence = fillIn(spec.statement, doc.meta.unit, doc.meta.year);
  const at = m.item.kind === 'table' ? lineStartAt(ctx, m.region!.end) : nextLine(ctx, anchor.lineEnd);
  const fixes: Fix[] = [
    fix(
      ctx,
      t(lang, `补上「${sentence}」`, `Add 「${sentence}」`),
      { start: at, end: at },
      lineInsertion(ctx, at, sentence),
      false,
    ),
  ];
  report({
    span: anchor.span,
    message: t(
      lang,
      `${what}（${itemName(m)}）没有数字，应说明为空，如「${sentence}」`,
      `${what} (${itemName(m)}) has no figures and should say it is empty, e.g. 「${sentence}」`,
    ),
    fixes,
    expected: sentence,
    data: { item: m.item.id, kind: 'missing' },
  });
}

function clip(s: string): string {
  const c = s.replace(/\s+/g, '');
  return c.length > 30 ? c.slice(0, 28) + '…' : c;
}

/** Template instructions (「无…的部门，作下述说明：」) name the emptiness too, but are no statement. */
const INSTRUCTION = new RegExp(
  ((DATA.leftovers as { instructions?: Array<{ pattern: string; ignore?: boolean }> })?.instructions ?? [])
    .filter((i) => !i.ignore)
    .map((i) => `(?:${i.pattern})`)
    .join('|') || '(?!)',
);

/** The sentence holding the first marker (outside template instructions), as a source span. */
function findStatement(text: MappedText, spec: EmptySpec, src: string): Span | undefined {
  let found: Span | undefined;
  let foundAt = Infinity;
  for (const marker of spec.markers) {
    const re = globalOf(marker);
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text.text)) && m.index < foundAt) {
      const sp = sentenceOf(text, m, src);
      if (sp && !INSTRUCTION.test(src.slice(sp.start, sp.end).replace(/\s+/g, ''))) {
        found = sp;
        foundAt = m.index;
        break;
      }
      if (m[0].length === 0) re.lastIndex++;
    }
  }
  return found;
}

const globals = new WeakMap<RegExp, RegExp>();
function globalOf(re: RegExp): RegExp {
  let g = globals.get(re);
  if (!g) globals.set(re, (g = new RegExp(re.source, 'g')));
  return g;
}

function sentenceOf(text: MappedText, best: RegExpExecArray, src: string): Span | undefined {
  const s = text.text;
  let a = best.index;
  // back to the sentence start, but not past a 「注：」「说明：」 or a line of table layout
  while (a > 0 && !'。！？'.includes(s[a - 1])) {
    if (/(?:注|说明)[：:]$/.test(s.slice(Math.max(0, a - 3), a))) {
      a -= s[a - 3] === '说' ? 3 : 2;
      break;
    }
    if (text.map[a] - text.map[a - 1] > 3 && /[ \t\u3000]{3}/.test(src.slice(text.map[a - 1], text.map[a]))) break;
    a--;
  }
  // keep a leading 「说明：」 or 「注：」 with its sentence
  let b = best.index + best[0].length;
  while (b < s.length && s[b] !== '。') b++;
  if (b < s.length) b++;
  return text.span(a, b);
}

/** A non-zero figure of the item: a fact in its scope or its content, or a number in a table region. */
function nonZero(nz: NonZero, spec: EmptySpec, m: ItemMatch, body: Span, text: MappedText): Figure | undefined {
  for (const sc of spec.scopes) {
    const f = nz.byScope.get(sc);
    if (f) return { fact: f };
  }
  for (const f of nz.inOrder) {
    if (f.span.start >= body.end) break;
    if (f.span.start >= body.start) return { fact: f };
  }
  if (m.item.kind === 'table') {
    const re = /(?<![\d.,])\d[\d,]*\.\d+(?![\d.])/g;
    let x: RegExpExecArray | null;
    while ((x = re.exec(text.text))) {
      const w = parseWritten(x[0]);
      if (w && !w.value.isZero()) return { text: x[0], span: text.span(x.index, x.index + x[0].length) };
    }
  }
  return undefined;
}

/** The non-zero amounts of the checked file: by scope (section or concept), and in text order. */
function nonZeroFacts(ctx: Ctx): NonZero {
  const byScope = new Map<string, Fact>();
  const inOrder: Fact[] = [];
  for (const f of ctx.ex.facts) {
    if (f.unitKind !== 'amount' || f.written.value.isZero() || (f.doc && f.doc !== ctx.doc)) continue;
    inOrder.push(f);
    if (!byScope.has(f.section.scope)) byScope.set(f.section.scope, f);
    const sc = f.concept ? conceptScope(f.concept) : undefined;
    if (sc && !byScope.has(sc)) byScope.set(sc, f);
  }
  inOrder.sort((a, b) => a.span.start - b.span.start);
  return { byScope, inOrder };
}

function nextLine(ctx: Ctx, lineEnd: number): number {
  const src = ctx.doc.source;
  const i = src.indexOf('\n', lineEnd);
  if (i < 0) return src.length;
  if (ctx.doc.format === 'markdown') {
    const j = src.indexOf('\n', i + 1);
    if (j >= 0 && src.slice(i + 1, j).trim() === '') return j + 1;
  }
  return i + 1;
}

function lineStartAt(ctx: Ctx, at: number): number {
  return at >= ctx.doc.source.length ? at : ctx.doc.lines.lineStart(ctx.doc.lines.position(at).line);
}

export const rule = defineRule(
  {
    id: 'empty-statement',
    aliases: ['SP107', 'empty-table-statement'],
    tags: ['structure'],
    title: { 'zh-CN': '空表说明缺失或与数字矛盾', en: 'Empty-table statement missing or contradicted' },
    severity: 'warning',
    otherSeverities: ['error'],
    doc: {
      'zh-CN':
        '政府性基金、国有资本经营、“三公”经费、机关运行经费等为零或无数字时，相应章节或报表须说明为空（「本年度无…」「…为空表」「本表无数据」）；数字不为零时不得有此说明（错误）。要求与措辞来自布局模板。',
      en:
        'When the 政府性基金, 国有资本经营, “三公”经费 or 机关运行经费 figures are zero or absent, the section ' +
        'or table must say it is empty (「本年度无…」, 「…为空表」, 「本表无数据」); when they are not zero ' +
        'it must not (an error). What is required and its wording come from the layout profile.',
    },
  },
  check,
);
