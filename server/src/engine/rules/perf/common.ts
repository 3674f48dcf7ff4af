/**
 * What the perf-* rules share when they speak: a figure of a 自评表 as a related figure, a fix
 * that rewrites a number in its cell, a rate as a percentage.
 */
import { Dec, fmt } from '../../util/decimal';
import { rel, writtenAt, type Ctx } from '../context';
import { t } from '../rule';
import type { Num } from '../../facts/perf-cells';
import type { PCell } from '../../facts/perf-table';
import type { PerfSheet } from '../../facts/perf-sheet';
import type { Fix, RelatedFigure } from '../../types';

/** A cell (or the number in it) of the sheet's table, as a related figure. */
export function relCell(ctx: Ctx, sheet: PerfSheet, c: PCell | Num, message: string): RelatedFigure {
  return rel(ctx, c.span, message, sheet.table.doc);
}

/** A fix writing `value` with `decimals` decimals in place of the number `n`. */
export function setFix(
  ctx: Ctx,
  sheet: PerfSheet,
  n: Num,
  value: Dec,
  decimals: number,
  certain: boolean,
  title?: string,
): Fix {
  const text = fmt(value, decimals);
  const linked = sheet.table.doc;
  return {
    title: title ?? t(ctx.lang, `改为 ${text}`, `Change to ${text}`),
    // the number must be the one written at its span (see writtenAt)
    certain: certain && writtenAt(sheet.src, n.span, n.w),
    edits: [
      { span: n.span, range: sheet.doc.lines.range(n.span), newText: text, ...(linked ? { path: linked.path } : {}) },
    ],
  };
}

/** A fraction (1 = 100%) as a percentage with `d` decimals. */
export const pctText = (v: Dec, d: number) => `${fmt(v.times(100), d)}%`;
