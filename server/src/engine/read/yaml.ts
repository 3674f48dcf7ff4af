/**
 * YAML reader: a report (or a tables file) in the format of docs/format.md, into the same
 * model as Markdown. Every figure keeps its exact source range through the yaml package's
 * node ranges. Aliases are not expanded (no alias bombs); parse errors become problems at
 * their place and the rest is still read.
 */
import YAML, { isAlias, isMap, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { LineIndex, MappedText } from '../util/text';
import {
  Block,
  Cell,
  Meta,
  NUMBERING_RE,
  ParseProblem,
  ReportDoc,
  ReportKind,
  Section,
  linkSections,
  newRoot,
  numberingLevel,
} from './model';
import { assignScopes } from './markdown';
import { errorSpan, yamlNestingProblem } from './yaml-guard';
import { buildPerfTable, type PCell, type PerfTable, type Row } from '../facts/perf-table';
import type { Span } from '../types';

const KINDS: ReportKind[] = ['部门决算', '单位决算', '部门预算', '单位预算'];

type Range3 = [number, number, number];

function rangeOf(n: unknown): Range3 | undefined {
  return (n as { range?: Range3 } | null)?.range ?? undefined;
}

function get(map: YAMLMap, key: string): Node | undefined {
  for (const it of map.items as Pair[]) {
    if (isScalar(it.key) && String(it.key.value) === key) return it.value as Node | undefined;
  }
  return undefined;
}

/** The scalar's text mapped back to the source, line by line (block scalars drop indentation). */
function scalarText(source: string, node: Scalar): MappedText {
  const r = rangeOf(node);
  if (!r) return MappedText.build([], true);
  const raw = source.slice(r[0], r[1]);
  const value = String(node.value ?? '');
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
    const parts: Array<{ text: string; offset: number }> = [];
    const nl = raw.indexOf('\n');
    let off = r[0] + (nl < 0 ? raw.length : nl + 1);
    for (const line of (nl < 0 ? '' : raw.slice(nl + 1)).split('\n')) {
      const lead = line.length - line.trimStart().length;
      parts.push({ text: line.slice(lead) + '\n', offset: off + lead });
      off += line.length + 1;
    }
    return MappedText.build(parts, false);
  }
  const q = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : 0;
  const inner = raw.slice(q, raw.length - q);
  if (inner === value) return MappedText.build([{ text: value, offset: r[0] + q }], false);
  // escapes or folded lines: keep the value, map every character to the scalar's start
  return new MappedText(
    value,
    Int32Array.from({ length: value.length }, () => r[0]),
  );
}

function cellOf(source: string, node: Node | undefined, fallback: number): Cell {
  if (node && isScalar(node)) {
    const r = rangeOf(node)!;
    const raw = source.slice(r[0], r[1]);
    const q = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : 0;
    // numbers are read as written (356.00 keeps its two decimals)
    return {
      text: MappedText.build([{ text: raw.slice(q, raw.length - q), offset: r[0] + q }], true),
      span: { start: r[0] + q, end: r[1] - q },
    };
  }
  return { text: MappedText.build([], true), span: { start: fallback, end: fallback } };
}

export function readYamlReport(source: string): ReportDoc {
  const lines = new LineIndex(source);
  const problems: ParseProblem[] = [];
  const deep = yamlNestingProblem(source);
  if (deep) problems.push(deep);
  // too deep: not parsed (the parser would overflow the stack or take exponential time)
  const doc = YAML.parseDocument(deep ? '' : source, { uniqueKeys: false, prettyErrors: false });
  for (const e of [...doc.errors, ...doc.warnings]) {
    problems.push({
      message: { 'zh-CN': `YAML 有误：${e.message.split('\n')[0]}`, en: `YAML error: ${e.message.split('\n')[0]}` },
      span: errorSpan(e.pos, 0, source.length),
    });
  }
  const meta: Meta = { amountUnit: '万元', source: 'none', fields: {} };
  const root = newRoot(source);
  const sections: Section[] = [];
  const blocks: Block[] = [];
  const contents = doc.contents;
  let perfTables: PerfTable[] | undefined;
  if (contents && isMap(contents)) {
    readMeta(source, contents, meta, problems);
    const narrative = get(contents, '说明');
    if (narrative && isSeq(narrative)) readSections(source, narrative.items as Node[], 0, root, sections, blocks);
    const tables = get(contents, '表');
    if (tables && isSeq(tables))
      for (const t of tables.items as Node[]) readTableNode(source, t, root, sections, blocks, problems);
    const perf = get(contents, PERF_KEY);
    if (perf) perfTables = readPerfTables(source, perf, problems);
  } else if (contents && !doc.errors.length) {
    problems.push({
      message: {
        'zh-CN': 'YAML 报告应为键值映射（单位、年度、类型、说明、表……）',
        en: 'a YAML report is a mapping (单位, 年度, 类型, 说明, 表 …)',
      },
      span: { start: 0, end: Math.min(source.length, 1) },
    });
  }
  linkSections(root, sections, source.length);
  assignScopes(sections);
  const out: ReportDoc = { source, lines, format: 'yaml', meta, root, sections, blocks, problems };
  if (perfTables) out.perfTables = perfTables;
  return out;
}

