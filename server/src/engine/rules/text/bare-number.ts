/**
 * bare-number: an amount written without its unit where the sentence names no concept the
 * extraction knows (「公务用车购置支出为 0.00。」「支出决算为 0.88。」): a bare number after an
 * amount's label and its connector, at the end of its clause. Figures under a known label are
 * the malformed rule's (missing-unit), a share or a change without % too. The words are data
 * (hygiene.yaml `bareNumber`); the fix adds the unit the paragraph's other amounts use.
 */
import type { Paragraph } from '../../read/model';
import { hygiene } from '../../knowledge/hygiene';
import { fix, type Ctx } from '../context';
import { defineRule, t, type Report } from '../rule';

/** How much of the text before a number is read for its label. */
const LABEL_BACK = 12;

/** The unit of each paragraph's amounts, when they agree (万元 where they do not or there are none). */
function unitsByParagraph(ctx: Ctx): Map<Paragraph, string> {
  const out = new Map<Paragraph, string>();
  for (const x of ctx.ex.facts) {
    if (!x.paragraph || x.unitKind !== 'amount') continue;
    const u = out.get(x.paragraph);
    out.set(x.paragraph, u === undefined || u === x.unit ? x.unit : '');
  }
  return out;
}

function check(ctx: Ctx, report: Report): void {
  const { lang, doc } = ctx;
  // the malformed rule's markers on a figure start where the figure does
  const marked = new Set(ctx.ex.markers.filter((m) => !m.doc || m.doc === doc).map((m) => m.span.start));
  const units = unitsByParagraph(ctx);
  for (const f of ctx.ex.facts) {
    if (f.unitKind !== 'other' || f.kind !== 'value' || !f.paragraph || (f.doc && f.doc !== doc)) continue;
    if (marked.has(f.span.start)) continue;
    // 「…为2024。」 names a year, not an amount
    if (f.written.decimals === 0 && /^(?:19|20)\d\d$/.test(f.written.value.toFixed(0))) continue;
    const text = f.paragraph.text;
    const at = text.offsetOf(f.span.start);
    const end = text.offsetOf(f.span.end);
    const before = text.text.slice(Math.max(0, at - LABEL_BACK), at);
    if (!hygiene.bareLabelRe.test(before) || !hygiene.bareAfterRe.test(text.text.slice(end))) continue;
    const unit = units.get(f.paragraph) || '万元';
    const shown = f.written.value.toFixed(f.written.decimals);
    report({
      span: f.span,
      message: t(lang, `金额 ${shown} 缺少单位`, `the amount ${shown} has no unit`),
      fixes: [
        fix(ctx, t(lang, `补上「${unit}」`, `Add 「${unit}」`), { start: f.span.end, end: f.span.end }, unit, false),
      ],
      data: { unit },
    });
  }
}

export const rule = defineRule(
  {
    id: 'bare-number',
    aliases: ['SP118'],
    tags: ['format'],
    title: { 'zh-CN': '金额缺少单位', en: 'An amount without its unit' },
    severity: 'warning',
    doc: {
      'zh-CN':
        '找出句末或分句末没有单位的金额：「公务用车购置支出为 0.00。」「支出决算为 0.88。」（金额名称和「为」「是」「达」之后的裸数字）。' +
        '已知标签下缺单位的金额和缺 % 的比率由 malformed 规则报告。快速修复补上同段其他金额所用的单位。词语见 server/data/hygiene.yaml。',
      en:
        'Finds an amount without its unit at the end of its clause: 「公务用车购置支出为 0.00。」, 「支出决算为 0.88。」 (a bare ' +
        'number after an amount’s label and 为/是/达). A figure under a known label, and a rate without %, are the ' +
        'malformed rule’s. The quick fix adds the unit of the paragraph’s other amounts. The words are data ' +
        '(server/data/hygiene.yaml).',
    },
  },
  check,
);
