/**
 * A report's figures placed for comparison with other reports: each amount with its concept, the
 * year it is about and its measure (budget, actual …), from the extraction (ctx.ex). A stated
 * change places a second figure, the base: 「财政拨款收入18,976.76万元，比2024年预算增加3,355.65万元」
 * says the 2024 budget was 15,621.11万元; 「…0.00万元，比2024年预算持平」 says it was the same.
 */
import { Interval } from '../util/decimal';
import type { ChangeRel, Extraction, Fact } from '../facts/extract';
import { factInterval } from '../facts/extract';
import { conceptKey, knowledge, normLabel } from '../knowledge';
import { crossKnowledge, type CrossKnowledge, type Measure, type Stage } from '../knowledge/cross';
import type { DocIdentity } from './identity';
import { pushAll } from '../util/array';

/** What a partner's figure keeps of its fact (cross/index.ts partnerEntry): its value, label and place. */
export type FigureFact = Pick<
  Fact,
  'kind' | 'concept' | 'label' | 'role' | 'written' | 'unit' | 'unitKind' | 'factor' | 'span'
>;

export interface CrossFigure<F extends FigureFact = Fact> {
  /** The concept key (scope.base). */
  key: string;
  /** The year the figure is about. */
  year: number;
  measure: Measure;
  /** The value in 万元 (amounts), with the rounding interval of the figures it comes from. */
  interval: Interval;
  /** The figure written: the value itself, or the current figure of a change. */
  fact: F;
  /** stated: the figure itself; change: current ∓ the change; flat: the same as the current figure. */
  via: 'stated' | 'change' | 'flat';
  /** The change figure (via change). */
  delta?: F;
  deltaDir?: 1 | -1;
  /** A table cell (not prose). */
  table: boolean;
  /** The coded row of a table cell (its 功能分类 or 经济分类 code and name), for the hover. */
  item?: { code: string; name: string };
}

/** Where a figure stands for comparison: concept, year, measure. */
export function placeKey(f: Pick<CrossFigure, 'key' | 'year' | 'measure'>): string {
  return `${f.key}|${f.year}|${f.measure}`;
}

export function crossFigures(ex: Extraction, id: DocIdentity, k: CrossKnowledge = crossKnowledge): CrossFigure[] {
  const { year, stage } = id;
  if (!year || !stage) return [];
  const out: CrossFigure[] = [];
  const keyed = new Map<Fact, string>();
  const items = codedRows(ex);
  for (const f of ex.facts) {
    const key = figureKey(f, year, k);
    if (!key) continue;
    keyed.set(f, key);
    const place = k.placeOf(stage, f.role);
    if (!place) continue;
    out.push({
      key,
      year: year + place.period,
      measure: place.measure,
      interval: factInterval(f),
      fact: f,
      via: 'stated',
      table: !f.paragraph,
      item: items.get(f),
    });
  }
  for (const c of ex.changes) {
    const f = changeFigure(c, keyed, year, stage, k);
    if (f) out.push(f);
  }
  pushAll(out, flatFigures(ex, keyed, year, stage, k));
  return out;
}

/** The cells of the coded rows of the report's tables, by fact: the row's code and name. */
function codedRows(ex: Extraction): Map<Fact, { code: string; name: string }> {
  const out = new Map<Fact, { code: string; name: string }>();
  for (const table of ex.tables) {
    if (table.def.layout !== 'coded') continue;
    for (const row of table.rows) {
      if (!row.code) continue;
      const item = { code: row.code, name: row.name };
      for (const f of row.cells.values()) out.set(f, item);
    }
  }
  return out;
}

/** The concept of an amount: the extraction's, else the label read with the cross labels. */
function figureKey(f: Fact, year: number, k: CrossKnowledge): string | undefined {
  // a blank cell is read as zero, but nothing is written there to compare
  if (f.kind !== 'value' || f.unitKind !== 'amount' || f.blank) return undefined;
  if (f.concept) return f.concept;
  if (!f.paragraph || !f.label) return undefined;
  const label = normLabel(f.label);
  // a label naming another year (「2023年当年预算执行数」) is not about the report's year
  const years = label.match(/\d{4}(?=年)/g);
  if (years && years.some((y) => Number(y) !== year)) return undefined;
  const own = knowledge.labelSuffix(label);
  const concept = k.labelSuffix(label) ?? own?.concept;
  return concept ? conceptKey(concept, f.section.scope) : undefined;
}

/** The base of a stated change, from the words between the figure and its change. */
function baseOf(
  between: string,
  year: number,
  stage: Stage,
  k: CrossKnowledge,
): { year: number; measure: Measure } | undefined {
  const m = k.baseRe.exec(normLabel(between));
  if (!m) return undefined;
  const y = m[1] ? year - 1 : Number(m[2]);
  if (y !== year - 1) return undefined;
  const measure = m[3] ? k.changes.measures[m[3]] : k.changes.byStage[stage];
  return measure ? { year: y, measure } : undefined;
}

function changeFigure(
  c: ChangeRel,
  keyed: Map<Fact, string>,
  year: number,
  stage: Stage,
  k: CrossKnowledge,
): CrossFigure | undefined {
  const cur = c.current;
  const delta = c.delta;
  if (!cur || !delta || !c.deltaDir || !cur.paragraph || delta.paragraph !== cur.paragraph) return undefined;
  const key = keyed.get(cur);
  if (!key || k.placeOf(stage, cur.role)?.period !== 0 || delta.span.start < cur.span.end) return undefined;
  const src = cur.doc?.source ?? '';
  const base = baseOf(src.slice(cur.span.end, delta.span.start), year, stage, k);
  if (!base) return undefined;
  const d = factInterval(delta);
  const interval = c.deltaDir > 0 ? factInterval(cur).sub(d) : factInterval(cur).add(d);
  return { key, ...base, interval, fact: cur, via: 'change', delta, deltaDir: c.deltaDir, table: false };
}

/** 「…0.00万元，比2024年预算持平」: the base is the figure itself. */
function flatFigures(
  ex: Extraction,
  keyed: Map<Fact, string>,
  year: number,
  stage: Stage,
  k: CrossKnowledge,
): CrossFigure[] {
  const out: CrossFigure[] = [];
  const { flat, within } = k.changes;
  for (const [f, key] of keyed) {
    if (!f.paragraph || k.placeOf(stage, f.role)?.period !== 0) continue;
    const src = f.doc?.source ?? '';
    const after = src.slice(f.fullSpan.end, f.fullSpan.end + within * 2);
    const at = after.indexOf(flat);
    if (at < 0) continue;
    const between = after.slice(0, at);
    // the words up to 持平 belong to this figure: no other figure between
    if (/\d/.test(between.replace(/\d{4}年/g, '')) || normLabel(between).length > within) continue;
    const base = baseOf(between, year, stage, k);
    if (!base) continue;
    out.push({ key, ...base, interval: factInterval(f), fact: f, via: 'flat', table: false });
  }
  return out;
}