function readMeta(source: string, map: YAMLMap, meta: Meta, problems: ParseProblem[]): void {
  for (const it of map.items as Pair[]) {
    if (!isScalar(it.key)) continue;
    const key = String(it.key.value);
    if (key === '说明' || key === '表' || key === PERF_KEY) continue;
    const v = it.value as Node | null;
    const r = rangeOf(v) ?? rangeOf(it.key)!;
    meta.fields[key] = { value: v && isScalar(v) ? v.value : undefined, span: { start: r[0], end: r[1] } };
  }
  const f = (k: string) => meta.fields[k]?.value;
  if (Object.keys(meta.fields).length) meta.source = 'front-matter';
  if (typeof f('单位') === 'string') meta.unit = f('单位') as string;
  const y = Number(f('年度'));
  if (Number.isInteger(y) && y > 1900 && y < 3000) meta.year = y;
  const kind = f('类型');
  if (typeof kind === 'string') {
    if ((KINDS as string[]).includes(kind)) meta.kind = kind as ReportKind;
    else
      problems.push({
        message: { 'zh-CN': `「类型」应为 ${KINDS.join(' | ')}`, en: `类型 must be one of ${KINDS.join(' | ')}` },
        span: meta.fields['类型'].span,
      });
  }
  if (typeof f('模板') === 'string') meta.template = f('模板') as string;
  const unit = f('金额单位');
  if (unit === '元' || unit === '万元') meta.amountUnit = unit;
  // 数据 (the linked data file) stays in meta.fields, where the linked-file reader looks for it
}

function readSections(
  source: string,
  items: Node[],
  depth: number,
  parent: Section,
  sections: Section[],
  blocks: Block[],
): void {
  for (const item of items) {
    if (!isMap(item)) continue;
    const titleNode = get(item, '标题');
    let current = parent;
    if (titleNode && isScalar(titleNode)) {
      const r = rangeOf(titleNode)!;
      const title = String(titleNode.value ?? '').trim();
      const numbering = NUMBERING_RE.exec(title)?.[0];
      const sec: Section = {
        id: sections.length + 1,
        level: numbering ? numberingLevel(numbering) : depth + 2,
        numbering,
        title,
        titleSpan: { start: r[0], end: r[1] },
        span: { start: r[0], end: source.length },
        children: [],
        scope: 'all',
      };
      sections.push(sec);
      current = sec;
    }
    const body = get(item, '正文');
    if (body && isScalar(body)) {
      const mt = scalarText(source, body);
      // one paragraph per line
      let start = 0;
      const t = mt.text;
      for (let i = 0; i <= t.length; i++) {
        if (i === t.length || t[i] === '\n') {
          const seg = t.slice(start, i);
          if (seg.trim()) {
            const lead = seg.length - seg.trimStart().length;
            const a = start + lead,
              b = start + seg.trimEnd().length;
            const parts = [];
            for (let k = a; k < b; k++) parts.push({ text: t[k], offset: mt.map[k] });
            const text = MappedText.build(parts, true);
            blocks.push({
              kind: 'paragraph',
              text,
              span: mt.span(a, b),
              section: current,
              numbering: NUMBERING_RE.exec(text.text)?.[0],
            });
          }
          start = i + 1;
        }
      }
    }
    const children = get(item, '章节');
    if (children && isSeq(children))
      readSections(source, children.items as Node[], depth + 1, current, sections, blocks);
  }
}

const SIDES: Array<[string, string]> = [
  ['收入', '支出'],
  ['人员经费', '公用经费'],
];

