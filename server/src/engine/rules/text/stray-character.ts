/**
 * stray-character: a stray digit or character next to a date or a unit — the unit written twice
 * after a number (「2024年年12月」「万元元」「3.27万万元」「61.40%%」, data: hygiene.yaml `stray`),
 * a space inside a date's number (「2024年1 2月」), and a date whose number cannot be (a five-digit
 * year 「20244年12月」, month 「112月」, day 「311日」). The doubled unit and the space have a certain
 * fix; which digit of an impossible date is the stray one is not certain, so it has none.
 */
import { hygiene } from '../../knowledge/hygiene';
import { pieceSpan, type Piece } from '../../read/pieces';
import type { Span } from '../../types';
import { fix, type Ctx } from '../context';
import { defineRule, t, type Report } from '../rule';
import type { TextUnit } from '../units';

/** A date: year, month and an optional day (each number allowed one stray space: 「1 2」). */
const DATE = /(?<![\d.,])(\d{4,5})(\s*年\s*)(\d{1,3}|\d \d)(\s*月)(?:(\s*)(\d{1,3}|\d \d)\s*日)?/g;

function doubled(ctx: Ctx, report: Report, p: Piece): void {
  const re = hygiene.doubledRe;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(p.text))) {
    if (hygiene.strayWordRe.test(p.text.slice(m.index + m[1].length - 1))) continue;
    const { end, meant } = settledForm(p.text, m.index, m[1]);
    const form = p.text.slice(m.index, end);
    re.lastIndex = end;
    const span = pieceSpan(p, m.index, end);
    report({
      span,
      message: t(
        ctx.lang,
        `数字后的单位多写了字符：「${form}」应为「${meant}」`,
        `a stray character in the unit after a number: 「${form}」 should be 「${meant}」`,
      ),
      fixes: [fix(ctx, t(ctx.lang, `改为「${meant}」`, `Change to 「${meant}」`), span, meant, true)],
      data: { written: form, meant },
    });
  }
}

/**
 * A doubled unit with what follows it that its fix would leave doubled again (「万万元元」: 「万万元」
 * made 「万元」 leaves 「万元元」), taken in one: the end of the run and the unit meant.
 */
function settledForm(text: string, start: number, form: string): { end: number; meant: string } {
  let end = start + form.length;
  let meant = hygiene.doubled[form];
  for (;;) {
    const next = hygiene.doubledStartRe.exec(meant + text.slice(end, end + 8));
    if (!next || next[0].length <= meant.length) return { end, meant };
    end += next[0].length - meant.length;
    meant = hygiene.doubled[next[0]];
  }
}

interface Part {
  what: [string, string];
  text: string;
  at: number;
}

function sayPart(ctx: Ctx, report: Report, p: Piece, x: Part): void {
  const span: Span = pieceSpan(p, x.at, x.at + x.text.length);
  const [zh, en] = x.what;
  if (x.text.includes(' ')) {
    const joined = x.text.replace(' ', '');
    report({
      span,
      message: t(ctx.lang, `${zh}「${x.text}」中间多了空格`, `a stray space inside the ${en} 「${x.text}」`),
      fixes: [fix(ctx, t(ctx.lang, `改为「${joined}」`, `Change to 「${joined}」`), span, joined, true)],
      data: { written: x.text, meant: joined },
    });
    return;
  }
  report({
    span,
    message: t(
      ctx.lang,
      `${zh}「${x.text}」不可能（多了或错了数字）`,
      `the ${en} 「${x.text}」 cannot be (a stray or wrong digit)`,
    ),
    data: { written: x.text },
  });
}

/** Each part of a date that is not a possible value, or has a stray space. */
function badParts(m: RegExpExecArray): Part[] {
  const out: Part[] = [];
  const [, y, yGap, mo, moEnd, dGap, d] = m;
  const valid = (s: string, max: number) => {
    const n = Number(s.replace(' ', ''));
    return n >= 1 && n <= max;
  };
  // a five-digit year is reported only when it holds a year (20244: 2024 with a digit too many)
  if (y.length === 5 && /^(19|20)/.test(y)) out.push({ what: ['年份', 'year'], text: y, at: m.index });
  else if (y.length === 5) return [];
  const moAt = m.index + y.length + yGap.length;
  const moBad = !valid(mo, 12) || mo.includes(' ');
  // 「1 2月」 is reported only when joined it is a month (else the space may part two figures)
  if (moBad && (!mo.includes(' ') || valid(mo, 12))) out.push({ what: ['月份', 'month'], text: mo, at: moAt });
  if (d !== undefined && !moBad) {
    const dAt = moAt + mo.length + moEnd.length + dGap.length;
    if ((!valid(d, 31) && !d.includes(' ')) || (d.includes(' ') && valid(d, 31)))
      out.push({ what: ['日期', 'day'], text: d, at: dAt });
  }
  return out;
}

function check(ctx: Ctx, unit: TextUnit, report: Report): void {
  for (const p of unit.pieces) {
    doubled(ctx, report, p);
    DATE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = DATE.exec(p.text))) for (const x of badParts(m)) sayPart(ctx, report, p, x);
  }
}

export const rule = defineRule(
  {
    id: 'stray-character',
    aliases: ['SP120'],
    tags: ['text'],
    scope: 'block',
    title: { 'zh-CN': '日期或单位旁多余的字符', en: 'Stray character next to a date or unit' },
    severity: 'warning',
    doc: {
      'zh-CN':
        '找出日期或单位旁多余的数字或字符：数字后的单位写了两遍（「2024年年12月」「万元元」「3.27万万元」「61.40%%」，' +
        '「2024年年初」「12月月底」「1万元元旦」不算）；日期数字中间的空格（「2024年1 2月」）；不可能的日期数字（五位的年份「20244年」、' +
        '「112月」、「311日」）。单位和空格的快速修复是确定的；不可能的日期不确定是哪一位多了，不给修复。词表见 server/data/hygiene.yaml `stray`。',
      en:
        'Finds a stray digit or character next to a date or a unit: the unit written twice after a number ' +
        '(「2024年年12月」, 「万元元」, 「3.27万万元」, 「61.40%%」; not 「2024年年初」, 「12月月底」, 「1万元元旦」), a space inside ' +
        "a date's number (「2024年1 2月」), a date number that cannot be (a five-digit year 「20244年」, 「112月」, " +
        '「311日」). The fixes of a doubled unit and of a space are certain; which digit of an impossible date ' +
        'is the stray one is not, so it has no fix. The forms are data (server/data/hygiene.yaml `stray`).',
    },
  },
  { prepare: (ctx) => (ctx.doc.format === 'yaml' ? undefined : true), check },
);
