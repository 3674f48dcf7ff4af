/**
 * A report's identity for checks across documents: its unit (单位), year (年度), stage (预算 or
 * 决算) and level (部门 or 单位), from the front matter or the title; and, for a department, the
 * units it lists with reports of their own. Nothing is taken from the file name.
 */
import { crossKnowledge, type CrossKnowledge, type Stage } from '../knowledge/cross';
import { normLabel } from '../knowledge';
import { detached, trimEndOf } from '../util/text';
import type { ReportDoc } from '../read/model';

export type Level = '部门' | '单位';

export interface DocIdentity {
  unit?: string;
  year?: number;
  stage?: Stage;
  level?: Level;
  /**
   * For a department: the units of its list that publish reports of their own (normalised
   * names; its own unit, 本部, is the department's name). Undefined when no list was read.
   */
  units?: string[];
}

export function identityOf(doc: Pick<ReportDoc, 'meta' | 'source'>, k: CrossKnowledge = crossKnowledge): DocIdentity {
  const m = doc.meta;
  const kind = m.kind;
  const id: DocIdentity = {
    year: m.year,
    stage: kind ? (kind.endsWith('预算') ? '预算' : '决算') : undefined,
    level: kind ? (kind.startsWith('部门') ? '部门' : '单位') : undefined,
  };
  const fromFront = m.source === 'front-matter' && m.unit ? m.unit : undefined;
  const unit = fromFront ?? labelledUnit(doc.source, k) ?? m.unit;
  // names of their own: a name cut from the text would keep the whole text with the identity
  // (a batch keeps every report's first look to the end)
  id.unit = unit ? detached(unitName(unit)) : undefined;
  if (id.level === '部门' && id.unit) id.units = unitList(doc.source, id.unit, k)?.map(detached);
  return id;
}

/** A unit's name, normalised for comparison (no spaces, full-width brackets). */
export function unitName(s: string): string {
  return trimEndOf(normLabel(s), '：:，,。；;');
}

/** 「预算主管部门：上海市普陀区人民政府万里街道办事处」 near the start of the text. */
function labelledUnit(source: string, k: CrossKnowledge): string | undefined {
  const head = source.slice(0, k.identity.within);
  for (const label of k.identity.unitLabels) {
    const re = new RegExp(`${label}\\s*[：:]\\s*([^\\s|，,。；;]{2,60})`);
    const m = re.exec(head);
    if (m) return m[1];
  }
  return undefined;
}

/**
 * The department's units with reports of their own: 「无下属预算单位」 gives the department alone;
 * the numbered list after 「具体包括」 gives its items, less those merged into 本部 (不单列预算).
 */
function unitList(source: string, dept: string, k: CrossKnowledge): string[] | undefined {
  const flat = normLabel(source);
  if (k.units.none.some((w) => flat.includes(w))) return [dept];
  const lines = source.split(/\r?\n/);
  const at = lines.findIndex((l) => k.units.listIntro.some((w) => l.includes(w)));
  if (at < 0) return undefined;
  const items: string[] = [];
  for (let i = at + 1; i < lines.length && items.length < 500; i++) {
    const line = lines[i].replace(/^[\s>*-]+/, '').trim();
    if (!line) continue;
    const m = /^(\d{1,3})\s*[.．、]\s*(.+)$/.exec(line);
    if (!m) {
      // a wrapped item goes on until its 。
      if (items.length && !items[items.length - 1].endsWith('。')) items[items.length - 1] += line;
      else break;
      continue;
    }
    items.push(m[2]);
  }
  if (!items.length) return undefined;
  const out: string[] = [];
  for (const raw of items) {
    const item = unitName(raw);
    if (k.units.merged.some((w) => item.includes(w))) continue;
    const own = k.units.own.some((w) => item.includes(w));
    let name = item;
    for (const w of k.units.own) name = name.split(w).join('');
    out.push(own ? name || dept : name);
  }
  return out;
}
