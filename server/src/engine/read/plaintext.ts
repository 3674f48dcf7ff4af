/**
 * Plain-text reader (PDF or Word exports). No Markdown: the structure comes from Chinese
 * outline numbering (第一部分 / 一、 / （一） / 1. / （1）). Wrapped lines are joined into
 * paragraphs (a paragraph ends at 。！？ or before a numbered line); layout tables (columns
 * separated by runs of spaces, or one tab-indented cell per line as Word exports them)
 * become table blocks. A table of contents (目录) is skipped.
 */
import { LineIndex, MappedText } from '../util/text';
import { Block, Cell, Meta, NUMBERING_RE, ReportDoc, Section, linkSections, newRoot, numberingLevel } from './model';
import { assignScopes, metaFromTitle } from './markdown';
import { PART_START_RE } from '../knowledge/numbering';
import { layoutTables, type LayoutTable } from './layout-table';

interface Line {
  no: number;
  start: number;
  end: number;
  /** Offset of the first non-blank character. */
  contentStart: number;
  text: string; // trimmed
  raw: string;
}

const HEADING_MAX = 48;

/**
 * The report read from its text. `tables` 'outline': its tables' places only, their header and
 * rows left empty (the sections, their titles and the metadata are those of a full read: what a
 * first look needs, cross/first-look.ts).
 */
export function readPlainText(source: string, tables: 'read' | 'outline' = 'read'): ReportDoc {
  const lines = new LineIndex(source);
  const all = splitLines(source, lines);
  const skip = tocLines(all);
  const r = new PlainReader(source);
  const placed = new Map(layoutTables(source, all, skip, tables === 'read').map((t) => [t.from, t]));
  for (let i = 0; i < all.length; i++) {
    const t = placed.get(i);
    if (t) {
      r.table(t, all[t.from], all[t.to - 1]);
      i = t.to - 1;
    } else if (!skip.has(all[i].no)) r.line(all[i]);
  }
  const { root, sections, blocks } = r.finish();
  const meta: Meta = { amountUnit: '万元', source: 'none', fields: {} };
  const title = sections.find((s) => s.level === 1)?.title ?? '';
  metaFromTitle(meta, title);
  return { source, lines, format: 'text', meta, root, sections, blocks, problems: [] };
}

function splitLines(source: string, lines: LineIndex): Line[] {
  const all: Line[] = [];
  for (let l = 0; l < lines.lineCount; l++) {
    const start = lines.lineStart(l);
    const end = lines.lineEnd(l);
    const raw = source.slice(start, end);
    const lead = raw.length - raw.replace(/^[\s\u3000]+/, '').length;
    all.push({ no: l, start, end, contentStart: start + lead, text: raw.trim(), raw });
  }
  return all;
}

/** The reader's state line by line: the open paragraph, cell run, grid and title lines. */
class PlainReader {
  readonly root: Section;
  readonly sections: Section[] = [];
  readonly blocks: Block[] = [];
  private current: Section;
  private para: Line[] = [];
  private cellLines: Line[] = [];
  private gridLines: Line[] = [];
  private titleLines: Line[] = [];
  private seenHeading = false;
  private lastCaption: string | undefined;

  constructor(private readonly source: string) {
    this.root = newRoot(source);
    this.current = this.root;
  }

  line(line: Line): void {
    if (!line.text) {
      // A blank line ends cell runs and grids, but wrapped paragraphs in PDF exports have blank
      // lines between their lines: a paragraph ends only at sentence-final punctuation.
      this.flushCells();
      this.flushGrid();
      if (this.para.length && endsSentence(this.para[this.para.length - 1].text)) this.flushPara();
      return;
    }
    if (/^\t/.test(line.raw)) {
      this.flushPara();
      this.flushGrid();
      this.cellLines.push(line);
      return;
    }
    this.flushCells();
    const numbering = NUMBERING_RE.exec(line.text)?.[0];
    if (numbering && isHeading(line.text, numbering)) return this.heading(line, numbering);
    if (!this.seenHeading && !numbering && line.text.length <= HEADING_MAX && !/[。；]$/.test(line.text)) {
      this.titleLines.push(line);
      return;
    }
    if (isGridLine(line.raw)) {
      this.flushPara();
      this.gridLines.push(line);
      return;
    }
    this.flushGrid();
    if (this.para.length && (numbering || endsSentence(this.para[this.para.length - 1].text))) this.flushPara();
    this.para.push(line);
  }

  /** A table read off the layout (layout-table.ts), its caption and unit lines included. */
  table(t: LayoutTable, first: Line, last: Line): void {
    this.flushAll();
    if (!this.seenHeading && this.titleLines.length) {
      // the report's first table comes after its title
      pushTitle(this.source, this.titleLines, this.sections);
      this.titleLines = [];
      this.seenHeading = true;
    }
    this.blocks.push({
      kind: 'table',
      header: t.header,
      rows: t.rows,
      section: this.current,
      caption: t.caption,
      unit: t.unit,
      named: true,
      span: { start: first.contentStart, end: last.end },
    });
    this.lastCaption = undefined;
  }

  private heading(line: Line, numbering: string): void {
    this.flushAll();
    const level = numberingLevel(numbering);
    if (!this.seenHeading && this.titleLines.length) {
      pushTitle(this.source, this.titleLines, this.sections);
      this.titleLines = [];
    }
    this.seenHeading = true;
    const title = normalizeTitle(line.text);
    this.sections.push({
      id: this.sections.length + 1,
      level,
      numbering,
      title,
      titleSpan: { start: line.contentStart, end: line.end - (line.raw.length - line.raw.trimEnd().length) },
      span: { start: line.start, end: this.source.length },
      children: [],
      scope: 'all',
    });
    this.current = this.sections[this.sections.length - 1];
    this.lastCaption = title;
  }

