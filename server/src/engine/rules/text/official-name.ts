/**
 * official-name: the names of the 政府收支分类科目 against the official list of the report's
 * year (server/data/classification.yaml). In the tables: a row whose name is a former name of
 * its code (「文化体育与传媒支出」 in a 2024 report: the official name is the fix), and a code
 * whose name is the official name of a sibling code (2080501 「事业单位离退休」: the code and the
 * name disagree). In the text, the 「X（类）Y（款）Z（项）」 chains: a former name, a 类 named as
 * a 款 or 项, and a 款 or 项 under a parent it does not belong to. Names the list does not hold,
 * and names cut short by the layout (a prefix of the official name), are left alone.
 */
import { fix, rel, type Ctx } from '../context';
import { classDictionary as dict, levelOfCode, type Classification } from '../../knowledge/classification';
import { normLabel } from '../../knowledge';
import { classMentions, formerCodes, type ClassMention } from '../../facts/class-mentions';
import type { TableRow } from '../../facts/tables';
import type { ReportDoc } from '../../read/model';
import type { Span } from '../../types';
import { defineRule, t, type Report } from '../rule';

/** Item names every 款 has (their code says where they belong, the name does not). */
const GENERIC = /^(?:其他|行政运行$|一般行政管理事务$|机关服务$|事业运行$)/;

function check(ctx: Ctx, report: Report): void {
  const year = ctx.doc.meta.year;
  for (const table of ctx.ex.tables) {
    if (table.def.layout !== 'coded') continue;
    const doc = table.facts[0]?.doc;
    for (const row of table.rows) if (row.code) tableRow(ctx, report, row, year, doc);
  }
  chains(ctx, report, year);
}

function tableRow(ctx: Ctx, report: Report, row: TableRow, year: number | undefined, doc?: ReportDoc): void {
  const { lang } = ctx;
  const code = row.code!;
  const official = dict.nameOf(code, year);
  if (!official) return;
  const name = normLabel(row.name);
  const want = normLabel(official);
  if (name === want || want.startsWith(name)) return;
  const src = (doc ?? ctx.doc).source.slice(row.nameSpan.start, row.nameSpan.end);
  const replaceable = normLabel(src) === name;
  const former = year !== undefined ? dict.formerOf(code, row.name) : undefined;
  if (former && year! > former.until) {
    report({
      span: row.nameSpan,
      doc,
      message: t(
        lang,
        `科目 ${code} 的名称「${row.name}」是 ${former.until} 年及以前的名称，${year} 年为「${official}」`,
        `「${row.name}」 is the name of ${code} up to ${former.until}; in ${year} it is 「${official}」`,
      ),
      fixes: [
        fix(ctx, t(lang, `改为「${official}」`, `Change to 「${official}」`), row.nameSpan, official, replaceable, doc),
      ],
      expected: official,
      data: { code },
    });
    return;
  }
  const kind = dict.byCode.get(code)!.kind;
  const others = dict
    .codesNamed(row.name, kind)
    .filter((c) => c !== code && c.length === code.length && c.slice(0, -2) === code.slice(0, -2));
  if (others.length !== 1) return;
  report({
    span: row.nameSpan,
    doc,
    message: t(
      lang,
      `科目编码与名称不符：「${row.name}」是 ${others[0]} 的名称，${code} 为「${official}」`,
      `code and name disagree: 「${row.name}」 is the name of ${others[0]}; ${code} is 「${official}」`,
    ),
    fixes: [fix(ctx, t(lang, `改为「${official}」`, `Change to 「${official}」`), row.nameSpan, official, false, doc)],
    expected: official,
    data: { code, other: others[0] },
  });
}

function chains(ctx: Ctx, report: Report, year: number | undefined): void {
  const list = classMentions(ctx.pieces(), year);
  for (let i = 0; i < list.length; i++) {
    const cur = list[i];
    if (!cur) continue;
    const parent = cur.chained ? list[i - 1] : undefined;
    const child = list[i + 1]?.chained ? list[i + 1] : undefined;
    mention(ctx, report, { cur, parent, child }, year);
  }
}

interface Chain {
  cur: ClassMention;
  parent?: ClassMention;
  child?: ClassMention;
}

