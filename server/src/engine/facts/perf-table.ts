/**
 * The 绩效自评表 (performance self-evaluation tables): one 整体支出 table per unit, one 项目支出
 * table per project. The model is independent of where the table comes from: the readers here
 * build it from GFM tables (Markdown) and from the one-cell-per-line tables of Word exports
 * (plain text); another reader (YAML) can build the same objects and set them on the document
 * (ReportDoc.perfTables). Every cell keeps its exact source span.
 */
import type { ReportDoc, TableBlock } from '../read/model';
import { RecentCache } from '../util/cache';
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
  funding: FundingRow[];
  indicators: IndicatorRow[];
  /** The 总分 row. */
  total?: { label: PCell; weight?: PCell; score?: PCell };
  /** 自评等级 / 评价等级, when stated. */
  grade?: PCell;
  hasReasonColumn: boolean;
  hasCompletionColumn: boolean;
  span: Span;
  /** The file it is in, when not the checked one (a linked tables file). */
  doc?: ReportDoc;
}

/** A row of cells in reading order, from any source. */
export type Row = PCell[];

const TITLE_RE = /绩效自评表/;

const norm = (s: string) =>
  /[\s\u3000()]/.test(s)
    ? s
        .replace(/[\s\u3000]+/g, '')
        .replace(/\(/g, '（')
        .replace(/\)/g, '）')
    : s;

type FundKey = 'start' | 'year' | 'executed' | 'weight' | 'rate' | 'score';
type IndKey =
  'level1' | 'level2' | 'level3' | 'weight' | 'target' | 'actual' | 'completion' | 'score' | 'reason' | 'rule';

const FUND_COLS: Array<[FundKey, RegExp]> = [
  ['start', /年初预算/],
  ['year', /全年预算/],
  ['executed', /全年执行|执行数/],
  ['weight', /分值|权重/],
  ['rate', /执行率/],
  ['score', /得分/],
];
const IND_COLS: Array<[IndKey, RegExp]> = [
  ['level1', /一级指标/],
  ['level2', /二级指标/],
  ['level3', /三级指标/],
  ['actual', /实际完成|实际值|业绩值|完成值|实际完成指标值/],
  ['target', /^(?:年度)?(?:预期)?指标值$|目标值|年度指标值|预期指标值|预期目标值/],
  ['weight', /分值|权重/],
  ['completion', /完成率|完成比例/],
  ['score', /得分/],
  ['reason', /偏差原因|原因分析|改进措施/],
  ['rule', /赋分规则|评分规则|评分标准/],
];