function readTableNode(
  source: string,
  node: Node,
  root: Section,
  sections: Section[],
  blocks: Block[],
  problems: ParseProblem[],
): void {
  if (isAlias(node) || !isMap(node)) return;
  const r = rangeOf(node)!;
  const nameNode = get(node, '名称');
  const caption = nameNode && isScalar(nameNode) ? String(nameNode.value ?? '') : undefined;
  if (!caption) {
    problems.push({
      message: { 'zh-CN': '表缺少「名称」', en: 'a table has no 名称' },
      span: { start: r[0], end: r[0] + 1 },
    });
    return;
  }
  const unitNode = get(node, '单位');
  const unit =
    unitNode && isScalar(unitNode) && (unitNode.value === '元' || unitNode.value === '万元')
      ? (unitNode.value as '万元' | '元')
      : undefined;
  const section = sections[sections.length - 1] ?? root;
  const rowsOf = (key: string): YAMLMap[] => {
    const n = get(node, key);
    return n && isSeq(n) ? (n.items as Node[]).filter((x): x is YAMLMap => isMap(x)) : [];
  };
  const keysOf = (rows: YAMLMap[]) => {
    const keys: string[] = [];
    for (const row of rows)
      for (const it of row.items as Pair[])
        if (isScalar(it.key) && !keys.includes(String(it.key.value))) keys.push(String(it.key.value));
    return keys;
  };
  const headerCell = (k: string): Cell => ({
    text: MappedText.build([{ text: k, offset: r[0] }], true),
    span: { start: r[0], end: r[0] },
  });
  const rowCells = (row: YAMLMap | undefined, keys: string[]) =>
    keys.map((k) => cellOf(source, row ? get(row, k) : undefined, rangeOf(row)?.[1] ?? r[0]));
  let header: Cell[];
  let rows: Cell[][] = [];
  const pair = SIDES.find(([a, b]) => get(node, a) || get(node, b));
  if (pair) {
    const left = rowsOf(pair[0]);
    const right = rowsOf(pair[1]);
    const lk = keysOf(left),
      rk = keysOf(right);
    // the label column of each side is named after its side, as the Markdown layout does
    const rename = (keys: string[], side: string) => keys.map((k) => (k === '项目' ? `${side}项目` : k));
    header = [...rename(lk, pair[0]), ...rename(rk, pair[1])].map(headerCell);
    for (let i = 0; i < Math.max(left.length, right.length); i++)
      rows.push([...rowCells(left[i], lk), ...rowCells(right[i], rk)]);
  } else {
    const list = rowsOf('行');
    const keys = keysOf(list);
    header = keys.map(headerCell);
    rows = list.map((row) => rowCells(row, keys));
  }
  blocks.push({ kind: 'table', header, rows, section, caption, unit, span: { start: r[0], end: r[1] } });
}

// ---------------------------------------------------------------------------------------
// 绩效自评表 (docs/format.md): a list of tables, each with its 资金 rows, 指标 rows and 总分,
// turned into the rows of a printed table and read by the same code (perf-table.ts).

const PERF_KEY = '绩效自评表';

/** Columns of the funding block: [header the table reader knows, keys accepted]. */
const PERF_FUND: Array<[string, string[]]> = [
  ['资金来源', ['资金来源']],
  ['年初预算数', ['年初预算数']],
  ['全年预算数', ['全年预算数']],
  ['全年执行数', ['全年执行数']],
  ['分值', ['分值', '权重']],
  ['执行率', ['执行率']],
  ['得分', ['得分']],
];
/** Columns of the indicator rows. 偏差原因 is always a column: a deduction needs its reason. */
const PERF_IND: Array<[string, string[]]> = [
  ['一级指标', ['一级指标']],
  ['二级指标', ['二级指标']],
  ['三级指标', ['三级指标']],
  ['分值', ['分值', '权重']],
  ['目标值', ['目标值']],
  ['实际值', ['实际值']],
  ['完成率', ['完成率']],
  ['得分', ['得分']],
  ['偏差原因', ['偏差原因']],
  ['赋分规则', ['赋分规则']],
];
/** Indicator keys that are kept in the file but not checked. */
const PERF_IND_OTHER = ['指标值设定依据', '上年完成情况', '佐证资料'];
const PERF_TABLE_KEYS = [
  '名称',
  '项目名称',
  '单位名称',
  '主管部门',
  '实施单位',
  '年度总体目标',
  '资金',
  '指标',
  '总分',
  '自评等级',
];

