/**
 * The nine tables: recognise a table block (by its name, then its header row), its columns
 * (by header label and aliases) and its rows (by 功能分类/经济分类 code or by label), and turn
 * every amount cell into a fact under the same concepts as the prose figures. Table layouts
 * are data (server/data/tables.yaml).
 */
import { D, Interval, Written, parseWritten } from '../util/decimal';
import type { Fact } from './extract';
import { nextFactId } from './ids';
import { conceptBase, formatBase, formatConcept, knowledge, parseBase, normLabel, type Role } from '../knowledge';
import { CELL_NUMBERING_RE } from '../knowledge/numbering';
import { units } from '../knowledge/grammar';
import {
  tableKnowledge,
  type ColumnDef,
  type RowSumDef,
  type SideDef,
  type TableDef,
  type TableKnowledge,
} from '../knowledge/tables';
import type { Cell, TableBlock } from '../read/model';
import type { Span } from '../types';

export type { TableDef } from '../knowledge/tables';

export interface TableRow {
  code?: string;
  name: string;
  nameSpan: Span;
  /** 0 合计, 1 类, 2 款, 3 项 (经济分类: 1 class, 2 item). */
  level: number;
  side?: '收入' | '支出';
  role: Role;
  /** column key -> fact (blank cells are exact zero facts). */
  cells: Map<string, Fact>;
  parent?: TableRow;
}

export interface TableModel {
  def: TableDef;
  block: TableBlock;
  rows: TableRow[];
  /** Facts of this table, in reading order. */
  facts: Fact[];
  unit: '万元' | '元';
  /** Pairs for the within-table identities: [total, parts, title]. */
  sums: Array<{ total: Fact; parts: Fact[]; title: string }>;
}

export function tableDefOf(caption: string | undefined, tk: TableKnowledge = tableKnowledge): TableDef | undefined {
  return tk.defOf(caption);
}

const NUM_RE = /^[（(]?-?[\d,]+(?:\.\d+)?[）)]?$/;
const CN_NUM_PREFIX = CELL_NUMBERING_RE;

function cellText(c: Cell | undefined): string {
  return c ? c.text.text.trim() : '';
}

/** A cell's number as a fact (or a zero fact for a blank cell), undefined for text. */
function cellFact(
  c: Cell | undefined,
  tk: TableKnowledge,
  unit: '万元' | '元',
  section: TableBlock['section'],
  concept: string | undefined,
  label: string,
  role: Role,
): Fact | undefined {
  if (!c) return undefined;
  const raw = c.text.text.replace(/\s+/g, '');
  let w: Written | undefined;
  let span: Span;
  let blank = false;
  if (raw === '' || tk.blank.has(raw)) {
    w = { value: new D(0), decimals: 2, interval: Interval.exact(0), grouped: false };
    blank = true;
    span = { start: c.span.start, end: c.span.start + (raw === '' ? 0 : c.span.end - c.span.start) };
  } else if (NUM_RE.test(raw)) {
    // the figure is read where it is written: digits split by a space ("8 6") are not one figure
    const m = /-?[\d,]+(?:\.\d+)?/.exec(c.text.text);
    if (!m || m[0].replace(/\D/g, '').length !== raw.replace(/\D/g, '').length) return undefined;
    w = parseWritten(m[0]);
    if (!w) return undefined;
    span = c.text.span(m.index, m.index + m[0].length);
  } else return undefined;
  const factor = new D(units.amount[unit]);
  const fact: Fact = {
    id: nextFactId(),
    kind: 'value',
    concept,
    label,
    role,
    written: w,
    unit,
    unitKind: 'amount',
    factor,
    span,
    fullSpan: span,
    section,
    sentence: -1,
    implicit: false,
    blank,
  } as Fact;
  return fact;
}

