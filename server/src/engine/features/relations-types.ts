/**
 * The relations view as plain data (structured-clonable JSON): every relation the check
 * evaluated, grouped by section and table, with its figures, formula, recomputed value and status.
 */
import type { Range, Span } from '../types';

/** ✓ holds (exactly as rounded), 尾差 within the rounding intervals, ✗ fails, — not determined. */
export type RelationStatus = 'holds' | 'rounding' | 'fails' | 'undetermined';

export type RelationKind =
  | 'sum'
  | 'share'
  | 'yoy'
  | 'budget'
  | 'repeated'
  | 'table-link'
  | 'perf-rate'
  | 'perf-score'
  | 'perf-total'
  | 'perf-weights'
  | 'perf-completion';

export interface RelationFigure {
  /** The figure as written (「355.15万元」, 「72.08%」, a cell's text). */
  text: string;
  label: string;
  span: Span;
  range: Range;
  /** The linked file the figure is in (a report's tables file); absent for the checked file. */
  path?: string;
  /** The figure the relation derives (the total, the share, the rate, the later mention). */
  target?: boolean;
}

export interface RelationItem {
  /** Stable within one check: the constraint's id, or kind:offset for the other relations. */
  id: string;
  kind: RelationKind;
  title: string;
  status: RelationStatus;
  /** ✓, 尾差, ✗ or —. */
  mark: string;
  /** The formula with the actual numbers. */
  formula: string;
  /** The recomputed value of the target figure, with its unit (「72.0815%」). */
  recomputed?: string;
  /** The interval the figures allow for the target, when the relation is judged by intervals. */
  interval?: string;
  /** A word on the status: truncated, adjusted to 100%, zero base, the other budget figure, … */
  note?: string;
  figures: RelationFigure[];
}

export interface RelationGroup {
  /** The section's title (with its numbering), and the table's name when the relations are in one. */
  section: string;
  table?: string;
  /** Where the group starts (the first target's place), for sorting and revealing. */
  span: Span;
  range: Range;
  path?: string;
  counts: RelationCounts;
  relations: RelationItem[];
}

export interface RelationCounts {
  checked: number;
  holding: number;
  rounding: number;
  failing: number;
  undetermined: number;
}

export interface RelationsView {
  lang: 'zh-CN' | 'en';
  counts: RelationCounts;
  groups: RelationGroup[];
}

export const MARKS: Record<RelationStatus, string> = { holds: '✓', rounding: '尾差', fails: '✗', undetermined: '—' };
