/**
 * unit-name: the reporting unit's name spelled as the front matter (单位) or the title spells it,
 * wherever the report writes it (prose, headings, table cells). A name that differs only in a
 * connector (与/和/及/暨/、: 「规划与自然资源局」 where the unit is 「规划和自然资源局」) is a slip; the
 * fix is the unit's own spelling, certain when that spelling is also the one the report uses
 * most often.
 */
import { fix, rel, type Ctx } from '../context';
import { escapeRe } from '../../knowledge/escape';
import { pieceAt, pieceSpan } from '../../read/pieces';
import type { Span } from '../../types';
import { defineRule, t, type Report } from '../rule';

/** Characters one is easily written for another in a unit's name. */
const CONNECTORS = '与和及暨、';
/** The administrative prefix of a unit's name (上海市普陀区), which the text may leave out. */
const REGION_PREFIX = /^.*?(?:[省市区县州旗盟](?=[^省市区县州旗盟]{3,}$))+/;

function check(ctx: Ctx, report: Report): void {
  const unit = ctx.doc.meta.unit?.replace(/\s+/g, '');
  if (!unit || ctx.doc.format === 'yaml') return;
  const core = unit.replace(REGION_PREFIX, '');
  const positions = [...core].map((c, i) => (CONNECTORS.includes(c) ? i : -1)).filter((i) => i >= 0);
  if (core.length < 4 || !positions.length) return;
  const pattern = [...core].map((c) => (CONNECTORS.includes(c) ? `[${CONNECTORS}]` : escapeRe(c))).join('');
  const p = ctx.pieces();
  const re = new RegExp(pattern, 'g');
  const variants: Array<{ span: Span; found: string; at: number }> = [];
  let same = 0;
  let firstSame: Span | undefined;
  let m: RegExpExecArray | null;
  while ((m = re.exec(p.all))) {
    const i = pieceAt(p, m.index);
    const off = m.index - p.starts[i];
    if (m[0] === core) {
      same++;
      firstSame ??= pieceSpan(p.pieces[i], off, off + core.length);
      continue;
    }
    for (const k of positions)
      if (m[0][k] !== core[k]) {
        variants.push({ span: pieceSpan(p.pieces[i], off + k, off + k + 1), found: m[0], at: k });
        break;
      }
  }
  const { lang } = ctx;
  for (const v of variants) {
    const certain = same > variants.length && ctx.doc.source.slice(v.span.start, v.span.end) === v.found[v.at];
    report({
      span: v.span,
      message: t(
        lang,
        `单位名称「${v.found}」与报告单位「${unit}」不一致（${v.found[v.at]} / ${core[v.at]}）`,
        `the unit's name 「${v.found}」 differs from the reporting unit 「${unit}」 (${v.found[v.at]} / ${core[v.at]})`,
      ),
      related: firstSame ? [rel(ctx, firstSame, core)] : [],
      fixes: [fix(ctx, t(lang, `改为「${core[v.at]}」`, `Change to 「${core[v.at]}」`), v.span, core[v.at], certain)],
      expected: core,
      data: { unit },
    });
  }
}

export const rule = defineRule(
  {
    id: 'unit-name',
    aliases: ['SP013'],
    tags: ['text', 'consistency'],
    title: { 'zh-CN': '单位名称写法不一致', en: "The unit's name spelled differently" },
    severity: 'warning',
    doc: {
      'zh-CN':
        '报告单位的名称（前置信息「单位」或标题）在正文、标题和表格中须写法一致：只差一个连接字（与/和/及/暨/、）的写法是笔误，' +
        '修正为单位自己的写法；当报告中多数处也这样写时修正是确定的。',
      en:
        "The reporting unit's name (单位 in the front matter, or the title) is spelled the same in the prose, " +
        'headings and tables: a spelling that differs only in a connector (与/和/及/暨/、) is a slip, fixed to ' +
        "the unit's own spelling (certain when most mentions in the report also spell it so).",
    },
  },
  check,
);
