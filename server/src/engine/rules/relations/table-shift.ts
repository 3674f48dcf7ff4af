/**
 * table-shift: a table whose amounts are shifted against their labels (relations/shift.ts), reported
 * once, at the first cell that carries another's figure, with the relations the shift explains as
 * related figures (those are not reported again by sum, repeated …).
 */
import { rel, show, type Ctx } from '../context';
import { defineRule, t } from '../rule';
import type { TableShift } from '../../relations/shift';
import type { Lang } from '../../types';

export const rule = defineRule(
  {
    id: 'table-shift',
    aliases: ['SP214', 'misaligned-table'],
    tags: ['tables', 'arithmetic'],
    title: { 'zh-CN': '表格金额错位', en: 'Table amounts shifted against their labels' },
    severity: 'error',
    doc: {
      'zh-CN':
        '表中自某一行起各行所列为下一行（或上一行）的数字，或自某一列起各列所列为后一列（或前一列）的数字：一处错位使其所涉及的合计纷纷不符。' +
        '若把错位的数字移回原处后，原先不符的关系中至少三处成立、没有一处关系不成立，且更正的数字不止一个，则在错位开始处报告一次，说明移位的方向和还原后成立的关系；' +
        '这些关系作为相关信息列出，不再逐条报告为合计错误。',
      en:
        'From some row on, every row of a table carries the next (or previous) row’s figures, or from some column ' +
        'on, every cell carries the next (or previous) column’s figure: one slip that breaks every sum the cells ' +
        'take part in. When putting the figures back makes at least three failing relations hold, breaks none and ' +
        'corrects more than one figure, ' +
        'the shift is reported once, where it begins, with its direction and the relations that hold once it is ' +
        'undone as related information; those relations are not reported again one by one.',
    },
  },
  (ctx, report) => {
    for (const s of ctx.relations.shifts) report(shiftSpec(ctx, s));
  },
);

function shiftSpec(ctx: Ctx, s: TableShift) {
  const { lang } = ctx;
  const cell = s.row.cells.get(s.columns[0]);
  const doc = s.table.facts[0]?.doc;
  const name = s.table.def.name;
  const next = s.by === -1;
  const cols = s.columns.join('、');
  const what = s.axis === 'row' ? rowShift(s, lang, next, cols) : columnShift(s, lang, next, cols);
  const evidence = t(
    lang,
    `：移回原处后 ${s.held} 处不符的关系成立` +
      (s.explained.length > s.held ? `（另 ${s.explained.length - s.held} 处涉及移出表外的数字）` : ''),
    `: with the figures put back, ${s.held} failing relations hold` +
      (s.explained.length > s.held
        ? ` (${s.explained.length - s.held} more involve a figure moved out of the block)`
        : ''),
  );
  return {
    span: cell?.span ?? s.row.nameSpan,
    doc,
    message: t(lang, `表「${name}」`, `table 「${name}」, `) + what + evidence,
    related: s.explained.map((c) => rel(ctx, c.target.span, `${c.title[lang]}：${show(c.target)}`, c.target.doc)),
    data: {
      shift: { axis: s.axis, by: s.by, row: s.row.name, columns: s.columns, rows: s.rows },
      relations: s.explained.map((c) => c.id),
    },
  };
}

function rowShift(s: TableShift, lang: Lang, next: boolean, cols: string): string {
  const which = s.allColumns ? '' : t(lang, `（${cols}）`, ` (${cols})`);
  const range = s.last
    ? t(lang, `自「${s.row.name}」行至「${s.last.name}」行`, `rows 「${s.row.name}」 to 「${s.last.name}」`)
    : t(lang, `自「${s.row.name}」行起`, `from row 「${s.row.name}」 on`);
  return t(
    lang,
    `${range}，各行${which}所列为${next ? '下一行' : '上一行'}的数字（${next ? '上移' : '下移'}一行）`,
    `${range}: each row${which} carries the ${next ? 'next' : 'previous'} row’s figures`,
  );
}

function columnShift(s: TableShift, lang: Lang, next: boolean, col: string): string {
  const rows =
    s.rows > 1
      ? t(lang, `自「${s.row.name}」行起，各行`, `from row 「${s.row.name}」 on, every row`)
      : t(lang, `「${s.row.name}」行`, `row 「${s.row.name}」`);
  return t(
    lang,
    `${rows}自「${col}」列起，各列所列为${next ? '后一列' : '前一列'}的数字（${next ? '左移' : '右移'}一列）`,
    `${rows}, from column 「${col}」 on: each cell carries the ${next ? 'next' : 'previous'} column’s figure`,
  );
}
