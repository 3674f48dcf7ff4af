/**
 * Links between tables: a line of the 基本支出决算表 that is part of a “三公” figure may not
 * exceed that figure (it covers basic and project expenditure alike). The table-link rule reports
 * the links that fail; the relations view lists them all.
 */
import type { Extraction, Fact } from '../facts/extract';
import type { TableModel, TableRow } from '../facts/tables';
import type { FactIndex } from './network';

export interface TableLink {
  table: TableModel;
  code: string;
  row: TableRow;
  /** The table's line (its main column: 决算数, 预算数) and the figure it is part of. */
  line: Fact;
  total: Fact;
  holds: boolean;
}

export function tableLinks(ex: Extraction, index: FactIndex): TableLink[] {
  const out: TableLink[] = [];
  for (const table of ex.tables) {
    for (const link of table.def.links ?? []) {
      const row = table.rows.find((r) => r.code === link.code);
      const line = row?.cells.get(table.def.columns?.find((c) => c.main)?.key ?? '决算数');
      const total = index.first(link.concept, '本年');
      if (!row || !line || !total || line.blank) continue;
      const a = line.written.interval.scale(line.factor);
      const b = total.written.interval.scale(total.factor);
      out.push({ table, code: link.code, row, line, total, holds: a.lo.lte(b.hi) });
    }
  }
  return out;
}
