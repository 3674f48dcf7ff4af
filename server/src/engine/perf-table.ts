/**
 * The 绩效自评表 (performance self-evaluation tables): one 整体支出 table per unit, one 项目支出
 * table per project. The model is independent of where the table comes from: the readers here
 * build it from GFM tables (Markdown) and from the one-cell-per-line tables of Word exports
 * (plain text); another reader (YAML) can build the same objects and set them on the document
 * (ReportDoc.perfTables). Every cell keeps its exact source span.
 */
import type { ReportDoc, TableBlock } from './model';
import { RecentCache } from './profile';
import type { Span } from './types';

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

const norm = (s: string) => (/[\s\u3000()]/.test(s) ? s.replace(/[\s\u3000]+/g, '').replace(/\(/g, '（').replace(/\)/g, '）') : s);

type FundKey = 'start' | 'year' | 'executed' | 'weight' | 'rate' | 'score';
type IndKey = 'level1' | 'level2' | 'level3' | 'weight' | 'target' | 'actual' | 'completion' | 'score' | 'reason' | 'rule';

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
  const table: PerfTable = { kind, title, funding: [], indicators: [], hasReasonColumn: false, hasCompletionColumn: false, span, doc };
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
    if (joined.includes('年初预算') && has(/\|年初预算(?:数|金额)?(?:（万元）)?\|/) && has(/\|(?:全年)?执行(?:数|金额)(?:（万元）)?\|/)) {
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
        label: labelCell, start: get('start'), year: get('year'), executed: get('executed'), weight: get('weight'), rate: get('rate'), score: get('score'),
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
        level1: get('level1'), level2: get('level2'), level3: get('level3'), weight: get('weight'), target: get('target'), actual: get('actual'),
        completion: get('completion'), score: get('score'), reason: get('reason'), rule: get('rule'),
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

const cache = new RecentCache<ReportDoc, PerfTable[]>();

/** The document's 绩效自评表: set by its reader (ReportDoc.perfTables), else read from its tables. */
export function perfTablesOf(doc: ReportDoc): PerfTable[] {
  const given = doc.perfTables;
  if (given) return given;
  const cached = cache.get(doc);
  if (cached) return cached;
  const out = doc.format === 'markdown' ? fromMarkdown(doc) : doc.format === 'text' ? fromPlainText(doc) : [];
  cache.set(doc, out);
  return out;
}

function cellsOf(b: TableBlock): Row[] {
  return [b.header, ...b.rows].filter((r) => r.length).map((r) => r.map((c) => ({ text: c.text.text, span: c.span })));
}

/** Markdown: the GFM tables under a 「…绩效自评表」 heading (or after such a caption paragraph). */
function fromMarkdown(doc: ReportDoc): PerfTable[] {
  const out: PerfTable[] = [];
  let group: { title: PCell; rows: Row[]; start: number; end: number; level: number } | undefined;
  const flush = () => {
    if (group && group.rows.length) {
      const t = buildPerfTable(group.title, group.rows, { start: group.start, end: group.end }, undefined);
      if (t) out.push(t);
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
        group = { title: { text: sec.title, span: sec.titleSpan }, rows: [], start: sec.titleSpan.start, end: sec.titleSpan.end, level: sec.level };
      } else if (group && group.level > 0 && sec.level <= group.level) flush();
    }
    if (b.kind === 'paragraph') {
      const t = b.text.text;
      if (TITLE_RE.test(t) && t.length <= 40 && !/[。，]/.test(t)) {
        flush();
        group = { title: { text: t, span: b.span }, rows: [], start: b.span.start, end: b.span.end, level: 0 };
      }
      continue;
    }
    if (b.kind === 'table' && group) {
      group.rows.push(...cellsOf(b));
      group.end = b.span.end;
    }
  }
  flush();
  return out;
}

/**
 * Plain text (Word exports): each table cell on its own tab-indented line, rows separated by an
 * empty line; an empty cell is a line holding only the tab. The tables follow a caption line
 * 「…绩效自评表」.
 */
function fromPlainText(doc: ReportDoc): PerfTable[] {
  const src = doc.source;
  if (!TITLE_RE.test(src)) return [];
  const lines = doc.lines;
  const out: PerfTable[] = [];
  // start at the first caption (a tab-indented cell naming a 自评表)
  const first = src.search(/\n\t[^\n]*绩效自评表/);
  if (first < 0) return [];
  const firstLine = lines.position(first + 1).line;
  let title: PCell | undefined;
  let rows: Row[] = [];
  let row: Row = [];
  let start = 0;
  let end = 0;
  const flushRow = () => {
    if (row.some((c) => c.text)) rows.push(row);
    row = [];
  };
  const flush = () => {
    flushRow();
    if (title && rows.length) {
      const t = buildPerfTable(title, rows, { start, end });
      if (t) out.push(t);
    }
    title = undefined;
    rows = [];
  };
  for (let l = firstLine; l < lines.lineCount; l++) {
    const s = lines.lineStart(l);
    const e = lines.lineEnd(l);
    const raw = src.slice(s, e);
    if (raw.charCodeAt(0) === 9) {
      const text = raw.slice(1).trim();
      const at = s + 1 + (raw.slice(1).length - raw.slice(1).trimStart().length);
      if (TITLE_RE.test(text) && text.length <= 40) {
        flush();
        title = { text, span: { start: at, end: at + text.length } };
        start = s;
        end = e;
        continue;
      }
      if (!title) continue;
      row.push({ text: /[\s\u3000]/.test(text) ? text.replace(/(?<=[0-9A-Za-z])[\s\u3000]+(?=[0-9A-Za-z])/g, ' ').replace(/[\s\u3000]+/g, '') : text, span: { start: at, end: at + text.length } });
      end = e;
      continue;
    }
    if (raw.trim() === '') {
      flushRow();
      continue;
    }
    // a line of prose ends the tables
    if (title) flush();
  }
  flush();
  return out;
}
