/**
 * year-consistency: another year where the report's own year is meant. The report year comes
 * from the front matter (年度) or the title. Flagged: a heading naming another year (「2023年度
 * 部门决算」, 「绩效自评表（2023年度）」, also a 自评表 caption that is not a heading: a caption
 * paragraph, the year line below it in a Word export), 「截至2023年12月31日」 in a 2024 final-accounts report
 * (budgets state the year before: the profile's asOf), and a sentence opening on another year
 * as its subject (「2023年度收入总计…」). Comparisons (与2023年度相比, 比2023年, 2023年与2024年)
 * and dates of events are left alone.
 */
import { endWithout, isWs } from '../../util/text';
import { fix, type Ctx } from '../context';
import { analysisOf } from '../../structure/outline';
import { ITEM_NUMBER_RE } from '../../knowledge/numbering';
import { pieceAt, pieceSpan } from '../../read/pieces';
import type { Span } from '../../types';
import { defineRule, t, type Report } from '../rule';

const COMPARE_BEFORE = /(?:比|与|较|同|和|及|、|至|从|自|于|按照|根据|依据|对比|相比)[^\S\n]*$/;
const COMPARE_AFTER =
  /^[^\S\n]*(?:年度?)?[^\S\n]*(?:与|和|及|、|至|[-—~～]|以来|以前|之前|前|底|初|同期|相比|比较|决算数|预算数|的)/;

type Push = (span: Span, found: number, want: number, msg: { zh: string; en: string }, sure: boolean) => void;

function check(ctx: Ctx, report: Report): void {
  const { doc, lang } = ctx;
  const Y = doc.meta.year;
  if (!Y || doc.format === 'yaml') return;
  const a = analysisOf(ctx);
  const budget = /预算/.test(doc.meta.kind ?? '');
  const asOf = Y + (a ? a.profile.asOf : budget ? -1 : 0);
  const certain = doc.meta.source === 'front-matter' || doc.meta.source === 'title';
  const push: Push = (span, found, want, msg, sure) => {
    report({
      span,
      message: t(
        lang,
        `${msg.zh}：「${found}」应为「${want}」（报告年度 ${Y}）`,
        `${msg.en}: ${found} should be ${want} (the report year is ${Y})`,
      ),
      fixes: [fix(ctx, t(lang, `改为 ${want}`, `Change to ${want}`), span, String(want), sure && certain)],
      expected: String(want),
      data: { year: Y },
    });
  };
  headings(ctx, Y, push);
  perfCaptions(ctx, Y, push);
  // prose and table cells, in one pass over the joined text
  asOfDates(ctx, Y, asOf, push);
  // (final accounts only: a budget names the year before as often as its own, and a final
  // account names the year after in its plans)
  if (!budget) subjects(ctx, Y, push);
  comparisons(ctx, Y, budget, push);
}

/**
 * A comparison with a year that is not before the report's: 「比2025年预算增加」 in a 2025 budget,
 * 「比2024年减少」 in a 2024 决算 (a 决算 compares with its own year's 预算, never with its own 决算).
 */
function comparisons(ctx: Ctx, Y: number, budget: boolean, push: Push): void {
  const P = ctx.pieces();
  const re =
    /(?:比|较|与|同)[^\S\n]*(\d{4})[^\S\n]*年(?!\d|[^\S\n]*\d{1,2}月)度?[^\S\n]*(年初|初|预算|全年预算|调整预算)?/g;
  const hits: Array<{ span: Span; y: number }> = [];
  let earlier = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(P.all))) {
    const y = Number(m[1]);
    const k = pieceAt(P, m.index);
    if (P.pieces[k].kind === 'heading') continue;
    if (y === Y - 1) earlier++;
    // 「2023年与2024年均未安排」: two years named together, not compared
    if (/\d{4}[^\S\n]*年度?[^\S\n]*$/.test(P.all.slice(Math.max(0, m.index - 12), m.index))) continue;
    // a 决算 is compared with its own year's budget (与2024年年初预算相比)
    if (y < Y || y - Y > 1 || (!budget && y === Y && m[2])) continue;
    const at = m.index - P.starts[k] + m[0].indexOf(m[1]);
    hits.push({ span: pieceSpan(P.pieces[k], at, at + 4), y });
  }
  for (const h of hits)
    push(
      h.span,
      h.y,
      Y - 1,
      { zh: '比较的年度不在报告年度之前', en: 'the year compared with is not before the report year' },
      earlier > 0,
    );
}

/**
 * The few characters before `at`, the blanks just before it dropped: what COMPARE_BEFORE reads
 * (its words are at most 2 characters; a slice from the line's start for every year was quadratic).
 */
function before(raw: string, at: number): string {
  const k = endWithout(raw, (c) => c !== '\n' && isWs(c), at);
  return raw.slice(Math.max(0, k - 4), k);
}

/** Headings (the title too, when the year comes from the front matter). */
function headings(ctx: Ctx, Y: number, push: Push): void {
  const { doc } = ctx;
  for (const s of doc.sections) {
    if (s.level === 1 && doc.meta.source !== 'front-matter') continue;
    const raw = doc.source.slice(s.titleSpan.start, s.titleSpan.end);
    const re = /(?<!\d)(\d{4})(?=[^\S\n]*年)/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(raw))) {
      const y = Number(m[1]);
      if (y === Y || Math.abs(y - Y) > 3) continue;
      if (
        COMPARE_BEFORE.test(before(raw, m.index)) ||
        COMPARE_AFTER.test(raw.slice(m.index + 4, m.index + 64).replace(/^[^\S\n]*年度?/, ''))
      )
        continue;
      const span = { start: s.titleSpan.start + m.index, end: s.titleSpan.start + m.index + 4 };
      push(span, y, Y, { zh: '标题年度与报告年度不符', en: 'the heading names another year' }, true);
    }
  }
}