/** The keys of the YAML form (schemas/report.schema.json lists the same). */
export const PERF_YAML_KEYS = {
  table: PERF_TABLE_KEYS,
  funding: PERF_FUND.flatMap(([, ks]) => ks),
  indicator: [...PERF_IND.flatMap(([, ks]) => ks), ...PERF_IND_OTHER],
};

function problemAt(problems: ParseProblem[], node: unknown, fallback: number, zh: string, en: string): void {
  const r = rangeOf(node);
  problems.push({
    message: { 'zh-CN': zh, en },
    span: r ? { start: r[0], end: Math.max(r[1], r[0] + 1) } : { start: fallback, end: fallback + 1 },
  });
}

/** A cell holding a scalar's text exactly as written (100.00 keeps its decimals), at its range. */
function perfCell(
  source: string,
  node: Node | null | undefined,
  fallback: number,
  problems: ParseProblem[],
  what: string,
): PCell {
  if (node && isScalar(node)) {
    const c = cellOf(source, node, fallback);
    const raw = c.text.text;
    // a multi-line scalar: its value (the line breaks folded), still at its range
    const text = raw.includes('\n') ? String(node.value ?? '').trim() : raw;
    return { text, span: c.span };
  }
  if (node && node.range)
    problemAt(problems, node, fallback, `「${what}」应为单个值`, `「${what}」 must be a single value`);
  return { text: '', span: { start: fallback, end: fallback } };
}

function readPerfTables(source: string, node: Node, problems: ParseProblem[]): PerfTable[] {
  if (!isSeq(node)) {
    problemAt(problems, node, 0, `「${PERF_KEY}」应为表的列表`, `「${PERF_KEY}」 must be a list of tables`);
    return [];
  }
  const out: PerfTable[] = [];
  for (const t of node.items as Node[]) {
    if (isAlias(t) || !isMap(t)) {
      problemAt(
        problems,
        t,
        0,
        '绩效自评表应为键值映射（名称、资金、指标、总分……）',
        'a self-evaluation table is a mapping (名称, 资金, 指标, 总分 …)',
      );
      continue;
    }
    const table = readPerfTable(source, t, problems);
    if (table) out.push(table);
  }
  return out;
}

function readPerfTable(source: string, node: YAMLMap, problems: ParseProblem[]): PerfTable | undefined {
  const r = rangeOf(node)!;
  const span: Span = { start: r[0], end: r[1] };
  for (const it of node.items as Pair[]) {
    const k = isScalar(it.key) ? String(it.key.value) : '';
    if (!PERF_TABLE_KEYS.includes(k))
      problemAt(
        problems,
        it.key,
        r[0],
        `绩效自评表中未知的键「${k}」（可用：${PERF_TABLE_KEYS.join('、')}）`,
        `unknown key 「${k}」 in a self-evaluation table (known: ${PERF_TABLE_KEYS.join(', ')})`,
      );
  }
  const nameNode = get(node, '名称');
  if (!nameNode || !isScalar(nameNode) || !String(nameNode.value ?? '').trim()) {
    problemAt(
      problems,
      nameNode ?? node,
      r[0],
      '绩效自评表缺少「名称」（如：项目支出绩效自评表(2024年度)）',
      'a self-evaluation table has no 名称 (e.g. 项目支出绩效自评表(2024年度))',
    );
    return undefined;
  }
  const title = perfCell(source, nameNode, r[0], problems, '名称');
  const t: PerfYamlTable = { source, node, problems, start: r[0], rowSpans: new Map() };
  const rows = [...perfRows(t, '资金', PERF_FUND, []), ...perfRows(t, '指标', PERF_IND, PERF_IND_OTHER)];
  const table = buildPerfTable(title, rows, span);
  if (!table) return undefined;
  keepStated(table, t.rowSpans);
  perfNames(t, table);
  const total = get(node, '总分');
  if (total) table.total = perfTotal(t, total);
  table.hasReasonColumn = true;
  return table;
}

/** A table of the YAML form being read: its text, its node, where its problems go. */
interface PerfYamlTable {
  source: string;
  node: YAMLMap;
  problems: ParseProblem[];
  start: number;
  /** The source range of each cell's row. */
  rowSpans: Map<PCell, Span>;
}

/** The cell of a key of the table (its label), at the key. */
function perfKeyCell(t: PerfYamlTable, key: string): PCell {
  for (const it of t.node.items as Pair[]) {
    if (isScalar(it.key) && String(it.key.value) === key) {
      const kr = rangeOf(it.key)!;
      return { text: key, span: { start: kr[0], end: kr[1] } };
    }
  }
  return { text: key, span: { start: t.start, end: t.start } };
}

