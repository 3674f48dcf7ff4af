/** Finds figures (numbers with their units) in cleaned text. Linear-time regexes only. */
import { ONE, Dec, Written, parseWritten, unitFactor } from '../util/decimal';
import { units } from '../knowledge/grammar';
import { alt } from '../knowledge/escape';

export type UnitKind = 'amount' | 'percent' | 'count' | 'date' | 'other';

export interface Figure {
  /** Offsets in the cleaned text. */
  start: number;
  end: number;
  text: string;
  written: Written;
  unit: string;
  unitEnd: number;
  kind: UnitKind;
  /** Factor to the base unit (万元 for amounts, 1 otherwise). */
  factor: Dec;
}

const AMOUNT: Record<string, string> = units.amount;
const PERCENT = units.percent;
const DATE_UNITS = units.date;
const UNIT_ALT = alt([...PERCENT, ...Object.keys(AMOUNT), ...units.count, ...DATE_UNITS]);

const FIG_RE = new RegExp(
  `(?<![0-9A-Za-z.])([+-]?(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?)(?![0-9])(${UNIT_ALT})?`,
  'g',
);

export function findFigures(text: string): Figure[] {
  const out: Figure[] = [];
  FIG_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = FIG_RE.exec(text))) {
    const num = m[1];
    const written = parseWritten(num);
    if (!written) continue;
    const unit = m[2] ?? '';
    let kind: UnitKind;
    let factor = ONE;
    if (PERCENT.includes(unit)) kind = 'percent';
    else if (unit in AMOUNT) {
      kind = 'amount';
      factor = unitFactor(AMOUNT[unit]);
    } else if (DATE_UNITS.includes(unit)) kind = 'date';
    else if (unit) kind = 'count';
    else kind = 'other';
    out.push({
      start: m.index,
      end: m.index + num.length,
      text: num,
      written,
      unit,
      unitEnd: m.index + m[0].length,
      kind,
      factor,
    });
  }
  return out;
}