  finish(): { root: Section; sections: Section[]; blocks: Block[] } {
    this.flushAll();
    if (!this.seenHeading && this.titleLines.length) pushTitle(this.source, this.titleLines, this.sections);
    linkSections(this.root, this.sections, this.source.length);
    assignScopes(this.sections);
    return { root: this.root, sections: this.sections, blocks: this.blocks };
  }

  private flushPara(): void {
    const para = this.para;
    if (!para.length) return;
    const text = MappedText.build(
      para.map((l) => ({ text: this.source.slice(l.contentStart, l.end), offset: l.contentStart })),
      true,
    );
    if (text.text.length) {
      this.blocks.push({
        kind: 'paragraph',
        text,
        section: this.current,
        numbering: NUMBERING_RE.exec(text.text)?.[0],
        span: { start: para[0].contentStart, end: para[para.length - 1].end },
      });
      if (text.text.length <= 40) this.lastCaption = text.text;
    }
    this.para = [];
  }

  private flushCells(): void {
    const cellLines = this.cellLines;
    if (!cellLines.length) return;
    // Word exports put each table cell on its own tab-indented line: one column of cells.
    const rows: Cell[][] = cellLines.map((l) => [cellOf(this.source, l.contentStart, l.end)]);
    this.pushTable(rows, cellLines);
    this.cellLines = [];
  }

  private flushGrid(): void {
    const gridLines = this.gridLines;
    if (!gridLines.length) return;
    this.pushTable(
      gridLines.map((l) => splitGrid(this.source, l)),
      gridLines,
    );
    this.gridLines = [];
  }

  private pushTable(rows: Cell[][], from: Line[]): void {
    this.blocks.push({
      kind: 'table',
      header: [],
      rows,
      section: this.current,
      caption: this.lastCaption,
      span: { start: from[0].start, end: from[from.length - 1].end },
    });
  }

  private flushAll(): void {
    this.flushPara();
    this.flushCells();
    this.flushGrid();
  }
}

function pushTitle(source: string, titleLines: Line[], sections: Section[]): void {
  const title = titleLines
    .map((l) => l.text)
    .join('')
    .replace(/\s+/g, '');
  const first = titleLines[0];
  const last = titleLines[titleLines.length - 1];
  sections.push({
    id: sections.length + 1,
    level: 1,
    title,
    titleSpan: { start: first.contentStart, end: last.start + last.raw.trimEnd().length },
    span: { start: first.start, end: source.length },
    children: [],
    scope: 'all',
  });
}

function normalizeTitle(t: string): string {
  return t.replace(/[\s\u3000]+/g, (m, i: number) => (i > 0 && /部分$/.test(t.slice(0, i)) ? ' ' : ''));
}

function endsSentence(t: string): boolean {
  return /[。！？!?][”’」』）)]*$/.test(t);
}

function isHeading(text: string, numbering: string): boolean {
  if (numbering.startsWith('第')) return text.length <= 60;
  if (/^\d/.test(numbering) || /^[（(]\d/.test(numbering)) return false;
  if (text.length > HEADING_MAX) return false;
  if (/[。；;，,]$/.test(text)) return false;
  // 「一、财政拨款收入：指…」 is a numbered glossary entry, not a heading.
  if (/[：:]./.test(text)) return false;
  if (/\d+(?:\.\d+)?\s*(万元|元|%|％)/.test(text)) return false;
  return true;
}

/** A layout-table line: at least two runs of 3+ spaces between content. */
function isGridLine(raw: string): boolean {
  const inner = raw.trim();
  const gaps = inner.match(/\S[ \u3000]{3,}(?=\S)/g);
  return !!gaps && gaps.length >= 1 && /\d/.test(inner) && !/[。；]$/.test(inner) && gaps.length + 1 >= 2;
}

function splitGrid(source: string, l: Line): Cell[] {
  const cells: Cell[] = [];
  const re = /\S(?:.*?\S)?(?=[ \u3000]{2,}|$)/g;
  const text = source.slice(l.contentStart, l.end);
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const a = l.contentStart + m.index;
    cells.push(cellOf(source, a, a + m[0].length));
    if (m[0].length === 0) re.lastIndex++;
  }
  return cells;
}

function cellOf(source: string, start: number, end: number): Cell {
  let e = end;
  while (e > start && /\s/.test(source[e - 1])) e--;
  return { text: MappedText.build([{ text: source.slice(start, e), offset: start }], true), span: { start, end: e } };
}

/** Lines of a table of contents: after 「目录」 until the first heading repeats. */
function tocLines(all: Line[]): Set<number> {
  const skip = new Set<number>();
  const tocAt = all.findIndex((l) => /^目\s*录$/.test(l.text));
  if (tocAt < 0) return skip;
  const firstPart = all.findIndex((l, i) => i > tocAt && PART_START_RE.test(l.text));
  if (firstPart < 0) return skip;
  const key = PART_START_RE.exec(all[firstPart].text)![0];
  const body = all.findIndex((l, i) => i > firstPart && l.text.startsWith(key));
  if (body < 0) return skip;
  for (let i = tocAt; i < body; i++) skip.add(all[i].no);
  return skip;
}
