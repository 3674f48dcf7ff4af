/**
 * cross-year-name: a 类/款/项 name of this year's report against last year's report for the same
 * 功能分类 code (cross/names.ts: the coded rows, and the prose's names whose code is certain). A
 * name that differs where the dictionary records no renaming is reported on the later report's
 * name (or, when the dictionary backs the other report's name as its year's official one, on the
 * name at fault), last year's as related information; the fix, the other name, is a suggestion only.
 */
import type { CrossStage } from '../../cross';
import { fix, rel, type Ctx } from '../context';
import { defineRule, t, type FindingSpec, type Report } from '../rule';

function check(ctx: Ctx, report: Report): void {
  const stage = ctx.cross();
  if (!stage) return;
  for (const r of stage.names) if (r.verdict === 'differs') report(findingOf(ctx, r));
}

function findingOf(ctx: Ctx, r: CrossStage['names'][number]): FindingSpec {
  const { lang } = ctx;
  const { here, there, code } = r;
  const doc = here.doc === ctx.doc ? undefined : here.doc;
  const where = (r.partner.path ?? '').replace(/^.*[\\/]/, '');
  // the dictionary's name for this year where it holds the code, else the other report's
  const want = r.official ?? there.name;
  const message = r.backed
    ? t(
        lang,
        `科目 ${code} 的名称「${here.name}」与${r.year}年报告的「${there.name}」不同；` +
          `「${there.name}」是 ${r.year} 年的规范名称，${ctx.doc.meta.year} 年为「${want}」`,
        `the name of ${code}, 「${here.name}」, differs from 「${there.name}」 in the ${r.year} report, ` +
          `the official name in ${r.year}; in ${ctx.doc.meta.year} it is 「${want}」`,
      )
    : t(
        lang,
        `科目 ${code} 的名称「${here.name}」与${r.year}年报告的「${there.name}」不同，分类科目中未记载该科目改名`,
        `the name of ${code}, 「${here.name}」, differs from 「${there.name}」 in the ${r.year} report; ` +
          'no renaming of the code is recorded',
      );
  return {
    span: here.span,
    doc,
    severity: r.backed ? 'warning' : undefined,
    message,
    related: [rel(ctx, there.span, `${code} ${there.name}（${where}）`, there.doc ?? r.partner.doc)],
    expected: want,
    fixes: [fix(ctx, t(lang, `改为「${want}」`, `Change to 「${want}」`), here.span, want, false, doc)],
    data: { cross: 'year', code, partners: [r.partner.path] },
  };
}

export const rule = defineRule(
  {
    id: 'cross-year-name',
    aliases: ['SP043'],
    tags: ['text', 'tables', 'classification', 'cross'],
    severity: 'info',
    otherSeverities: ['warning'],
    title: { 'zh-CN': '科目名称与上年报告不同', en: "Classification name differs from last year's report" },
    doc: {
      'zh-CN':
        '同一单位相邻两年的报告中同一功能分类科目编码（类/款/项）的名称' +
        '（表中编码行的名称，以及正文「X（类）Y（款）Z（项）」中编码可确定的名称：本报告表中或分类科目中该级次唯一的编码）' +
        '应相同，除非政府收支分类科目记载该科目在两年间改名' +
        '（如 207 在 2019 年起为「文化旅游体育与传媒支出」，此时不提示）。名称不同而无改名记载时，在本年报告的名称上提示（提示级），' +
        '上年报告的名称作为相关信息；若上年名称正是该年的规范名称而本年名称不是，为警告。因排版截断的名称不比较；' +
        '旧名称、同级其他科目的名称由 official-name 指出。修改只作建议（无法确定是哪一份有误，或是未记载的改名）。',
      en:
        'Two reports of the same unit one year apart name the same 功能分类 code (类/款/项) the same way (the coded ' +
        "rows' names, and the prose's 「X（类）Y（款）Z（项）」 names whose code is certain: the one code of that level the " +
        "report's tables or the classification give the name), unless the " +
        'classification records a renaming between the two years (207 is 「文化旅游体育与传媒支出」 since 2019: nothing ' +
        "is said). A name that differs with no renaming recorded is reported (info) on this year's name, with last " +
        "year's as related information; as a warning when last year's name is that year's official name and this " +
        "year's is not. Names cut short by the layout are not compared; a former name or a sibling code's name is " +
        "official-name's finding. The fix is a suggestion only (which report is wrong, or whether the code was " +
        'renamed, is never certain).',
    },
  },
  check,
);
