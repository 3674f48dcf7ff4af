/**
 * paired-punctuation: a bracket or quote opened and never closed, or closed and never opened,
 * in a paragraph or a heading (「（境」「“三公经费」「本年支出）」). The pairs are data
 * (server/data/hygiene.yaml); full- and half-width brackets are one family; a closer after a
 * list number (1）, a）) is the number's. Table cells are not read: a PDF export splits a row's
 * text across cells, so a cell's bracket may close in the next.
 */
import { hygiene } from '../../knowledge/hygiene';
import type { ReportDoc } from '../../read/model';
import type { Span } from '../../types';
import type { Ctx } from '../context';
import { defineRule, t, type Report } from '../rule';

interface Unbalanced {
  at: number;
  ch: string;
  kind: 'open' | 'close';
}

/** How far back a list number is looked for before a closer. */
const LIST_BACK = 6;

/** The marks of a text that have no partner, in order. */
export function unbalanced(text: string): Unbalanced[] {
  const stack: Array<{ at: number; fam: number; ch: string }> = [];
  const out: Unbalanced[] = [];
  const { openerCode, closerCode } = hygiene;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const o = openerCode[code];
    if (o) {
      stack.push({ at: i, fam: o - 1, ch: text[i] });
      continue;
    }
    if (!closerCode[code]) continue;
    const fam = closerCode[code] - 1;
    const c = text[i];
    let k = stack.length - 1;
    while (k >= 0 && stack[k].fam !== fam) k--;
    if (k >= 0) {
      // a crossed pair (（“…）”) is closed as written: each closer takes its own opener
      stack.splice(k, 1);
      continue;
    }
    const before = (i <= LIST_BACK ? '\n' : '') + text.slice(Math.max(0, i - LIST_BACK), i);
    if (!hygiene.listNumber.test(before)) out.push({ at: i, ch: c, kind: 'close' });
  }
  for (const s of stack) out.push({ at: s.at, ch: s.ch, kind: 'open' });
  return out.sort((a, b) => a.at - b.at);
}

interface Text {
  text: string;
  span: (a: number, b: number) => Span;
  start: number;
  marks: Unbalanced[];
}

/** The paragraphs and headings of a document in source order, each with its unpaired marks. */
function textsOf(doc: ReportDoc): Text[] {
  const out: Text[] = [];
  for (const b of doc.blocks) {
    if (b.kind !== 'paragraph') continue;
    out.push({ text: b.text.text, span: (x, y) => b.text.span(x, y), start: b.span.start, marks: [] });
  }
  for (const s of doc.sections) {
    const text = doc.source.slice(s.titleSpan.start, s.titleSpan.end);
    const o = s.titleSpan.start;
    out.push({ text, span: (x, y) => ({ start: o + x, end: o + y }), start: o, marks: [] });
  }
  out.sort((a, b) => a.start - b.start);
  for (const x of out) x.marks = unbalanced(x.text);
  return out;
}

/**
 * A text the layout broke in two (a heading wrapped onto the next line, a paragraph split at a
 * page): an opener left open at the end of one text and closed at the start of the next is a pair.
 */
function joinSplit(texts: Text[]): void {
  for (let i = 0; i + 1 < texts.length; i++) {
    const a = texts[i];
    const b = texts[i + 1];
    for (const c of b.marks.filter((m) => m.kind === 'close')) {
      const fam = hygiene.closer.get(c.ch);
      const k = a.marks.map((m) => m.kind === 'open' && hygiene.opener.get(m.ch) === fam).lastIndexOf(true);
      if (k < 0) continue;
      a.marks.splice(k, 1);
      b.marks.splice(b.marks.indexOf(c), 1);
    }
  }
}

function check(ctx: Ctx, report: Report): void {
  const { lang, doc } = ctx;
  if (doc.format === 'yaml') return;
  const texts = textsOf(doc);
  joinSplit(texts);
  for (const p of texts) {
    for (const u of p.marks) {
      const around = p.text.slice(Math.max(0, u.at - 12), u.at + 13).replace(/\s+/g, '');
      report({
        span: p.span(u.at, u.at + 1),
        message:
          u.kind === 'open'
            ? t(lang, `「${u.ch}」没有对应的后半：「${around}」`, `「${u.ch}」 is never closed: 「${around}」`)
            : t(lang, `「${u.ch}」没有对应的前半：「${around}」`, `「${u.ch}」 closes nothing: 「${around}」`),
        data: { mark: u.ch, kind: u.kind },
      });
    }
  }
}

export const rule = defineRule(
  {
    id: 'paired-punctuation',
    aliases: ['SP111'],
    tags: ['text', 'format'],
    title: { 'zh-CN': '成对标点不配对', en: 'Unbalanced paired punctuation' },
    severity: 'warning',
    doc: {
      'zh-CN':
        '找出段落和标题中只有一半的成对标点：括号（）、引号“”「」、书名号《》等有开无合或有合无开。全角与半角括号视为同一种；' +
        '列表编号（1）、a））的右括号不算。表格单元格不检查（PDF 导出的一行文字可能分在几个单元格里）。标点种类见 server/data/hygiene.yaml。',
      en:
        'Finds paired punctuation left half-open in a paragraph or a heading: a bracket （）, quote “” 「」 or title ' +
        'mark 《》 opened and never closed, or closed and never opened. Full- and half-width brackets are one ' +
        'family; the bracket of a list number (1）, a）) is not counted. Table cells are not read (a PDF export ' +
        "splits a row's text across cells). The pairs are data (server/data/hygiene.yaml).",
    },
  },
  check,
);
