/**
 * template-leftover: text of the template left in print — instructions to the writer
 * (「作下述说明」「列明」「（如持平作持平表述）」「（不涉及的不列）」), placeholders in headings and
 * table cells (XX局, XXX万元) and 「。。」, unfilled alternatives (大于（小于）). The patterns are
 * data (server/data/leftovers.yaml). Placeholders and 增加（减少） in running prose are reported
 * by the malformed rule, not twice.
 */
import { DATA } from '../../../generated/data';
import { fix, type Ctx } from '../context';
import { joined, pieceAt, pieceSpan } from '../../read/pieces';
import type { Span } from '../../types';
import { defineRule, t, type Report } from '../rule';
import type { TextUnit } from '../units';

interface Pattern {
  re: RegExp;
  kind: 'instruction' | 'placeholder' | 'alternative';
  remove: boolean;
  ignore: boolean;
  clause: boolean;
}

interface LeftoversFile {
  instructions: Array<{ pattern: string; remove?: boolean; ignore?: boolean; clause?: boolean }>;
  placeholders: string[];
  alternatives: string[];
}

const FILE = (DATA.leftovers ?? { instructions: [], placeholders: [], alternatives: [] }) as LeftoversFile;
const PATTERNS: Pattern[] = [
  ...FILE.instructions.map((i) => ({
    re: new RegExp(i.pattern, 'g'),
    kind: 'instruction' as const,
    remove: !!i.remove,
    ignore: !!i.ignore,
    clause: !!i.clause,
  })),
  ...FILE.placeholders.map((p) => ({
    re: new RegExp(p, 'g'),
    kind: 'placeholder' as const,
    remove: false,
    ignore: false,
    clause: false,
  })),
  ...FILE.alternatives.map((p) => ({
    re: new RegExp(p, 'g'),
    kind: 'alternative' as const,
    remove: false,
    ignore: false,
    clause: false,
  })),
];
/** One pass to skip the (many) pieces of text none of the patterns can match. */
const ANY = new RegExp(PATTERNS.map((p) => `(?:${p.re.source})`).join('|'), 'g');

/** The spans of the markers of the checked document (the malformed rule's), in order, and the longest's length. */
interface Marked {
  spans: Span[];
  reach: number;
}

function markedSpans(ctx: Ctx): Marked | undefined {
  const { doc, ex } = ctx;
  if (doc.format === 'yaml') return undefined;
  const spans = ex.markers
    .filter((m) => !m.doc || m.doc === doc)
    .map((m) => m.span)
    .sort((a, b) => a.start - b.start);
  return { spans, reach: spans.reduce((n, x) => Math.max(n, x.end - x.start), 0) };
}

/** The marker spans that overlap a unit. */
function markedIn({ spans, reach }: Marked, unit: TextUnit): Span[] {
  const { start, end } = unit.span;
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].start < start - reach) lo = mid + 1;
    else hi = mid;
  }
  const out: Span[] = [];
  for (let i = lo; i < spans.length && spans[i].start < end; i++) if (spans[i].end > start) out.push(spans[i]);
  return out;
}

function check(ctx: Ctx, unit: TextUnit, report: Report, all: Marked): void {
  const { lang } = ctx;
  const marked = markedIn(all, unit);
  const taken: Span[] = [];
  // one pass over the unit's text; only the pieces with a hit are looked at pattern by pattern
  const text = joined(unit.pieces);
  const { pieces, starts } = text;
  const hit = new Set<number>();
  ANY.lastIndex = 0;
  let h: RegExpExecArray | null;
  while ((h = ANY.exec(text.all))) {
    // a hit running on into the next piece marks that one too
    for (let k = pieceAt(text, h.index); k < starts.length && starts[k] < h.index + h[0].length; k++) hit.add(k);
    if (h[0].length === 0) ANY.lastIndex++;
  }
  for (const [i, p] of pieces.entries()) {
    if (!hit.has(i)) continue;
    for (const pat of PATTERNS) {
      if (pat.kind === 'placeholder' && p.kind === 'paragraph' && pat.re.source.includes('X')) continue;
      pat.re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = pat.re.exec(p.text))) {
        if (m[0].length === 0) {
          pat.re.lastIndex++;
          continue;
        }
        let from = m.index;
        if (pat.clause) {
          const stop = Math.max(0, from - 60);
          while (from > stop && !'。：:；;！？\n'.includes(p.text[from - 1])) from--;
          if (from > 0 && from === stop) from = m.index;
        }
        const span = pieceSpan(p, from, m.index + m[0].length);
        if (pat.ignore) {
          taken.push(span);
          continue;
        }
        if (
          marked.some((x) => x.start < span.end && span.start < x.end) ||
          taken.some((x) => x.start < span.end && span.start < x.end)
        )
          continue;
        taken.push(span);
        const text = p.text.slice(from, m.index + m[0].length);
        const fixes =
          pat.kind === 'instruction'
            ? [fix(ctx, t(lang, `删去「${text}」`, `Remove 「${text}」`), span, '', pat.remove)]
            : [];
        const msg =
          pat.kind === 'instruction'
            ? t(lang, `模板说明文字未删除：「${text}」`, `template instruction left in: 「${text}」`)
            : pat.kind === 'placeholder'
              ? t(lang, `模板占位符未替换：「${text}」`, `template placeholder left in: 「${text}」`)
              : t(lang, `模板选项未选定：「${text}」`, `unfilled template alternative: 「${text}」`);
        report({ span, message: msg, fixes, data: { kind: pat.kind } });
      }
    }
  }
}

export const rule = defineRule(
  {
    id: 'template-leftover',
    aliases: ['SP108', 'template-text'],
    tags: ['structure', 'format'],
    scope: 'block',
    title: { 'zh-CN': '模板文字未删除', en: 'Template text left in' },
    severity: 'warning',
    doc: {
      'zh-CN':
        '找出留在报告中的模板文字：给填报人的说明（「作下述说明」「列明」「（如持平作持平表述）」「（不涉及的不列）」）、标题和表格中的占位符（XX局、XXX万元）和「。' +
        '。」、未选定的选项（「大于（小于）」）。正文中的 XX 占位符和「增加（减少）」由 malformed 规则报告。括注的说明可由快速修复删除。',
      en:
        'Finds template text left in the report: instructions to the writer (「作下述说明」, 「列明」, ' +
        '「（如持平作持平表述）」, 「（不涉及的不列）」), placeholders in headings and table cells (XX局, XXX万元) ' +
        'and 「。。」, unfilled alternatives (「大于（小于）」). Placeholders and 「增加（减少）」 in running ' +
        "prose are the malformed rule's. Bracketed instructions are removed by the quick " +
        'fix.',
    },
  },
  {
    prepare: markedSpans,
    // what the unit check reads of the markers: those in the unit, where they are in it
    key: (ctx, unit, all) =>
      markedIn(all, unit)
        .map((m) => `${m.start - unit.span.start}:${m.end - unit.span.start}`)
        .join(','),
    check,
  },
);