function mention(ctx: Ctx, report: Report, chain: Chain, year?: number): void {
  const { lang } = ctx;
  const { cur, parent } = chain;
  const { span } = cur;
  const stale = formerCodes(cur.name, year).filter((c) => levelOfCode(c) === cur.level);
  if (stale.length === 1) {
    const official = dict.nameOf(stale[0], year)!;
    const replaceable = normLabel(ctx.doc.source.slice(span.start, span.end)) === normLabel(cur.name);
    report({
      span,
      message: t(
        lang,
        `「${cur.name}」是科目 ${stale[0]} 的旧名称，${year} 年为「${official}」`,
        `「${cur.name}」 is the former name of ${stale[0]}; in ${year} it is 「${official}」`,
      ),
      fixes: [fix(ctx, t(lang, `改为「${official}」`, `Change to 「${official}」`), span, official, replaceable)],
      expected: official,
      data: { code: stale[0] },
    });
    return;
  }
  const codes = codesAt(cur.name, 'functional');
  if (!codes.length) return;
  const atLevel = codes.filter((c) => levelOfCode(c) === cur.level);
  if (!atLevel.length) {
    if (cur.level > 1 && codes.every((c) => levelOfCode(c) === 1) && !GENERIC.test(cur.name))
      wrongLevel(ctx, report, chain, codes[0], span, year);
    return;
  }
  if (!parent || parent.level !== cur.level - 1 || GENERIC.test(cur.name)) return;
  const parents = codesAt(parent.name, 'functional').filter((c) => levelOfCode(c) === parent.level);
  if (!parents.length || atLevel.some((c) => parents.some((pc) => c.startsWith(pc)))) return;
  const own = atLevel[0].slice(0, atLevel[0].length - 2);
  const ownName = dict.nameOf(own, year);
  const pSpan = parent.span;
  report({
    span,
    message: t(
      lang,
      `「${cur.name}」（${atLevel[0]}）不属于「${parent.name}」（${parents[0]}）${ownName ? `，而属于「${ownName}」` : ''}`,
      `「${cur.name}」 (${atLevel[0]}) does not belong to 「${parent.name}」 (${parents[0]})` +
        (ownName ? `; it is under 「${ownName}」` : ''),
    ),
    related: [rel(ctx, pSpan, parent.name)],
    data: { code: atLevel[0], parent: parents[0] },
  });
}

/**
 * A 类 written where its 款 (or 项) belongs. When the next name of the chain is a known item whose
 * parent is under this 类, that parent is the name meant, and the fix is certain.
 */
function wrongLevel(ctx: Ctx, report: Report, chain: Chain, code: string, span: Span, year?: number): void {
  const { lang } = ctx;
  const { cur, child } = chain;
  const mark = cur.level === 2 ? '款' : '项';
  const below = child && !GENERIC.test(child.name) ? codesAt(child.name, 'functional') : [];
  const own = below.length === 1 && levelOfCode(below[0]) === cur.level + 1 ? below[0].slice(0, -2) : undefined;
  const meant = own && own.startsWith(code) ? dict.nameOf(own, year) : undefined;
  const replaceable = normLabel(ctx.doc.source.slice(span.start, span.end)) === normLabel(cur.name);
  report({
    span,
    message: meant
      ? t(
          lang,
          `「${cur.name}」是类级科目（${code}），不是${mark}；「${child!.name}」所属的${mark}为「${meant}」（${own}）`,
          `「${cur.name}」 is a 类 (${code}), not a ${mark}; the ${mark} of 「${child!.name}」 is 「${meant}」 (${own})`,
        )
      : t(
          lang,
          `「${cur.name}」是类级科目（${code}），不是${mark}`,
          `「${cur.name}」 is a 类 (${code}), not a ${mark}`,
        ),
    related: child ? [rel(ctx, child.span, child.name)] : [],
    fixes: meant ? [fix(ctx, t(lang, `改为「${meant}」`, `Change to 「${meant}」`), span, meant, replaceable)] : [],
    expected: meant,
    data: { code, meant: own },
  });
}

function codesAt(name: string, kind: Classification): string[] {
  return dict.codesNamed(name, kind);
}

export const rule = defineRule(
  {
    id: 'official-name',
    aliases: ['SP012', 'classification-name'],
    tags: ['text', 'tables', 'classification'],
    title: { 'zh-CN': '科目名称不是当年的规范名称', en: 'Not the official classification name' },
    severity: 'warning',
    doc: {
      'zh-CN':
        '表中科目的名称须是该编码在报告年度的规范名称（政府收支分类科目）：旧名称（如 2019 年起的「文化旅游体育与传媒支出」写作「文化体育与传媒支出」）以当年名称为修正；' +
        '编码与同级另一科目的名称对调时指出。正文「X（类）Y（款）Z（项）」中，类级科目写作款或项、款或项写在不属于它的上级之下，也予指出。' +
        '数据中没有的科目名称和因排版截断的名称不检查。',
      en:
        "A row's name must be the official name of its code in the report's year (the 政府收支分类科目): a " +
        'former name (「文化体育与传媒支出」 for 207 since 2019) is fixed to the current one; a code carrying a ' +
        "sibling code's name is pointed out. In the text's 「X（类）Y（款）Z（项）」 chains, a 类 written as a 款 or 项 " +
        'and a 款 or 项 under a parent it does not belong to are reported. Names the list does not hold and ' +
        'names cut short by the layout are not checked.',
    },
  },
  check,
);