function columns<K extends string>(header: Row, defs: Array<[K, RegExp]>): Map<K, number> {
  const out = new Map<K, number>();
  const used = new Set<number>();
  for (const [key, re] of defs) {
    for (let i = 0; i < header.length; i++) {
      if (used.has(i)) continue;
      const h = norm(header[i].text);
      if (!h || /设定依据|上年/.test(h)) continue;
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

/** Builds a table from its rows (one or more grids, each starting with its header row). */
export function buildPerfTable(title: PCell, rows: Row[], span: Span, doc?: ReportDoc): PerfTable | undefined {
  const t = norm(title.text);
  const kind: PerfTable['kind'] = /项目支出|项目绩效/.test(t) ? 'project' : 'unit';
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
  let mode: 'none' | 'funding' | 'indicators' = 'none';
  let fcols = new Map<FundKey, number>();
  let icols = new Map<IndKey, number>();
  let width = 0;
  let above: IndicatorRow | undefined;
  for (const row of rows) {
    const texts = row.map((c) => norm(c.text));
    const first = texts.findIndex((x) => x);
    if (first < 0) continue;
    // header words are short: look for them only in a row that has short cells with these words
    const joined = `|${texts.join('|')}|`;
    const has = (re: RegExp) => re.test(joined);
    if (joined.includes('名称|') && has(/\|(?:项目名称|单位名称|部门名称)\|/)) {
      const i = texts.findIndex((x) => /^(?:项目名称|单位名称|部门名称)$/.test(x));
      const v = row.slice(i + 1).find((c) => !blank(c));
      if (v) table.name = v;
      mode = 'none';
      continue;
    }
    if (
      joined.includes('年初预算') &&
      has(/\|年初预算(?:数|金额)?(?:（万元）)?\|/) &&
      has(/\|(?:全年)?执行(?:数|金额)(?:（万元）)?\|/)
    ) {
      fcols = columns(row, FUND_COLS);
      width = row.length;
      mode = 'funding';
      continue;
    }
    if (joined.includes('级指标|') && has(/\|(?:一级指标|三级指标)\|/)) {
      icols = columns(row, IND_COLS);
      table.hasReasonColumn = icols.has('reason');
      table.hasCompletionColumn = icols.has('completion');
      width = row.length;
      above = undefined;
      mode = 'indicators';
      continue;
    }
    const gradeAt = joined.includes('等级') ? texts.findIndex((x) => /(?:自评|评价|绩效)等级|^等级$/.test(x)) : -1;
    if (gradeAt >= 0) {
      const v = row.slice(gradeAt + 1).find((c) => !blank(c));
      if (v) table.grade = v;
      continue;
    }
    if (joined.includes('目标|') && has(/\|(?:年度总体目标|预期目标|总体目标)\|/)) {
      mode = 'none';
      continue;
    }
    if (mode === 'funding') {
      const startCol = Math.min(...[...fcols.values()]);
      if (row.length !== width) continue;
      const labelCell = row.slice(0, startCol).find((c) => !blank(c));
      if (!labelCell) continue;
      const get = (k: FundKey) => (fcols.has(k) ? row[fcols.get(k)!] : undefined);
      const label = norm(labelCell.text);
      table.funding.push({
        label: labelCell,
        start: get('start'),
        year: get('year'),
        executed: get('executed'),
        weight: get('weight'),
        rate: get('rate'),
        score: get('score'),
        total: /合计|总额|总计/.test(label) && !/^其中/.test(label),
      });
      continue;
    }
    if (mode === 'indicators') {
      if (/^(?:总分|合计|总计)$/.test(texts[first])) {
        // the 总分 row: by column when aligned, else its figures in order (merged cells collapse)
        const total: NonNullable<PerfTable['total']> = { label: row[first] };
        if (row.length === width && (icols.has('weight') || icols.has('score'))) {
          total.weight = icols.has('weight') ? row[icols.get('weight')!] : undefined;
          total.score = icols.has('score') ? row[icols.get('score')!] : undefined;
          if (blank(total.weight)) total.weight = undefined;
          if (blank(total.score)) total.score = undefined;
        } else {
          const nums = row.slice(first + 1).filter((c) => /\d/.test(c.text));
          if (nums.length >= 2) [total.weight, total.score] = [nums[0], nums[nums.length - 1]];
          else if (nums.length === 1) total.score = nums[0];
        }
        table.total = total;
        mode = 'none';
        continue;
      }
      if (row.length !== width) continue;
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
      if (blank(r.weight) && blank(r.score) && blank(r.level3)) continue;
      // a blank indicator level means the one above (merged cells)
      for (const k of ['level1', 'level2', 'level3'] as const) {
        if (blank(r[k]) && above?.[k]) r[k] = { ...above[k]!, inherited: true };
      }
      table.indicators.push(r);
      above = r;
    }
  }
  if (!table.funding.length && !table.indicators.length) return undefined;
  return table;
}

export interface PerfGroup {
  /** Source span of the table (caption to last row). */
  start: number;
  end: number;
  /** Reads the table (the group's bounds come cheap; the cells only when asked). */
  build: () => PerfTable | undefined;
}

const groupCache = new RecentCache<ReportDoc, PerfGroup[]>();
const cache = new RecentCache<ReportDoc, PerfTable[]>();

/** Where the document's 绩效自评表 are, read only on demand (for checks that can reuse results). */
export function perfGroupsOf(doc: ReportDoc): PerfGroup[] {
  const cached = groupCache.get(doc);
  if (cached) return cached;
  const out = doc.format === 'markdown' ? markdownGroups(doc) : doc.format === 'text' ? plainTextGroups(doc) : [];
  groupCache.set(doc, out);
  return out;
}

/** The document's 绩效自评表: set by its reader (ReportDoc.perfTables), else read from its tables. */
export function perfTablesOf(doc: ReportDoc): PerfTable[] {
  const given = doc.perfTables;
  if (given) return given;
  const cached = cache.get(doc);
  if (cached) return cached;
  const out: PerfTable[] = [];
  for (const g of perfGroupsOf(doc)) {
    const t = g.build();
    if (t) out.push(t);
  }
  cache.set(doc, out);
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
      if (TITLE_RE.test(sec.title) && sec.title.length <= 60) {
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
      if (t.length <= 40 && TITLE_RE.test(t) && !/[。，]/.test(t)) {
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
  const first = src.search(/\n\t[^\n]*绩效自评表/);
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
      if (raw.length <= 60 && TITLE_RE.test(raw)) {
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
