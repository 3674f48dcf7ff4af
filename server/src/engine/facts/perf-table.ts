/**
 * The 绩效自评表 (performance self-evaluation tables): one 整体支出 table per unit, one 项目支出
 * table per project. The model is independent of where the table comes from: the readers here
 * build it from GFM tables (Markdown) and from the one-cell-per-line tables of Word exports
 * (plain text); another reader (YAML) can build the same objects and set them on the document
 * (ReportDoc.perfTables). Every cell keeps its exact source span.
 */
import type { ReportDoc, TableBlock } from '../read/model';
import { perfVocabulary, type FundKey, type IndKey } from '../knowledge/perf';
import type { Span } from '../types';

export interface PCell {
  text: string;
  span: Span;
  /** A blank merged cell that takes the value of the cell above (indicator levels). */
  inherited?: boolean;
}

export interface FundingRow {
  label: PCell;
  /** 年初预算数, 全年预算数, 全年执行数. */
  start?: PCell;
  year?: PCell;
  executed?: PCell;
  /** 分值 (weight), 执行率, 得分 of the execution rate: on the total row. */
  weight?: PCell;
  rate?: PCell;
  score?: PCell;
  total: boolean;
}

export interface IndicatorRow {
  level1?: PCell;
  level2?: PCell;
  level3?: PCell;
  weight?: PCell;
  target?: PCell;
  actual?: PCell;
  completion?: PCell;
  score?: PCell;
  reason?: PCell;
  /** 赋分规则, when the table states it per row. */
  rule?: PCell;
  span: Span;
}

export interface PerfTable {
  kind: 'unit' | 'project';
  /** Its heading or caption (「项目支出绩效自评表(2024年度)」). */
  title: PCell;
  /** 项目名称 / 单位名称. */
  name?: PCell;
  /** The caption's year on a line of its own below the title (「（2024年度）」, Word exports). */
  yearCell?: PCell;
  funding: FundingRow[];
  indicators: IndicatorRow[];
  /** The 总分 row. */
  total?: { label: PCell; weight?: PCell; score?: PCell };
  /** 自评等级 / 评价等级, when stated. */
  grade?: PCell;
  /** The 实际完成情况 cell of the goals block (年度总体目标), when stated. */
  outcome?: PCell;
  hasReasonColumn: boolean;
  hasCompletionColumn: boolean;
  span: Span;
  /** The file it is in, when not the checked one (a linked tables file). */
  doc?: ReportDoc;
}

/** A row of cells in reading order, from any source. */
export type Row = PCell[];

const V = perfVocabulary;

const norm = (s: string) =>
  /[\s\u3000()]/.test(s)
    ? s
        .replace(/[\s\u3000]+/g, '')
        .replace(/\(/g, '（')
        .replace(/\)/g, '）')
    : s;

function columns<K extends string>(header: Row, defs: Array<[K, RegExp]>): Map<K, number> {
  const out = new Map<K, number>();
  const used = new Set<number>();
  for (const [key, re] of defs) {
    for (let i = 0; i < header.length; i++) {
      if (used.has(i)) continue;
      const h = norm(header[i].text);
      if (!h || V.skipHeader.test(h)) continue;
      if (re.test(h)) {
        out.set(key, i);
        used.add(i);
        break;
      }
    }
  }
  return out;
}

const blank = (c: PCell | undefined) => !c || !c.text.trim();
/** A row as wide as its header (blank cells past its end, such as a comment's, do not count). */
const fits = (row: Row, width: number) => row.length >= width && row.slice(width).every(blank);

/** Where the reader is: in which block, with which columns, below which indicator row. */
interface Reading {
  table: PerfTable;
  mode: 'none' | 'funding' | 'indicators' | 'goals';
  fcols: Map<FundKey, number>;
  icols: Map<IndKey, number>;
  width: number;
  above?: IndicatorRow;
  /** The 实际完成情况 column of the goals block. */
  outcomeCol?: number;
}