function findColumn(header: string, cols: ColumnDef[]): ColumnDef | undefined {
  const h = normLabel(header).replace(/[\d.、]/g, '');
  let best: ColumnDef | undefined;
  let bestLen = 0;
  for (const c of cols) {
    for (const a of c.aliases) {
      const n = normLabel(a);
      if ((h === n || h.endsWith(n)) && n.length > bestLen) {
        best = c;
        bestLen = n.length;
      }
    }
  }
  return best;
}

function levelOf(code: string): number {
  return code.length <= 3 ? 1 : code.length <= 5 ? 2 : 3;
}

function stripNo(s: string): string {
  return s.replace(CN_NUM_PREFIX, '').replace(/\s+/g, '');
}

/** Builds the model of a recognised table; undefined when the block is not one of the nine. */
export function readTable(
  block: TableBlock,
  defaultUnit: '万元' | '元',
  tk: TableKnowledge = tableKnowledge,
): TableModel | undefined {
  const def =
    tk.defOf(block.caption) ??
    (block.named ? undefined : tk.defOfHeader(block.header.map((c) => normLabel(c.text.text))));
  if (!def) return undefined;
  const unit = block.unit ?? defaultUnit;
  const model: TableModel = { def, block, rows: [], facts: [], unit, sums: [] };
  if (def.layout === 'coded') readCoded(model, tk);
  else if (def.layout === 'two-sided') readTwoSided(model, tk);
  else if (def.layout === 'economic') readEconomic(model, tk);
  else readMatrix(model, tk);
  return model;
}

function keyOf(def: TableDef, scope: string, base: string, col: ColumnDef): string {
  const s = col.scope ?? scope;
  const renamed = def.rename?.[s]?.[base] ?? base;
  return formatConcept({ scope: s, path: renamed });
}

function readCoded(m: TableModel, tk: TableKnowledge): void {
  const { def, block } = m;
  const header = block.header.map(cellText);
  const codeCol = header.findIndex((h) => tk.codeColumn.test(h));
  const nameCol = header.findIndex((h) => tk.nameColumn.test(h));
  if (nameCol < 0) return;
  const cols = new Map<number, ColumnDef>();
  header.forEach((h, i) => {
    if (i === codeCol || i === nameCol) return;
    const c = findColumn(h, def.columns!);
    if (c && ![...cols.values()].includes(c)) cols.set(i, c);
  });
  const names = new Map<string, string>();
  const byCode = new Map<string, TableRow>();
  for (const r of block.rows) {
    const code = codeCol >= 0 ? cellText(r[codeCol]).replace(/\s+/g, '') : '';
    const name = cellText(r[nameCol]).replace(/\s+/g, '');
    if (!name && !code) continue;
    const isTotal = !code && tk.totalRow.test(name);
    if (!isTotal && !/^\d{3,7}$/.test(code)) continue;
    const level = isTotal ? 0 : levelOf(code);
    if (code) names.set(code, name);
    const row: TableRow = {
      code: code || undefined,
      name,
      nameSpan: r[nameCol]?.span ?? block.span,
      level,
      role: '本年',
      cells: new Map(),
    };
    if (level >= 2) row.parent = byCode.get(code.slice(0, level === 2 ? 3 : 5));
    if (code) byCode.set(code, row);
    const rowKind = `${def.rowKind ?? ''}${['', '类', '款', '项'][level]}`;
    // the row's names from its class down: 类 [name], 款 [class, name], 项 [class, 款, name]
    const path = [code.slice(0, 3), code.slice(0, 5)].slice(0, level - 1).map((c) => names.get(c) ?? '');
    path.push(name);
    for (const [i, c] of cols) {
      const concept =
        level === 0
          ? keyOf(def, def.scope, c.key, c)
          : formatConcept({ scope: c.scope ?? def.scope, kind: rowKind, path, column: c.main ? undefined : c.key });
      const f = cellFact(r[i], tk, m.unit, block.section, concept, `${name}·${c.key}`, '本年');
      if (!f) continue;
      row.cells.set(c.key, f);
      m.facts.push(f);
    }
    m.rows.push(row);
  }
  hierarchySums(
    m,
    [...cols.values()].map((c) => c.key),
  );
  rowSums(m, def.rowSums);
}

