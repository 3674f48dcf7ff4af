/**
 * The malformed rule's checks: markers left by the extractor (a missing %, a missing unit,
 * template alternatives, placeholders) and stray characters inside values, in prose and in
 * table cells alike.
 */
import { fix, type Ctx } from '../context';
import type { ReportDoc } from '../../read/model';
import type { Fix } from '../../types';
import { defineRule, t, type Report } from '../rule';

export const STRAY_RES: Array<{
  re: RegExp;
  /** What every match contains (a text without any skips all the patterns: one pass for most texts). */
  anchor: string;
  zh: string;
  en: string;
  drop?: (m: RegExpExecArray) => [number, number] | undefined;
  insert?: (m: RegExpExecArray) => [number, string];
}> = [
  {
    // a date followed by a stray digit: 「2024年10月31日7」
    re: /\d{4}年\d{1,2}月\d{1,2}日(\d+)/g,
    anchor: '日\\d',
    zh: '日期后多出字符',
    en: 'stray characters after a date',
    drop: (m) => [m.index + m[0].length - m[1].length, m.index + m[0].length],
  },
  {
    // a number with two decimal points that is not a date (2024.10.31)
    re: /(?<![\d.])(?!(?:19|20)\d\d\.\d{1,2}\.\d{1,2}(?![\d.]))\d+\.\d+\.\d+(?![\d.])/g,
    anchor: '\\d\\.\\d+\\.\\d',
    zh: '数值含多个小数点',
    en: 'a value with more than one decimal point',
  },
  {
    // a letter O/o/l inside digits (35o.00)
    re: /(?<=\d)[oOlI](?=\d)|(?<=\d)[oOlI](?=\.\d)/g,
    anchor: '\\d[oOlI]',
    zh: '数值中夹杂字母',
    en: 'a letter inside a number',
  },
  {
    // an amount in 万 without 元: 「0.39 万（含…）」 (「万万元」 is stray-character's)
    re: /(?<![\d.])\d+(?:\.\d+)?万(?![万元人户亩千平名次个辆件套册株吨余多\d])/g,
    anchor: '\\d万(?![万元人户亩千平名次个辆件套册株吨余多\\d])',
    zh: '金额单位不完整（「万」后缺「元」）',
    en: 'incomplete unit (万 without 元)',
    insert: (m) => [m.index + m[0].length, '元'],
  },
  {
    // full-width digits mixed into a figure
    re: /[０-９]+(?:[.．][０-９]+)?/g,
    anchor: '[０-９]',
    zh: '全角数字',
    en: 'full-width digits',
  },
];

function check(ctx: Ctx, report: Report): void {
  const { lang, ex } = ctx;
  for (const m of ex.markers) {
    const fixes: Fix[] = [];
    let msg: string;
    switch (m.kind) {
      case 'missing-percent':
        msg = t(lang, `${m.text} 后缺少 %`, `% missing after ${m.text}`);
        break;
      case 'missing-unit':
        msg = t(lang, `金额 ${m.text} 缺少单位`, `the amount ${m.text} has no unit`);
        break;
      case 'alternative':
        msg = t(lang, `模板选项未选定：「${m.text}」`, `unfilled template alternative: 「${m.text}」`);
        break;
      case 'placeholder':
        msg = t(lang, `占位符未替换：「${m.text}」`, `placeholder left in: 「${m.text}」`);
        break;
      default:
        msg = m.text;
    }
    if (m.fix)
      fixes.push(
        fix(
          ctx,
          t(lang, `补上「${m.fix.newText}」`, `Add 「${m.fix.newText}」`),
          m.fix.span,
          m.fix.newText,
          true,
          m.doc,
        ),
      );
    report({ span: m.span, doc: m.doc, message: msg, fixes, data: { marker: m.kind } });
  }
  for (const d of ctx.docs) strays(ctx, d, report);
}

/** A text and the source span of a range of it (a paragraph's or a cell's mapped text). */
interface Scanned {
  text: string;
  span(a: number, b: number): { start: number; end: number };
}

/** Any of the patterns' anchors: a text that has none cannot match any pattern. */
export const CANDIDATE = new RegExp(STRAY_RES.map((s) => s.anchor).join('|'));

function strays(ctx: Ctx, doc: ReportDoc, report: Report): void {
  const scan = (x: Scanned) => {
    if (CANDIDATE.test(x.text)) strayIn(ctx, doc, report, x);
  };
  for (const b of doc.blocks) {
    if (b.kind === 'paragraph') scan(b.text);
    else if (b.kind === 'table') {
      for (const cell of b.header) scan(cell.text);
      for (const row of b.rows) for (const cell of row) scan(cell.text);
    }
  }
  // 绩效自评表 a YAML reader gave as data: their cells are the source text at their spans
  if (doc.format === 'yaml') {
    for (const table of doc.perfTables ?? []) {
      for (const row of table.indicators) {
        for (const cell of [row.weight, row.target, row.actual, row.completion, row.score]) {
          if (!cell || cell.inherited || doc.source.slice(cell.span.start, cell.span.end) !== cell.text) continue;
          scan({ text: cell.text, span: (a, c) => ({ start: cell.span.start + a, end: cell.span.start + c }) });
        }
      }
    }
  }
}

/** The stray characters in one text (that has an anchor). */
function strayIn(ctx: Ctx, doc: ReportDoc, report: Report, x: Scanned): void {
  const { lang } = ctx;
  const { text } = x;
  for (const s of STRAY_RES) {
    s.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = s.re.exec(text))) {
      const fixes: Fix[] = [];
      const drop = s.drop?.(m);
      if (drop) {
        const gone = text.slice(drop[0], drop[1]);
        fixes.push(
          fix(ctx, t(lang, `删去「${gone}」`, `Remove 「${gone}」`), x.span(drop[0], drop[1]), '', false, doc),
        );
      }
      const ins = s.insert?.(m);
      if (ins) {
        const p = x.span(ins[0] - 1, ins[0]).end;
        fixes.push(
          fix(ctx, t(lang, `补上「${ins[1]}」`, `Add 「${ins[1]}」`), { start: p, end: p }, ins[1], false, doc),
        );
      }
      report({
        span: x.span(m.index, m.index + m[0].length),
        doc,
        message: t(lang, `${s.zh}：「${m[0]}」`, `${s.en}: 「${m[0]}」`),
        fixes,
        data: { marker: 'stray' },
      });
      if (m[0].length === 0) s.re.lastIndex++;
    }
  }
}

export const rule = defineRule(
  {
    id: 'malformed',
    aliases: ['SP006', 'malformed-figure'],
    tags: ['format'],
    title: { 'zh-CN': '数字书写有误', en: 'Malformed figure' },
    severity: 'warning',
    doc: {
      'zh-CN':
        '找出书写有误的数字：「占」「增长」「下降」后缺少 %；金额缺少单位；数值中夹杂多余字符（如「=2024年10月31日7」）；未选定的模板选项（「增加（减少）」「下降（增长）」）；占位符（XX、XXX）。',
      en:
        'Finds figures written wrongly: a missing % after 占/增长/下降; an amount without its ' +
        'unit; stray characters inside a value (such as 「=2024年10月31日7」); unfilled template ' +
        'alternatives (「增加（减少）」); placeholders (XX, XXX).',
    },
  },
  check,
);