/** Builds a table from its rows (one or more grids, each starting with its header row). */
export function buildPerfTable(title: PCell, rows: Row[], span: Span, doc?: ReportDoc): PerfTable | undefined {
  const kind: PerfTable['kind'] = V.project.test(norm(title.text)) ? 'project' : 'unit';
  const table: PerfTable = {
    kind,
    title,
    funding: [],
    indicators: [],
    hasReasonColumn: false,
    hasCompletionColumn: false,
    span,
    doc,
  };
  const st: Reading = { table, mode: 'none', fcols: new Map(), icols: new Map(), width: 0 };
  for (const row of rows) {
    const texts = row.map((c) => norm(c.text));
    const first = texts.findIndex((x) => x);
    if (first < 0) continue;
    if (!table.funding.length && !table.indicators.length && captionYear(table, row, texts)) continue;
    if (headerRow(st, row, texts)) continue;
    if (st.mode === 'funding') fundingRow(st, row);
    else if (st.mode === 'indicators') indicatorRow(st, row, texts, first);
    else if (st.mode === 'goals') goalsRow(st, row);
  }
  if (!table.funding.length && !table.indicators.length) return undefined;
  return table;
}

/** A row holding only the caption's year (「（2024年度）」), before the table's blocks. */
function captionYear(table: PerfTable, row: Row, texts: string[]): boolean {
  const cells = texts.filter((x) => x);
  if (cells.length !== 1 || !/^[（(]\d{4}年度?[)）]$/.test(cells[0])) return false;
  table.yearCell = row[texts.indexOf(cells[0])];
  return true;
}

/** A row that is not data: the name, a block's header, the grade, the goals. */
function headerRow(st: Reading, row: Row, texts: string[]): boolean {
  // header words are short: a cell that is exactly one of them
  const joined = `|${texts.join('|')}|`;
  const { table } = st;
  if (V.nameRow.test(joined)) {
    const i = texts.findIndex((x) => V.nameCell.test(x));
    const v = row.slice(i + 1).find((c) => !blank(c));
    if (v) table.name = v;
    st.mode = 'none';
    return true;
  }
  if (V.fundingHeader.start.test(joined) && V.fundingHeader.executed.test(joined)) {
    st.fcols = columns(row, V.fundingColumns);
    st.width = row.length;
    st.mode = 'funding';
    return true;
  }
  if (V.indicatorHeader.test(joined)) {
    st.icols = columns(row, V.indicatorColumns);
    table.hasReasonColumn = st.icols.has('reason');
    table.hasCompletionColumn = st.icols.has('completion');
    st.width = row.length;
    st.above = undefined;
    st.mode = 'indicators';
    return true;
  }
  const gradeAt = texts.findIndex((x) => V.gradeCell.test(x));
  if (gradeAt >= 0) {
    const v = row.slice(gradeAt + 1).find((c) => !blank(c));
    if (v) table.grade = v;
    return true;
  }
  if (V.goalsRow.test(joined)) {
    const at = texts.findIndex((x) => V.outcomeCell.test(x));
    st.mode = at >= 0 ? 'goals' : 'none';
    st.outcomeCol = at;
    st.width = row.length;
    return true;
  }
  return false;
}

/** The row below the goals header: its 实际完成情况 cell (one row; the block ends there). */
function goalsRow(st: Reading, row: Row): void {
  st.mode = 'none';
  const cell = fits(row, st.width) && st.outcomeCol !== undefined ? row[st.outcomeCol] : undefined;
  if (cell && !blank(cell)) st.table.outcome = cell;
}

function fundingRow(st: Reading, row: Row): void {
  const { fcols } = st;
  const startCol = Math.min(...[...fcols.values()]);
  if (!fits(row, st.width)) return;
  const labelCell = row.slice(0, startCol).find((c) => !blank(c));
  if (!labelCell) return;
  const get = (k: FundKey) => (fcols.has(k) ? row[fcols.get(k)!] : undefined);
  const label = norm(labelCell.text);
  st.table.funding.push({
    label: labelCell,
    start: get('start'),
    year: get('year'),
    executed: get('executed'),
    weight: get('weight'),
    rate: get('rate'),
    score: get('score'),
    total: V.fundingTotal.test(label) && !V.fundingPart.test(label),
  });
}

