/**
 * The tables' layouts (the nine of a 决算, the budget tables of a 预算; server/data/tables.yaml) and
 * header words (server/data/headers.yaml):
 * which table a caption or a header row names, and the words of its columns and rows.
 * `buildTables` builds them from other data (a test, a variant).
 */
import { DATA } from '../../generated/data';
import { normLabel, type Role } from './index';
import { alt } from './escape';

export interface ColumnDef {
  key: string;
  aliases: string[];
  main?: boolean;
  scope?: string;
}
export interface SideDef {
  label: string[];
  columns: ColumnDef[];
  rowSums?: RowSumDef[];
}
export interface RowSumDef {
  total: string;
  parts: string[];
}
export interface TableDef {
  id: string;
  name: string;
  aliases: string[];
  scope: string;
  layout: 'coded' | 'two-sided' | 'economic' | 'matrix';
  rowKind?: string;
  columns?: ColumnDef[];
  rowSums?: RowSumDef[];
  income?: SideDef;
  expense?: SideDef;
  totals?: Record<string, string>;
  incomeRows?: Record<string, string>;
  rename?: Record<string, Record<string, string>>;
  rows?: Record<string, Role>;
  /** coded layout: rows keyed by 经济分类 codes (301, 30101) instead of 功能分类 ones. */
  codes?: 'functional' | 'economic';
  /** matrix layout without a label column: the role of every body row. */
  role?: Role;
  /** two-sided layout: the side whose total is Σ its functional classes. */
  classTotal?: '收入' | '支出';
  /** two-sided layout: a side's total = Σ the rows of these concept bases. */
  sideSums?: Partial<Record<'收入' | '支出', string[]>>;
  links?: Array<{ code: string; concept: string }>;
}

export interface HeadersData {
  columns: { code: string[]; name: string[]; side: string[]; economicCode: string[]; economicName: string[] };
  rows: { total: string[]; expenseClass: string; balances: Record<string, string>; balanceWord: string };
  blank: string[];
  byHeader: Array<{ table: string | null; has?: string[]; twice?: string }>;
}

export class TableKnowledge {
  private readonly names: Array<{ alias: string; def: TableDef }>;
  readonly codeColumn: RegExp;
  readonly nameColumn: RegExp;
  readonly sideColumn: RegExp;
  readonly economicCode: RegExp;
  readonly economicName: RegExp;
  /** 合计 / 总计, the whole label. */
  readonly totalRow: RegExp;
  /** A label of the expense side read as a functional class (…支出). */
  readonly expenseClass: RegExp;
  /** 年初 / 年末 … 结转和结余 (the year end captured). */
  readonly balanceRow: RegExp;
  readonly blank: ReadonlySet<string>;

  constructor(
    readonly defs: TableDef[],
    readonly headers: HeadersData,
  ) {
    this.names = defs
      .flatMap((d) => d.aliases.map((a) => ({ alias: normLabel(a), def: d })))
      .sort((a, b) => b.alias.length - a.alias.length);
    const c = headers.columns;
    this.codeColumn = new RegExp(alt(c.code));
    this.nameColumn = new RegExp(alt(c.name));
    this.sideColumn = new RegExp(alt(c.side));
    this.economicCode = new RegExp(alt(c.economicCode));
    this.economicName = new RegExp(alt(c.economicName));
    const r = headers.rows;
    this.totalRow = new RegExp(`^(?:${alt(r.total)})$`);
    this.expenseClass = new RegExp(`${alt([r.expenseClass])}$`);
    this.balanceRow = new RegExp(`^(${alt(Object.keys(r.balances))}).*${alt([r.balanceWord])}$`);
    this.blank = new Set(headers.blank);
  }

  /** The table a caption names (its longest alias in it). */
  defOf(caption: string | undefined): TableDef | undefined {
    if (!caption) return undefined;
    const c = normLabel(caption);
    return this.names.find((n) => c.includes(n.alias))?.def;
  }

  /** The table a header row (normalised cells) tells, without a name. */
  defOfHeader(cells: string[]): TableDef | undefined {
    const has = (w: string) => cells.some((x) => x.includes(w));
    for (const rule of this.headers.byHeader) {
      const hit = rule.twice ? cells.filter((x) => x.includes(rule.twice!)).length === 2 : (rule.has ?? []).every(has);
      if (hit) return rule.table ? this.defs.find((d) => d.id === rule.table) : undefined;
    }
    return undefined;
  }

  /** The concept of a 年初/年末 balance row. */
  balanceOf(yearEnd: string): string {
    return this.headers.rows.balances[yearEnd];
  }
}

export function buildTables(
  defs: TableDef[] = (DATA.tables as TableDef[]) ?? [],
  headers: HeadersData = DATA.headers as HeadersData,
): TableKnowledge {
  return new TableKnowledge(defs, headers);
}

export const tableKnowledge = buildTables();
