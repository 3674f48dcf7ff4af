/** The document model shared by the readers (Markdown, plain text) and the checks. */
import type { Span } from '../types';
import { LineIndex, MappedText, type LineStarts } from '../util/text';
import type { PerfTable } from '../facts/perf-table';
import {
  CN_DIGIT_VALUES,
  CN_START_RE,
  CN_TENS_RE,
  CN_TEN,
  PAREN_CN_START_RE,
  TITLE_NUM,
  TITLE_PART,
} from '../knowledge/numbering';

export type ReportKind = '部门决算' | '单位决算' | '部门预算' | '单位预算';

export interface Meta {
  unit?: string;
  year?: number;
  kind?: ReportKind;
  template?: string;
  /** Amount unit for bare table figures: 万元 (default) or 元. */
  amountUnit: '万元' | '元';
  /** Where the metadata came from. */
  source: 'front-matter' | 'title' | 'none';
  /** Raw front matter keys -> value spans, for diagnostics. */
  fields: Record<string, { value: unknown; span: Span }>;
}

export interface Section {
  id: number;
  /** 1 = title, 2 = 第X部分, 3 = 一、, 4 = （一）, 5+ deeper. */
  level: number;
  numbering?: string;
  title: string;
  titleSpan: Span;
  /** From the heading to the start of the next heading of the same or higher level. */
  span: Span;
  parent?: Section;
  children: Section[];
  /** Scope id from the data (all, czbk, ybg, sangong, …), inherited when the title names none. */
  scope: string;
}

export interface Paragraph {
  kind: 'paragraph';
  text: MappedText;
  span: Span;
  section: Section;
  /** Outline numbering the paragraph starts with, e.g. "1." or "（一）". */
  numbering?: string;
}

export interface Cell {
  /** Cleaned text (markup and layout whitespace dropped) with its source map. */
  text: MappedText;
  span: Span;
}

export interface TableBlock {
  kind: 'table';
  header: Cell[];
  rows: Cell[][];
  span: Span;
  section: Section;
  /** The nearest heading or paragraph before it (a caption such as 「收入支出决算总表」). */
  caption?: string;
  /** The amount unit a 「单位：万元」 line before it states. */
  unit?: '万元' | '元';
  /**
   * The caption is the table's own printed name (a text export's caption line): a name the data
   * does not know is not one of the known tables, whatever its header says.
   */
  named?: boolean;
}

export interface CommentBlock {
  kind: 'comment';
  text: string;
  span: Span;
}

export type Block = Paragraph | TableBlock | CommentBlock;

export interface ParseProblem {
  message: { 'zh-CN': string; en: string };
  span: Span;
}

/** How a document written in traditional characters writes them (ReportDoc.written). */
export interface WrittenScript {
  text: string;
  /** A simplified character → the form the document writes it in, where that is another. */
  forms: ReadonlyMap<string, string>;
}

/**
 * What is kept of a document that findings and hovers only point into (a partner report of
 * cross/): its path and where its lines start. A ReportDoc is one.
 */
export interface DocRef {
  path?: string;
  lines: LineStarts;
}

export interface ReportDoc {
  /** The file's path, when known. */
  path?: string;
  source: string;
  lines: LineIndex;
  format: 'markdown' | 'text' | 'yaml';
  meta: Meta;
  root: Section;
  sections: Section[];
  blocks: Block[];
  problems: ParseProblem[];
  /**
   * A report written in traditional characters, read converted (`source` is the reading, of the
   * same length): its text as written, and the traditional form it writes each simplified one in
   * (read/traditional.ts, for the fix texts and quotes that go back to it).
   */
  written?: WrittenScript;
  /**
   * The 绩效自评表, when the reader builds them itself (a YAML form); otherwise they are read
   * from the document's tables (perf-table.ts).
   */
  perfTables?: PerfTable[];
}

export const NUMBERING_RE = new RegExp(
  `^(?:${TITLE_PART}|${TITLE_NUM}+[、.．]|[（(]${TITLE_NUM}+[）)]|\\d{1,2}(?:[、．]|\\.(?!\\d))|[（(]\\d{1,2}[）)])`,
);

/** Chinese numeral (一 … 九十九) to number. */
export function cnNumber(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s);
  const d = (c: string) => CN_DIGIT_VALUES.indexOf(c);
  if (s === CN_TEN) return 10;
  const m = CN_TENS_RE.exec(s);
  if (m) return (m[1] ? d(m[1]) : 1) * 10 + (m[2] ? d(m[2]) : 0);
  if (s.length === 1 && d(s) >= 0) return d(s);
  return undefined;
}

/** Level implied by a numbering token: 第X部分 2, 一、 3, （一） 4, 1. 5, （1） 6. */
export function numberingLevel(n: string): number {
  if (n.startsWith('第')) return 2;
  if (PAREN_CN_START_RE.test(n)) return 4;
  if (CN_START_RE.test(n)) return 3;
  if (/^[（(]\d/.test(n)) return 6;
  return 5;
}

export function newRoot(source: string): Section {
  return {
    id: 0,
    level: 0,
    title: '',
    titleSpan: { start: 0, end: 0 },
    span: { start: 0, end: source.length },
    children: [],
    scope: 'all',
  };
}

/** Closes section spans and links the tree, given sections in document order. */
export function linkSections(root: Section, sections: Section[], end: number): void {
  const stack: Section[] = [root];
  for (const s of sections) {
    while (stack.length > 1 && stack[stack.length - 1].level >= s.level) {
      const closed = stack.pop()!;
      closed.span = { start: closed.span.start, end: s.titleSpan.start };
    }
    const parent = stack[stack.length - 1];
    s.parent = parent;
    parent.children.push(s);
    stack.push(s);
  }
  while (stack.length > 1) {
    const closed = stack.pop()!;
    closed.span = { start: closed.span.start, end };
  }
}

/** Ancestors from the section itself up to (excluding) the root. */
export function sectionPath(s: Section | undefined): Section[] {
  const out: Section[] = [];
  for (let c = s; c && c.level > 0; c = c.parent) out.push(c);
  return out;
}