function indicatorRow(st: Reading, row: Row, texts: string[], first: number): void {
  const { icols, above } = st;
  if (V.totalCell.test(texts[first])) {
    st.table.total = totalRow(st, row, first);
    st.mode = 'none';
    return;
  }
  if (row.length !== st.width) return;
  const get = (k: IndKey) => (icols.has(k) ? row[icols.get(k)!] : undefined);
  const r: IndicatorRow = {
    level1: get('level1'),
    level2: get('level2'),
    level3: get('level3'),
    weight: get('weight'),
    target: get('target'),
    actual: get('actual'),
    completion: get('completion'),
    score: get('score'),
    reason: get('reason'),
    rule: get('rule'),
    span: { start: row[0].span.start, end: row[row.length - 1].span.end },
  };
  if (blank(r.weight) && blank(r.score) && blank(r.level3)) return;
  // a blank indicator level means the one above (merged cells)
  for (const k of ['level1', 'level2', 'level3'] as const) {
    if (blank(r[k]) && above?.[k]) r[k] = { ...above[k]!, inherited: true };
  }
  st.table.indicators.push(r);
  st.above = r;
}

/** The 总分 row: by column when aligned, else its figures in order (merged cells collapse). */
function totalRow(st: Reading, row: Row, first: number): NonNullable<PerfTable['total']> {
  const { icols } = st;
  const total: NonNullable<PerfTable['total']> = { label: row[first] };
  if (row.length === st.width && (icols.has('weight') || icols.has('score'))) {
    total.weight = icols.has('weight') ? row[icols.get('weight')!] : undefined;
    total.score = icols.has('score') ? row[icols.get('score')!] : undefined;
    if (blank(total.weight)) total.weight = undefined;
    if (blank(total.score)) total.score = undefined;
  } else {
    const nums = row.slice(first + 1).filter((c) => /\d/.test(c.text));
    if (nums.length >= 2) [total.weight, total.score] = [nums[0], nums[nums.length - 1]];
    else if (nums.length === 1) total.score = nums[0];
  }
  return total;
}

export interface PerfGroup {
  /** Source span of the table (caption to last row). */
  start: number;
  end: number;
  /** Reads the table (the group's bounds come cheap; the cells only when asked). */
  build: () => PerfTable | undefined;
}

/** Where the document's 绩效自评表 are, each read when asked. */
export function perfGroupsOf(doc: ReportDoc): PerfGroup[] {
  return doc.format === 'markdown' ? markdownGroups(doc) : doc.format === 'text' ? plainTextGroups(doc) : [];
}

/** The document's 绩效自评表: set by its reader (ReportDoc.perfTables), else read from its tables. */
export function perfTablesOf(doc: ReportDoc): PerfTable[] {
  const given = doc.perfTables;
  if (given) return given;
  const out: PerfTable[] = [];
  for (const g of perfGroupsOf(doc)) {
    const t = g.build();
    if (t) out.push(t);
  }
  return out;
}

function cellsOf(b: TableBlock): Row[] {
  return [b.header, ...b.rows].filter((r) => r.length).map((r) => r.map((c) => ({ text: c.text.text, span: c.span })));
}

