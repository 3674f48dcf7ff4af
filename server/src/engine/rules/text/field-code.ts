/**
 * field-code: Word field codes printed as text (「PAGEREF _Toc123 \h」, 「TOC \o "1-3"」,
 * 「错误！未定义书签。」) anywhere in the report, and template placeholders (XX部门(单位)) in the
 * table of contents, which the readers keep out of the body. The patterns are data
 * (server/data/hygiene.yaml); placeholders in the body are the malformed and template-leftover
 * rules'.
 */
import { hygiene } from '../../knowledge/hygiene';
import { pieceSpan } from '../../read/pieces';
import { tocOf } from '../../structure/toc';
import type { Span } from '../../types';
import { fix, type Ctx } from '../context';
import { defineRule, t, type Report } from '../rule';

interface Hit {
  span: Span;
  text: string;
  kind: 'field' | 'placeholder';
}

function scan(text: string, span: (a: number, b: number) => Span, res: RegExp[], kind: Hit['kind'], out: Hit[]): void {
  for (const re of res) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) {
      if (!m[0].length) {
        re.lastIndex++;
        continue;
      }
      out.push({ span: span(m.index, m.index + m[0].length), text: m[0], kind });
    }
  }
}

function check(ctx: Ctx, report: Report): void {
  const { lang, doc } = ctx;
  if (doc.format === 'yaml') return;
  const hits: Hit[] = [];
  for (const p of ctx.pieces().pieces) scan(p.text, (a, b) => pieceSpan(p, a, b), hygiene.fieldCodes, 'field', hits);
  for (const e of tocOf(doc)) {
    const at = (a: number, b: number) => ({ start: e.span.start + a, end: e.span.start + b });
    // the entry's text is the source's, its spaces kept
    const text = doc.source.slice(e.span.start, e.span.end);
    scan(text, at, hygiene.fieldCodes, 'field', hits);
    scan(text, at, hygiene.tocPlaceholders, 'placeholder', hits);
  }
  hits.sort((a, b) => a.span.start - b.span.start);
  // a 目录 the reader took as headings or prose: its placeholders are the other rules' already
  const taken = [
    ...ctx.ex.markers.filter((m) => !m.doc || m.doc === doc).map((m) => m.span),
    ...doc.sections.map((x) => x.titleSpan),
  ];
  const overlaps = (a: Span) => taken.some((b) => a.start < b.end && b.start < a.end);
  let end = -1;
  for (const h of hits) {
    if (h.span.start < end || (h.kind === 'placeholder' && overlaps(h.span))) continue;
    end = h.span.end;
    h.text = doc.source.slice(h.span.start, h.span.end);
    report({
      span: h.span,
      message:
        h.kind === 'field'
          ? t(lang, `Word 域代码出现在正文中：「${h.text}」`, `a Word field code printed as text: 「${h.text}」`)
          : t(
              lang,
              `目录中的模板占位符未替换：「${h.text}」`,
              `template placeholder in the table of contents: 「${h.text}」`,
            ),
      fixes:
        h.kind === 'field' ? [fix(ctx, t(lang, `删去「${h.text}」`, `Remove 「${h.text}」`), h.span, '', true)] : [],
      data: { kind: h.kind },
    });
  }
}

export const rule = defineRule(
  {
    id: 'field-code',
    aliases: ['SP115'],
    tags: ['text', 'format'],
    title: { 'zh-CN': 'Word 域代码与目录中的模板文字', en: 'Field codes and template text in print' },
    severity: 'warning',
    doc: {
      'zh-CN':
        '找出印在报告里的 Word 域代码（「PAGEREF _Toc…」「TOC \\o」「错误！未定义书签。」），以及目录中未替换的模板占位符（「XX部门(单位)」）。' +
        '域代码可由快速修复删除。模式见 server/data/hygiene.yaml；正文中的占位符由 malformed 和 template-leftover 规则报告。',
      en:
        'Finds Word field codes printed in the report (「PAGEREF _Toc…」, 「TOC \\o」, 「错误！未定义书签。」) and template ' +
        'placeholders left in the table of contents (「XX部门(单位)」). The quick fix removes a field code. The patterns ' +
        "are data (server/data/hygiene.yaml); placeholders in the body are the malformed and template-leftover rules'.",
    },
  },
  check,
);