/**
 * The caption of a 绩效自评表 that is not a heading (a caption paragraph, the 「（2023年度）」 line
 * below the title in a Word export): its year is the report's.
 */
function perfCaptions(ctx: Ctx, Y: number, push: Push): void {
  const { doc } = ctx;
  const inHeading = (sp: Span) => doc.sections.some((s) => s.titleSpan.start <= sp.start && sp.end <= s.titleSpan.end);
  for (const sheet of ctx.perf.sheets) {
    if (sheet.table.doc) continue;
    for (const cell of [sheet.table.title, sheet.table.yearCell]) {
      if (!cell || inHeading(cell.span)) continue;
      const m = /(?<!\d)(\d{4})[^\S\n]*年/.exec(doc.source.slice(cell.span.start, cell.span.end));
      const y = m ? Number(m[1]) : Y;
      if (y === Y || Math.abs(y - Y) > 3) continue;
      const start = cell.span.start + m!.index;
      push(
        { start, end: start + 4 },
        y,
        Y,
        { zh: '绩效自评表标题年度与报告年度不符', en: 'the self-evaluation table names another year' },
        true,
      );
    }
  }
}

/** 「截至2023年12月31日」 in another year than the profile's. */
function asOfDates(ctx: Ctx, Y: number, asOf: number, push: Push): void {
  const P = ctx.pieces();
  const asRe = /截至(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?/g;
  let m: RegExpExecArray | null;
  while ((m = asRe.exec(P.all))) {
    const k = pieceAt(P, m.index);
    if (P.pieces[k].kind === 'heading') continue;
    const y = Number(m[1]);
    if (y === asOf || y === Y) continue;
    const at = m.index - P.starts[k];
    push(
      pieceSpan(P.pieces[k], at + 2, at + 6),
      y,
      asOf,
      { zh: '「截至」日期的年度与报告年度不符', en: 'the 截至 date is in another year' },
      true,
    );
  }
}

/** A sentence (or the unit's name) opening on another year: 「2023年度收入总计…」. */
function subjects(ctx: Ctx, Y: number, push: Push): void {
  const P = ctx.pieces();
  const unit = ctx.doc.meta.unit?.replace(/\s+/g, '');
  const subRe = /(\d{4})年(度?)(?!\d|[^\S\n]*\d{1,2}月)/g;
  let m: RegExpExecArray | null;
  while ((m = subRe.exec(P.all))) {
    const y = Number(m[1]);
    if (y >= Y || Y - y > 2) continue;
    const k = pieceAt(P, m.index);
    const piece = P.pieces[k];
    if (piece.kind === 'heading') continue;
    const text = piece.text;
    const at = m.index - P.starts[k];
    if (at > 0 && /\d/.test(text[at - 1])) continue;
    const before = text.slice(Math.max(0, at - 24), at);
    const after = text.slice(at + m[0].length);
    const opens =
      at === 0 ||
      /[。；！？：:]$/.test(before) ||
      ITEM_NUMBER_RE.test(text.slice(0, at)) ||
      /(?:本单位|本部门|我单位|我部门|单位)$/.test(before) ||
      (!!unit && before.endsWith(unit)) ||
      (/的$/.test(before) && /^项目/.test(after));
    if (!opens) continue;
    if (COMPARE_AFTER.test(after) || /^[^\S\n]*(?:年度?)?(?:预算|决算|上年|同期)?(?:相比|比较)/.test(after)) continue;
    if (/^(?:与|和|及|、|至)/.test(after)) continue;
    // a sentence that names the report year as well compares the two years
    const end = after.search(/[。！？]/);
    if ((end < 0 ? after : after.slice(0, end)).includes(`${Y}年`)) continue;
    push(pieceSpan(piece, at, at + 4), y, Y, { zh: '此处应为本年度', en: 'the report year is meant here' }, false);
  }
}

export const rule = defineRule(
  {
    id: 'year-consistency',
    aliases: ['SP109', 'wrong-year'],
    tags: ['structure'],
    title: { 'zh-CN': '年度不一致', en: 'Wrong year' },
    severity: 'error',
    doc: {
      'zh-CN':
        '报告年度取自前言「年度」或标题。找出应写本年度却写了别的年度之处：标题中的其他年度（如 2024 年报告中的「2023年度」，' +
        '自评表的表名及其下一行的「（2023年度）」也算）、「截至2023年12月31日」（预算报告按模板为上一年度）' +
        '、以其他年度开头作主语的句子，以及比较的年度不在报告年度之前（2025 年预算中的「比2025年预算」，2024 年决算中的「比2024年减少」；决算与本年预算相比不报）。' +
        '「与2023年度相比」「比2023年增加」「2023年与2024年均未安排」等比较不报。',
      en:
        'The report year comes from the front matter (年度) or the title. Finds another year ' +
        "where the report's own is meant: a heading naming another year (「2023年度」 in a 2024 " +
        'report; a 自评表 caption and the year line below it too), 「截至2023年12月31日」 (budgets state the ' +
        'year before, as their profile says), ' +
        'a sentence opening on another year as its subject, and a comparison with a year that is not before ' +
        "the report's (「比2025年预算」 in a 2025 budget, 「比2024年减少」 in a 2024 决算; a 决算 compared with its " +
        "own year's budget is right). Comparisons such as 「与2023年度相比」, " +
        '「比2023年增加」, 「2023年与2024年均未安排」 are left alone.',
    },
  },
  check,
);
