/**
 * traditional-character: traditional characters in a report written in simplified characters
 * (「經費」「預算」「決算」「財政」 in a simplified text). Only characters that are never correct in
 * simplified text are looked for (data: hygiene.yaml `traditional`, none of them in GB 2312); a run
 * of them (with at most two other characters between two of them: 「預算財政撥款」) is one finding,
 * with the simplified form as a certain fix. A report written in traditional characters
 * throughout (they are more than `maxShare` of the table's characters in it, traditional and
 * simplified) is left alone.
 */
import { hygiene } from '../../knowledge/hygiene';
import { pieceSpan } from '../../read/pieces';
import { traditionalCounts } from '../../read/traditional';
import { fix, type Ctx } from '../context';
import { defineRule, t, type Report } from '../rule';
import type { TextUnit } from '../units';

/**
 * Whether the text has traditional characters of the table in a text written in simplified ones:
 * some, and of the table's characters it holds (each traditional one and each simplified form),
 * the traditional ones are at most `maxShare`. One pass over the code units.
 */
function strayTraditional(source: string): boolean {
  const { trad, simp } = traditionalCounts(source);
  return trad > 0 && trad <= (trad + simp) * hygiene.traditionalMaxShare;
}

function check(ctx: Ctx, unit: TextUnit, report: Report): void {
  const { lang } = ctx;
  const re = hygiene.traditionalRe;
  for (const p of unit.pieces) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(p.text))) {
      const to = [...m[0]].map((c) => hygiene.traditional.get(c) ?? c).join('');
      const span = pieceSpan(p, m.index, m.index + m[0].length);
      report({
        span,
        message: t(
          lang,
          `简体文本中的繁体字：「${m[0]}」应为「${to}」`,
          `traditional characters in a simplified text: 「${m[0]}」 should be 「${to}」`,
        ),
        fixes: [fix(ctx, t(lang, `改为「${to}」`, `Change to 「${to}」`), span, to, true)],
        data: { written: m[0], simplified: to },
      });
    }
  }
}

export const rule = defineRule(
  {
    id: 'traditional-character',
    aliases: ['SP121'],
    tags: ['text'],
    scope: 'block',
    title: { 'zh-CN': '简体文本中的繁体字', en: 'Traditional characters in a simplified text' },
    severity: 'warning',
    doc: {
      'zh-CN':
        '找出简体报告中的繁体字（「經費」「預算」「決算」「財政」）。只查在简体文本中从不正确的字（不在 GB 2312 中），' +
        '连在一起的繁体字报告一次，快速修复改为简体（确定）。字表中的字（繁体与简体）在报告里繁体超过一定比例（maxShare）时，报告是繁体写的，不报告。' +
        '字表见 server/data/hygiene.yaml `traditional`。',
      en:
        'Finds traditional characters in a report written in simplified characters (「經費」, 「預算」, 「決算」, ' +
        '「財政」). Only characters that are never correct in simplified text (none is in GB 2312) are looked ' +
        'for; a run of them is one finding, with the simplified form as a certain fix. A report where they are ' +
        'more than a share ' +
        "(maxShare) of the table's characters it holds (traditional and simplified) is written in traditional " +
        'characters and is left alone. The table is data (server/data/hygiene.yaml `traditional`).',
    },
  },
  {
    // whether the report is written in simplified characters is the whole document's
    prepare: ({ doc }) => (doc.format === 'yaml' || !strayTraditional(doc.source) ? undefined : true),
    check,
  },
);