/** Markdown: the GFM tables under a 「…绩效自评表」 heading (or after such a caption paragraph). */
function markdownGroups(doc: ReportDoc): PerfGroup[] {
  const out: PerfGroup[] = [];
  let group: { title: PCell; tables: TableBlock[]; start: number; end: number; level: number } | undefined;
  const flush = () => {
    if (group && group.tables.length) {
      const g = group;
      out.push({
        start: g.start,
        end: g.end,
        build: () => buildPerfTable(g.title, g.tables.flatMap(cellsOf), { start: g.start, end: g.end }, undefined),
      });
    }
    group = undefined;
  };
  let lastSection: unknown;
  for (const b of doc.blocks) {
    if (b.kind === 'comment') continue;
    const sec = b.section;
    if (sec !== lastSection) {
      lastSection = sec;
      if (V.title.test(sec.title) && sec.title.length <= 60) {
        flush();
        group = {
          title: { text: sec.title, span: sec.titleSpan },
          tables: [],
          start: sec.titleSpan.start,
          end: sec.titleSpan.end,
          level: sec.level,
        };
      } else if (group && group.level > 0 && sec.level <= group.level) flush();
    }
    if (b.kind === 'paragraph') {
      const t = b.text.text;
      if (t.length <= 40 && V.title.test(t) && !/[。，]/.test(t)) {
        flush();
        group = { title: { text: t, span: b.span }, tables: [], start: b.span.start, end: b.span.end, level: 0 };
      }
      continue;
    }
    if (b.kind === 'table' && group) {
      group.tables.push(b);
      group.end = b.span.end;
    }
  }
  flush();
  return out;
}

/**
 * Plain text (Word exports): each table cell on its own tab-indented line, rows separated by an
 * empty line; an empty cell is a line holding only the tab. The tables follow a caption line
 * 「…绩效自评表」 and end at the first line of prose.
 */
function plainTextGroups(doc: ReportDoc): PerfGroup[] {
  const src = doc.source;
  const first = src.search(V.titleLine);
  if (first < 0) return [];
  const lines = doc.lines;
  const out: PerfGroup[] = [];
  let open: { title: PCell; line: number; start: number; end: number; last: number } | undefined;
  const flush = () => {
    if (open && open.last > open.line) {
      const g = open;
      out.push({
        start: g.start,
        end: g.end,
        build: () => plainTextTable(doc, g.title, g.line + 1, g.last, { start: g.start, end: g.end }),
      });
    }
    open = undefined;
  };
  for (let l = lines.position(first + 1).line; l < lines.lineCount; l++) {
    const s = lines.lineStart(l);
    const c = src.charCodeAt(s);
    if (c === 9) {
      const e = lines.lineEnd(l);
      const raw = src.slice(s + 1, e);
      if (raw.length <= 60 && V.title.test(raw)) {
        const text = raw.trim();
        if (text.length <= 40) {
          flush();
          const at = s + 1 + (raw.length - raw.trimStart().length);
          open = { title: { text, span: { start: at, end: at + text.length } }, line: l, start: s, end: e, last: l };
          continue;
        }
      }
      if (open) {
        open.end = e;
        open.last = l;
      }
      continue;
    }
    if (src.slice(s, lines.lineEnd(l)).trim() === '') continue;
    if (open) flush();
  }
  flush();
  return out;
}

function plainTextTable(doc: ReportDoc, title: PCell, from: number, to: number, span: Span): PerfTable | undefined {
  const src = doc.source;
  const lines = doc.lines;
  const rows: Row[] = [];
  let row: Row = [];
  const flushRow = () => {
    if (row.some((c) => c.text)) rows.push(row);
    row = [];
  };
  for (let l = from; l <= to; l++) {
    const s = lines.lineStart(l);
    const e = lines.lineEnd(l);
    const raw = src.slice(s, e);
    if (raw.charCodeAt(0) !== 9) {
      flushRow();
      continue;
    }
    const body = raw.slice(1);
    const text = body.trim();
    const at = s + 1 + (body.length - body.trimStart().length);
    row.push({
      text: /[\s\u3000]/.test(text)
        ? text.replace(/(?<=[0-9A-Za-z])[\s\u3000]+(?=[0-9A-Za-z])/g, ' ').replace(/[\s\u3000]+/g, '')
        : text,
      span: { start: at, end: at + text.length },
    });
  }
  flushRow();
  return rows.length ? buildPerfTable(title, rows, span) : undefined;
}
