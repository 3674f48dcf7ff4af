/**
 * garbled-direction: two contradictory direction words run together (「增减少」「减增加」「多少于」
 * 「大小于」), a slip of editing that leaves the sentence saying both. The word pairs are data
 * (server/data/hygiene.yaml `directions`); the unfilled template alternative 「增长（下降）」 is the
 * malformed and template-leftover rules'.
 */
import { hygiene } from '../../knowledge/hygiene';
import { pieceSpan } from '../../read/pieces';
import { fix, type Ctx } from '../context';
import { defineRule, t, type Report } from '../rule';
import type { TextUnit } from '../units';

function check(ctx: Ctx, unit: TextUnit, report: Report): void {
  const { lang } = ctx;
  const re = hygiene.garbledRe;
  for (const p of unit.pieces) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(p.text))) {
      const words = hygiene.garbled.get(m[0]);
      if (!words) continue;
      const span = pieceSpan(p, m.index, m.index + m[0].length);
      report({
        span,
        message: t(
          lang,
          `方向词重叠：「${m[0]}」（「${words[0]}」与「${words[1]}」连在一起），应只保留其一`,
          `garbled direction word: 「${m[0]}」 runs 「${words[0]}」 and 「${words[1]}」 together; keep one`,
        ),
        fixes: words.map((w) => fix(ctx, t(lang, `改为「${w}」`, `Change to 「${w}」`), span, w, false)),
        data: { words },
      });
    }
  }
}

export const rule = defineRule(
  {
    id: 'garbled-direction',
    aliases: ['SP112'],
    tags: ['text'],
    scope: 'block',
    title: { 'zh-CN': '方向词重叠', en: 'Garbled direction word' },
    severity: 'warning',
    doc: {
      'zh-CN':
        '找出连在一起的两个相反方向词：「增减少」「减增加」「多少于」「大小于」「高低于」等，句子同时说了增和减。快速修复给出两种改法（不确定哪一个）。' +
        '词对见 server/data/hygiene.yaml；未选定的模板选项「增长（下降）」由 malformed 和 template-leftover 规则报告。',
      en:
        'Finds two opposite direction words run together: 「增减少」, 「减增加」, 「多少于」, 「大小于」, 「高低于」 …, a ' +
        'sentence that says both up and down. The quick fixes offer each word (which one is meant is not certain). ' +
        'The word pairs are data (server/data/hygiene.yaml); the unfilled template alternative 「增长（下降）」 is ' +
        "the malformed and template-leftover rules'.",
    },
  },
  { prepare: (ctx) => (ctx.doc.format === 'yaml' ? undefined : true), check },
);
