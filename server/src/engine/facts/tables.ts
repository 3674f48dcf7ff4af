/**
 * The tables (the nine of a 决算, the budget tables of a 预算): recognise a table block (by its
 * name, then its header row), its columns
 * (by header label and aliases) and its rows (by 功能分类/经济分类 code or by label), and turn
 * every amount cell into a fact under the same concepts as the prose figures. Table layouts
 * are data (server/data/tables.yaml).
 */
import { Interval, Written, ZERO, parseWritten, unitFactor } from '../util/decimal';
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

/** The exact zero of a blank cell. */
const BLANK = Interval.exact(0);

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
  /** The total row of a side of a two-sided table (收入总计 / 支出总计). */
  total?: boolean;
  /** The row's index among the block's rows (a row the table does not read leaves a gap). */
  at: number;
  /** The rows read side by side (a 经济分类 table's column groups): each lane is a column of rows of its own. */
  lane?: number;
}

export interface TableModel {
  def: TableDef;
  block: TableBlock;
  rows: TableRow[];
  /** Facts of this table, in reading order. */
  facts: Fact[];
  unit: '万元' | '元';
  /** How it was recognised: by its caption, or (no caption naming a table) by its header row. */
  by: 'caption' | 'header';
  /**
   * Some row's figures spilled out of their cells (a misaligned extraction): that row's blanks are
   * not zeros, and the sums across rows (合计 = Σ 类, a side's total) are not checked.
   */
  spilled?: boolean;
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

/**
 * An amount (1,234 or 12.34) inside a cell's text. Its whole part is bounded: `\d+\.` tried at every
 * digit of a long run of digits was quadratic (no amount has 30 digits).
 */
const AMOUNT_IN_CELL = /\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,30}\.\d+/;

/**
 * A row whose figures spilled out of their cells (two amounts in one cell, an amount run into a
 * label: a misaligned extraction): its blank cells are not known to be blank, so not zeros.
 */
