/**
 * Public types of the Suanpan engine. The engine is a pure library: text in, findings out.
 * Nothing here (or anywhere under engine/) may import vscode or vscode-languageserver.
 */

export type Severity = 'error' | 'warning' | 'info';
export type Lang = 'zh-CN' | 'en';

/** 0-based position, character counted in UTF-16 code units (as LSP). */
export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}
/** Half-open span of UTF-16 offsets into the source text. */
export interface Span {
  start: number;
  end: number;
}

export interface TextEdit {
  /** The linked file the edit is in; absent for the file being checked. */
  path?: string;
  range: Range;
  span: Span;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** True when the correction follows from the figures beyond doubt (used by --fix and fix-all). */
  certain: boolean;
}

export interface RelatedFigure {
  path?: string;
  range: Range;
  span: Span;
  /** What this figure is, e.g. 「本年收入合计 355.15万元」. */
  message: string;
  /** The PDF page of the figure, when a host checked the file from its import. */
  page?: number;
}

export interface Finding {
  /** Stable rule id, e.g. "share". */
  rule: string;
  severity: Severity;
  message: string;
  /** The linked file the finding is in (a narrative's tables file); absent for the file checked. */
  path?: string;
  range: Range;
  span: Span;
  related: RelatedFigure[];
  /** Recomputed value, as text at the stated precision (e.g. "72.08%"), when one exists. */
  expected?: string;
  /** The formula with the actual numbers, e.g. "256.00 ÷ 355.15 × 100 = 72.0815…". */
  formula?: string;
  fixes: Fix[];
  /** Machine-readable payload for editors (fix edits, relation id); never parsed from message. */
  data?: Record<string, unknown>;
}

export interface CheckOptions {
  /** File path, used for the format (.md / .txt / .yaml) and in messages. */
  path?: string;
  lang?: Lang;
  /** Rule id -> severity or 'off'. */
  rules?: Record<string, Severity | 'off'>;
  /** Rounding differences within intervals (尾差): reported as info or hidden. */
  roundingDifferences?: 'info' | 'hide';
  /** Reads a file the report links (front matter 数据: tables.yaml); the host provides I/O. */
  readFile?: (path: string) => string | undefined;
  /**
   * The check's time budget in milliseconds of CPU-bound work (default 10,000): a check that has
   * spent it stops before its next stage and says the report is too complex to check in time.
   */
  timeBudgetMs?: number;
  /** The clock the budget is measured with (tests give their own); defaults to performance.now. */
  now?: () => number;
  /**
   * Layout profiles a workspace adds (parsed YAML objects, the format of server/data/profiles;
   * docs/profiles.md). One with the id of a built-in profile replaces it.
   */
  profiles?: unknown[];
}