function hierarchySums(m: TableModel, keys: string[]): void {
  const total = m.rows.find((r) => r.level === 0);
  for (const key of keys) {
    const groups = new Map<TableRow | undefined, TableRow[]>();
    for (const r of m.rows) {
      if (r.level === 0) continue;
      const parent = r.level === 1 ? total : r.parent;
      if (!parent) continue;
      const g = groups.get(parent);
      if (g) g.push(r);
      else groups.set(parent, [r]);
    }
    for (const [parent, children] of groups) {
      const pf = parent?.cells.get(key);
      const parts = children.map((c) => c.cells.get(key)).filter((f): f is Fact => !!f);
      if (!pf || !parts.length) continue;
      const title = parent!.level === 0 ? '合计 = Σ 类' : parent!.level === 1 ? '类 = Σ 款' : '款 = Σ 项';
      m.sums.push({ total: pf, parts, title: `${m.def.name}：${title}（${key}）` });
    }
  }
}

function rowSums(m: TableModel, defs: RowSumDef[] | undefined, side?: '收入' | '支出'): void {
  if (!defs) return;
  for (const r of m.rows) {
    if (side && r.side !== side) continue;
    for (const d of defs) {
      const total = r.cells.get(d.total);
      const parts = d.parts.map((p) => r.cells.get(p)).filter((f): f is Fact => !!f);
      if (!total || parts.length < 2) continue;
      m.sums.push({ total, parts, title: `${m.def.name}：${d.total} = ${d.parts.join(' + ')}` });
    }
  }
}

function readTwoSided(m: TableModel, tk: TableKnowledge): void {
  const { def, block } = m;
  const header = block.header.map(cellText);
  // the expense side starts at the second label column
  const labelCols = header
    .map((h, i) =>
      tk.sideColumn.test(normLabel(h)) && !findColumn(h, [...def.income!.columns, ...def.expense!.columns]) ? i : -1,
    )
    .filter((i) => i >= 0);
  if (labelCols.length < 2) return;
  const sides: Array<{ side: '收入' | '支出'; labelCol: number; cols: Map<number, ColumnDef>; sd: SideDef }> = [];
  labelCols.slice(0, 2).forEach((lc, k) => {
    const sd = k === 0 ? def.income! : def.expense!;
    const end = k === 0 ? labelCols[1] : header.length;
    const cols = new Map<number, ColumnDef>();
    for (let i = lc + 1; i < end; i++) {
      const c = findColumn(header[i], sd.columns);
      if (c) cols.set(i, c);
    }
    sides.push({ side: k === 0 ? '收入' : '支出', labelCol: lc, cols, sd });
  });
  for (const s of sides) {
    let group: string | undefined; // 年初/年末 结转和结余 sub-items
    for (const r of block.rows) {
      const raw = cellText(r[s.labelCol]);
      const label = stripNo(raw);
      if (!label) continue;
      const n = normLabel(label);
      let base: string | undefined;
      const isSub = CN_NUM_PREFIX.test(raw.trim());
      if (tk.totalRow.test(n)) {
        base = def.totals?.[s.side];
        group = undefined;
      } else if (group && isSub) base = formatBase({ path: group, column: n });
      else {
        group = undefined;
        const known = knowledge.exactLabel(n);
        if (s.side === '收入' && def.incomeRows?.[n]) base = def.incomeRows[n];
        else if (known) base = conceptBase(known);
        else if (s.side === '支出' && tk.expenseClass.test(n)) base = formatBase({ kind: '类', path: [n] });
        const balance = tk.balanceRow.exec(n);
        if (balance) {
          base = tk.balanceOf(balance[1]);
          group = base;
        }
      }
      if (!base) continue;
      const row: TableRow = {
        name: label,
        nameSpan: r[s.labelCol]?.span ?? block.span,
        level: parseBase(def.scope, base).kind === '类' ? 1 : 0,
        side: s.side,
        role: '本年',
        cells: new Map(),
      };
      for (const [i, c] of s.cols) {
        const concept = keyOf(def, def.scope, base, c);
        const f = cellFact(r[i], tk, m.unit, block.section, concept, `${label}·${c.key}`, '本年');
        if (!f) continue;
        row.cells.set(c.key, f);
        m.facts.push(f);
      }
      m.rows.push(row);
    }
    rowSums(m, s.sd.rowSums, s.side);
  }
}