function spilledRow(r: Cell[]): boolean {
  return r.some((c) => {
    const t = c.text.text.trim();
    const m = AMOUNT_IN_CELL.exec(t);
    return !!m && m[0].length !== t.replace(/^[（(]?-?|[）)]$/g, '').length;
  });
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
  /** false in a row that spilled: its blank cells are not known to be blank */
  blankIsZero = true,
): Fact | undefined {
  if (!c) return undefined;
  const raw = c.text.text.replace(/\s+/g, '');
  let w: Written | undefined;
  let span: Span;
  let blank = false;
  if (raw === '' || tk.blank.has(raw)) {
    if (!blankIsZero) return undefined;
    // a blank cell's zero (decimals and intervals are immutable: one for every blank cell)
    w = { value: ZERO, decimals: 2, interval: BLANK, grouped: false };
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
  const factor = unitFactor(units.amount[unit]);
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
  const named = tk.defOf(block.caption);
  // a block the reader named by its own caption is not guessed from its header
  const def = named ?? (block.named ? undefined : tk.defOfHeader(block.header.map((c) => normLabel(c.text.text))));
  if (!def) return undefined;
  const unit = block.unit ?? defaultUnit;
  const model: TableModel = { def, block, rows: [], facts: [], unit, by: named ? 'caption' : 'header', sums: [] };
  if (def.layout === 'coded') readCoded(model, tk);
  else if (def.layout === 'two-sided') readTwoSided(model, tk);
  else if (def.layout === 'economic') readEconomic(model, tk);
  else readMatrix(model, tk);
  // a table that only its header row names, whose header does not name its fund, and that states
  // nothing (every cell blank, as an empty 政府性基金 table is) is not taken for that table: its
  // blanks are no zeros of another table's concepts
  const fundNamed = knowledge.scopeOfTitle(block.header.map(cellText).join(' ')) === def.scope;
  if (!named && !fundNamed && model.facts.every((f) => f.blank)) return undefined;
  tablePrecision(model);
  return model;
}

/**
 * A table's amounts are written to one precision, trailing zeros dropped by the spreadsheet that
 * printed them (「25」「21.56」「0」 in one 万元 table): a cell is as precise as the table's most
 * precise amount, so 「0」 there is 0.00, not anything below 0.5.
 */
function tablePrecision(m: TableModel): void {
  const decimals = Math.max(0, ...m.facts.filter((f) => !f.blank).map((f) => f.written.decimals));
  for (const f of m.facts) {
    if (f.blank || f.written.decimals >= decimals) continue;
    f.written = { ...f.written, decimals, interval: Interval.ofWritten(f.written.value, decimals) };
  }
}

function keyOf(def: TableDef, scope: string, base: string, col: ColumnDef): string {
  const s = col.scope ?? scope;
  const renamed = def.rename?.[s]?.[base] ?? base;
  return formatConcept({ scope: s, path: renamed });
}

/** A row code as the table's classification reads it: [code, level], or undefined. */
function rowCode(raw: string, economic: boolean): [string, number] | undefined {
  if (!economic) return /^\d{3,7}$/.test(raw) ? [raw, levelOf(raw)] : undefined;
  if (/^\d{3}$/.test(raw)) return [raw, 1];
  if (/^\d{5}$/.test(raw)) return [raw, 2];
  // 类 and 款 printed in two cells, the 款 without its leading zero (「301」「2」): 30102
  if (/^3\d{3}$/.test(raw)) return [`${raw.slice(0, 3)}0${raw[3]}`, 2];
  return undefined;
}

/** The concept of a coded row's cell. */
function codedConcept(m: TableModel, c: ColumnDef, row: TableRow, names: Map<string, string>): string {
  const { def } = m;
  const scope = c.scope ?? def.scope;
  const column = c.main ? undefined : c.key;
  const code = row.code ?? '';
  if (row.level === 0) return keyOf(def, def.scope, c.key, c);
  if (def.codes === 'economic') {
    const path = row.level === 1 ? [code] : [code.slice(0, 3), code];
    return formatConcept({ scope, kind: row.level === 1 ? '经济类' : '经济款', path, column });
  }
  const rowKind = `${def.rowKind ?? ''}${['', '类', '款', '项'][row.level]}`;
  // the row's names from its class down: 类 [name], 款 [class, name], 项 [class, 款, name]
  const path = [code.slice(0, 3), code.slice(0, 5)].slice(0, row.level - 1).map((x) => names.get(x) ?? '');
  path.push(row.name);
  return formatConcept({ scope, kind: rowKind, path, column });
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
  for (const [at, r] of block.rows.entries()) {
    const rawCode = codeCol >= 0 ? cellText(r[codeCol]).replace(/\s+/g, '') : '';
    const name = cellText(r[nameCol]).replace(/\s+/g, '');
    if (!name && !rawCode) continue;
    const isTotal = !rawCode && tk.totalRow.test(name);
    const coded = isTotal ? undefined : rowCode(rawCode, def.codes === 'economic');
    if (!isTotal && !coded) continue;
    const [code, level] = coded ?? ['', 0];
    if (code) names.set(code, name);
    const row: TableRow = {
      code: code || undefined,
      name,
      nameSpan: r[nameCol]?.span ?? block.span,
      level,
      role: '本年',
      cells: new Map(),
      at,
    };
    if (level >= 2) row.parent = byCode.get(code.slice(0, level === 2 ? 3 : 5));
    if (code) byCode.set(code, row);
    const zero = !spilledRow(r);
    if (!zero) m.spilled = true;
    for (const [i, c] of cols) {
      const concept = codedConcept(m, c, row, names);
      const f = cellFact(r[i], tk, m.unit, block.section, concept, `${name}·${c.key}`, '本年', zero);
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
  if (m.spilled) return;
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
      // a child whose cell is not a figure: the sum is not known
      if (!pf || !parts.length || parts.length < children.length) continue;
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

interface Side {
  side: '收入' | '支出';
  labelCol: number;
  cols: Map<number, ColumnDef>;
  sd: SideDef;
}

/** The two sides of a two-sided table: each label column and the value columns after it. */
function sidesOf(m: TableModel, tk: TableKnowledge): Side[] {
  const { def, block } = m;
  const header = block.header.map(cellText);
  // the expense side starts at the second label column
  const labelCols = header
    .map((h, i) =>
      tk.sideColumn.test(normLabel(h)) && !findColumn(h, [...def.income!.columns, ...def.expense!.columns]) ? i : -1,
    )
    .filter((i) => i >= 0);
  if (labelCols.length < 2) return [];
  return labelCols.slice(0, 2).map((lc, k) => {
    const sd = k === 0 ? def.income! : def.expense!;
    const end = k === 0 ? labelCols[1] : header.length;
    const cols = new Map<number, ColumnDef>();
    for (let i = lc + 1; i < end; i++) {
      const c = findColumn(header[i], sd.columns);
      if (c) cols.set(i, c);
    }
    return { side: k === 0 ? '收入' : '支出', labelCol: lc, cols, sd };
  });
}

/** The concept base a label of a side names (undefined: not a row the table reads). */
function sideBase(
  def: TableDef,
  tk: TableKnowledge,
  side: Side['side'],
  raw: string,
  state: { group?: string },
): string | undefined {
  // a label with an amount run into it is a misaligned cell, not a row's label
  if (AMOUNT_IN_CELL.test(raw)) return undefined;
  const n = normLabel(stripNo(raw));
  const isSub = CN_NUM_PREFIX.test(raw.trim());
  if (tk.totalRow.test(n)) {
    state.group = undefined;
    return def.totals?.[side];
  }
  if (state.group && isSub) return formatBase({ path: state.group, column: n });
  state.group = undefined;
  let base: string | undefined;
  const known = knowledge.exactLabel(n);
  if (side === '收入' && def.incomeRows?.[n]) base = def.incomeRows[n];
  else if (known) base = conceptBase(known);
  else if (side === '支出' && tk.expenseClass.test(n)) base = formatBase({ kind: '类', path: [n] });
  const balance = tk.balanceRow.exec(n);
  if (balance) {
    base = tk.balanceOf(balance[1]);
    state.group = base;
  }
  return base;
}

function readTwoSided(m: TableModel, tk: TableKnowledge): void {
  const { def, block } = m;
  for (const s of sidesOf(m, tk)) {
    const state: { group?: string } = {}; // 年初/年末 结转和结余 sub-items
    const first = m.rows.length;
    for (const [at, r] of block.rows.entries()) {
      if (spilledRow(r)) m.spilled = true;
      const raw = cellText(r[s.labelCol]);
      const label = stripNo(raw);
      if (!label) continue;
      const base = sideBase(def, tk, s.side, raw, state);
      if (!base) continue;
      const total = base === def.totals?.[s.side];
      const row: TableRow = {
        name: label,
        nameSpan: r[s.labelCol]?.span ?? block.span,
        level: parseBase(def.scope, base).kind === '类' ? 1 : 0,
        side: s.side,
        role: '本年',
        cells: new Map(),
        total: total || undefined,
        at,
      };
      const zero = !spilledRow(r);
      for (const [i, c] of s.cols) {
        // a column other than the row's own amount: the total row's cell is the column's concept
        const concept = c.main
          ? keyOf(def, def.scope, base, c)
          : total
            ? keyOf(def, def.scope, c.key, c)
            : formatConcept({ scope: c.scope ?? def.scope, path: base, column: c.key });
        const f = cellFact(r[i], tk, m.unit, block.section, concept, `${label}·${c.key}`, '本年', zero);
        if (!f) continue;
        row.cells.set(c.key, f);
        m.facts.push(f);
      }
      m.rows.push(row);
    }
    rowSums(m, s.sd.rowSums, s.side);
    sideTotals(m, s, m.rows.slice(first));
  }
}

/** A side's total = Σ its functional classes (classTotal), = Σ its listed sources (sideSums). */
function sideTotals(m: TableModel, s: Side, rows: TableRow[]): void {
  const { def } = m;
  const totalRow = rows.find((r) => r.total);
  if (!totalRow || m.spilled) return;
  const name = def.totals![s.side];
  if (def.classTotal === s.side) {
    const classes = rows.filter((r) => r.level === 1);
    for (const c of s.cols.values()) {
      const total = totalRow.cells.get(c.key);
      const parts = classes.map((r) => r.cells.get(c.key)).filter((f): f is Fact => !!f);
      if (total && parts.length) m.sums.push({ total, parts, title: `${def.name}：${name} = Σ 类（${c.key}）` });
    }
  }
  const sources = def.sideSums?.[s.side];
  const main = [...s.cols.values()].find((c) => c.main);
  if (sources && main) {
    const total = totalRow.cells.get(main.key);
    const keys = new Set(sources.map((x) => keyOf(def, def.scope, x, main)));
    const parts = rows
      .map((r) => r.cells.get(main.key))
      .filter((f): f is Fact => !!f && f !== total && keys.has(f.concept ?? ''));
    if (total && parts.length) m.sums.push({ total, parts, title: `${def.name}：${name} = ${sources.join(' + ')}` });
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
  for (const [lane, [ci, ni, vi]] of triplets.entries()) {
    for (const [at, r] of block.rows.entries()) {
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
        at,
        lane,
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
  // without a label column (the first header cell is a value column) every row is of def.role
  const rowless = !!def.role && !!findColumn(header[0] ?? '', def.columns!);
  const cols = new Map<number, ColumnDef>();
  header.forEach((h, i) => {
    if (i === 0 && !rowless) return;
    const c = findColumn(h, def.columns!);
    if (c && ![...cols.values()].includes(c)) cols.set(i, c);
  });
  for (const [at, r] of block.rows.entries()) {
    const label = rowless ? (def.rows ? Object.keys(def.rows)[0] : '') : normLabel(cellText(r[0]));
    const role = rowless ? def.role : def.rows?.[label];
    if (!role) continue;
    const nameSpan = (rowless ? undefined : r[0]?.span) ?? block.span;
    const row: TableRow = { name: label, nameSpan, level: 0, role, cells: new Map(), at };
    const zero = !spilledRow(r);
    for (const [i, c] of cols) {
      const concept = formatConcept({ scope: c.scope ?? def.scope, path: c.key });
      const f = cellFact(r[i], tk, m.unit, block.section, concept, `${label}·${c.key}`, role, zero);
      if (!f) continue;
      row.cells.set(c.key, f);
      m.facts.push(f);
    }
    m.rows.push(row);
  }
}