/** The rows of a list (资金, 指标) as the rows of a printed table, its header first. */
function perfRows(t: PerfYamlTable, key: string, cols: Array<[string, string[]]>, other: string[]): Row[] {
  const { source, problems } = t;
  const list = get(t.node, key);
  if (!list) return [];
  if (!isSeq(list)) {
    problemAt(problems, list, t.start, `「${key}」应为行的列表`, `「${key}」 must be a list of rows`);
    return [];
  }
  const at = perfKeyCell(t, key).span;
  const rows: Row[] = [cols.map(([h]) => ({ text: h, span: at }))];
  const known = new Set([...cols.flatMap(([, ks]) => ks), ...other]);
  for (const item of list.items as Node[]) {
    if (isAlias(item) || !isMap(item)) {
      problemAt(problems, item, at.start, `「${key}」的每一行应为键值映射`, `each row of 「${key}」 must be a mapping`);
      continue;
    }
    const ir = rangeOf(item)!;
    for (const it of item.items as Pair[]) {
      const k = isScalar(it.key) ? String(it.key.value) : '';
      if (!known.has(k))
        problemAt(
          problems,
          it.key,
          ir[0],
          `「${key}」中未知的列「${k}」（可用：${cols.map(([h]) => h).join('、')}）`,
          `unknown column 「${k}」 in 「${key}」 (known: ${cols.map(([h]) => h).join(', ')})`,
        );
    }
    // an omitted cell is empty, at the end of its row (an omitted indicator level is the one above)
    const row: Row = cols.map(([h, ks]) => {
      const k = ks.find((x) => get(item, x) !== undefined);
      return perfCell(source, k ? get(item, k) : undefined, ir[1], problems, h);
    });
    for (const c of row) t.rowSpans.set(c, { start: ir[0], end: ir[1] });
    rows.push(row);
  }
  return rows;
}

/** An omitted cell is not stated (as a table without that column); the levels above are kept. */
function keepStated(table: PerfTable, rowSpans: Map<PCell, Span>): void {
  const stated = (c: PCell | undefined) => (c && c.text.trim() ? c : undefined);
  for (const ind of table.indicators) {
    const c = [ind.weight, ind.score, ind.level3].find((x) => x && rowSpans.has(x));
    if (c) ind.span = rowSpans.get(c)!;
    for (const k of ['weight', 'target', 'actual', 'completion', 'score', 'reason', 'rule'] as const)
      ind[k] = stated(ind[k]);
  }
  for (const f of table.funding) {
    for (const k of ['start', 'year', 'executed', 'weight', 'rate', 'score'] as const) f[k] = stated(f[k]);
  }
}

/** 项目名称 / 单位名称 (and so the kind of table) and the 自评等级. */
function perfNames(t: PerfYamlTable, table: PerfTable): void {
  const { source, node, problems, start } = t;
  const unitName = get(node, '单位名称');
  const projectName = get(node, '项目名称');
  if (projectName) {
    table.kind = 'project';
    table.name = perfCell(source, projectName, start, problems, '项目名称');
  } else if (unitName) {
    table.kind = 'unit';
    table.name = perfCell(source, unitName, start, problems, '单位名称');
  }
  const grade = get(node, '自评等级');
  if (grade) table.grade = perfCell(source, grade, start, problems, '自评等级');
}

/** 总分: a mapping of 分值 and 得分, or the score alone. */
function perfTotal(t: PerfYamlTable, total: Node): NonNullable<PerfTable['total']> {
  const { source, problems, start } = t;
  const label = perfKeyCell(t, '总分');
  if (!isMap(total)) return { label, score: perfCell(source, total, start, problems, '总分') };
  for (const it of total.items as Pair[]) {
    const k = isScalar(it.key) ? String(it.key.value) : '';
    if (!['分值', '权重', '得分'].includes(k))
      problemAt(
        problems,
        it.key,
        start,
        `「总分」中未知的键「${k}」（可用：分值、得分）`,
        `unknown key 「${k}」 in 「总分」 (known: 分值, 得分)`,
      );
  }
  const w = get(total, '分值') ?? get(total, '权重');
  const sc = get(total, '得分');
  const end = rangeOf(total)![1];
  return {
    label,
    weight: w ? perfCell(source, w, end, problems, '分值') : undefined,
    score: sc ? perfCell(source, sc, end, problems, '得分') : undefined,
  };
}