function readEconomic(m: TableModel, tk: TableKnowledge): void {
  const { def, block } = m;
  const header = block.header.map(cellText);
  const triplets: Array<[number, number, number]> = [];
  for (let i = 0; i < header.length; i++) {
    if (
      tk.economicCode.test(header[i]) &&
      tk.economicName.test(header[i + 1] ?? '') &&
      findColumn(header[i + 2] ?? '', def.columns!)
    )
      triplets.push([i, i + 1, i + 2]);
  }
  if (!triplets.length) return;
  const byCode = new Map<string, TableRow>();
  for (const [ci, ni, vi] of triplets) {
    for (const r of block.rows) {
      const code = cellText(r[ci]).replace(/\s+/g, '');
      const name = cellText(r[ni]).replace(/\s+/g, '');
      let concept: string | undefined;
      let level = 0;
      if (/^\d{3}$/.test(code)) {
        concept = formatConcept({ scope: def.scope, kind: '经济类', path: [code] });
        level = 1;
      } else if (/^\d{5}$/.test(code)) {
        concept = formatConcept({ scope: def.scope, kind: '经济款', path: [code.slice(0, 3), code] });
        level = 2;
      } else if (!code && def.totals?.[normLabel(name)])
        concept = formatConcept({ scope: def.scope, path: def.totals[normLabel(name)] });
      if (!concept) continue;
      const f = cellFact(r[vi], tk, m.unit, block.section, concept, `${code} ${name}`.trim(), '本年');
      if (!f) continue;
      const row: TableRow = {
        code: code || undefined,
        name,
        nameSpan: r[ni]?.span ?? block.span,
        level,
        role: '本年',
        cells: new Map([['决算数', f]]),
      };
      if (level === 2) row.parent = byCode.get(code.slice(0, 3));
      if (code) byCode.set(code, row);
      m.rows.push(row);
      m.facts.push(f);
    }
  }
  // each class = Σ its items
  for (const r of m.rows.filter((x) => x.level === 1)) {
    const parts = m.rows.filter((x) => x.parent === r).map((x) => x.cells.get('决算数')!);
    if (parts.length) m.sums.push({ total: r.cells.get('决算数')!, parts, title: `${def.name}：${r.code} = Σ 其明细` });
  }
}

function readMatrix(m: TableModel, tk: TableKnowledge): void {
  const { def, block } = m;
  const header = block.header.map(cellText);
  const cols = new Map<number, ColumnDef>();
  header.forEach((h, i) => {
    if (i === 0) return;
    const c = findColumn(h, def.columns!);
    if (c && ![...cols.values()].includes(c)) cols.set(i, c);
  });
  for (const r of block.rows) {
    const label = normLabel(cellText(r[0]));
    const role = def.rows?.[label];
    if (!role) continue;
    const row: TableRow = { name: label, nameSpan: r[0]?.span ?? block.span, level: 0, role, cells: new Map() };
    for (const [i, c] of cols) {
      const concept = formatConcept({ scope: def.scope, path: c.key });
      const f = cellFact(r[i], tk, m.unit, block.section, concept, `${label}·${c.key}`, role);
      if (!f) continue;
      row.cells.set(c.key, f);
      m.facts.push(f);
    }
    m.rows.push(row);
  }
}
