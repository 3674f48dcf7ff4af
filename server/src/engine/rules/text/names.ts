/**
 * names: the names of 功能分类 classes and items agree across the tables (one code, one name)
 * and between the text and the tables (a 类/款/项 the text names is the table's row).
 */
import { rel, relFact, type Ctx } from '../context';
import { isFunctional, normLabel, parseConcept } from '../../knowledge';
import type { TableRow } from '../../facts/tables';
import { defineRule, t, type Report } from '../rule';

function check(ctx: Ctx, report: Report): void {
  const { lang } = ctx;
  // one code, one name across the coded tables
  const byCode = new Map<string, TableRow>();
  for (const table of ctx.ex.tables) {
    if (table.def.layout !== 'coded') continue;
    for (const row of table.rows) {
      if (!row.code) continue;
      const first = byCode.get(row.code);
      if (!first) {
        byCode.set(row.code, row);
        continue;
      }
      if (normLabel(first.name) === normLabel(row.name)) continue;
      const doc = table.facts[0]?.doc;
      report({
        span: row.nameSpan,
        doc,
        message: t(
          lang,
          `科目 ${row.code} 的名称「${row.name}」与前表的「${first.name}」不一致`,
          `the name of ${row.code} 「${row.name}」 differs from 「${first.name}」 in an earlier table`,
        ),
        related: [rel(ctx, first.nameSpan, first.name, [...first.cells.values()][0]?.doc)],
        data: { code: row.code },
      });
    }
  }
  // the text's 类/款/项 against the table rows of the same scope and level
  const tableFacts = ctx.ex.facts.filter(
    (f) =>
      !f.paragraph &&
      f.concept &&
      isFunctional(parseConcept(f.concept)) &&
      parseConcept(f.concept).column === undefined,
  );
  if (!tableFacts.length) return;
  const known = new Set(tableFacts.map((f) => f.concept));
  // the table rows by scope and level, and by amount, indexed once (a scan per figure was quadratic)
  const levels = new Set<string>();
  const byAmount = new Map<string, typeof tableFacts>();
  for (const x of tableFacts) {
    const xc = parseConcept(x.concept!);
    levels.add(`${xc.scope}|${xc.kind}`);
    const k = `${xc.scope}|${xc.kind}|${x.written.value.toString()}`;
    const l = byAmount.get(k);
    if (l) l.push(x);
    else byAmount.set(k, [x]);
  }
  for (const f of ctx.ex.facts) {
    const c = f.paragraph && f.concept ? parseConcept(f.concept) : undefined;
    if (!c || f.role !== '本年' || !isFunctional(c) || known.has(f.concept)) continue;
    const { scope, kind: level } = c;
    if (!levels.has(`${scope}|${level}`)) continue;
    const cls = c.path[0];
    const candidates = (byAmount.get(`${scope}|${level}|${f.written.value.toString()}`) ?? []).filter((x) => {
      const xc = parseConcept(x.concept!);
      return level === '类' || (xc.path[0] === cls && xc.path.length > 1);
    });
    const name = c.path.join('·');
    const other = candidates.length === 1 ? parseConcept(candidates[0].concept!).path.join('·') : '';
    const msg =
      candidates.length === 1
        ? t(
            lang,
            `「${name}」在表中没有同名科目；表中同额的科目为「${other}」`,
            `「${name}」 has no row of that name in the tables; the row with the same amount is 「${other}」`,
          )
        : t(lang, `「${name}」在表中没有同名科目`, `「${name}」 has no row of that name in the tables`);
    report({
      span: f.span,
      doc: f.doc,
      message: msg,
      related: candidates.map((x) => relFact(ctx, x)),
      data: { concept: f.concept },
    });
  }
}

export const rule = defineRule(
  {
    id: 'names',
    aliases: ['SP011'],
    tags: ['tables', 'consistency'],
    title: { 'zh-CN': '科目名称不一致', en: 'Classification names disagree' },
    severity: 'warning',
    doc: {
      'zh-CN':
        '同一功能分类科目编码在各表中的名称须一致；正文所称的类、款、项须是表中的科目（名称不同而金额相同时指出表中的名称）。',
      en:
        'A 功能分类 code carries the same name in every table, and a 类/款/项 the text names must ' +
        "be a row of the tables (when the names differ but an amount matches, the table's " +
        'name is given).',
    },
  },
  check,
);
