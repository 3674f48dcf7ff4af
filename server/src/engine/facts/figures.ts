/** Finds figures (numbers with their units) in cleaned text. Linear-time regexes only. */
import { D, Dec, Written, parseWritten } from '../util/decimal';

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

const AMOUNT: Record<string, string> = { 万元: '1', 亿元: '10000', 千元: '0.1', 元: '0.0001' };
const COUNT_UNITS = [
  '台（套）',
  '台(套)',
  '平方米',
  '人次',
  '批次',
  '万人',
  '人',
  '辆',
  '次',
  '个',
  '台',
  '套',
  '亩',
  '批',
  '户',
  '名',
  '分',
  '项',
  '家',
  '件',
  '份',
  '篇',
  '场',
  '期',
  '所',
  '处',
  '天',
  '倍',
  '张',
  '本',
  '条',
  '栋',
  '间',
  '座',
  '公里',
  '千米',
  '米',
  '吨',
];
const DATE_UNITS = ['周年', '年', '月', '日', '号', '届', '时'];
const UNIT_ALT = ['%', '％', '万元', '亿元', '千元', '元', ...COUNT_UNITS, ...DATE_UNITS]
  .sort((a, b) => b.length - a.length)
  .map((u) => u.replace(/[()（）]/g, (c) => '\\' + c))
  .join('|');

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
    let factor = new D(1);
    if (unit === '%' || unit === '％') kind = 'percent';
    else if (unit in AMOUNT) {
      kind = 'amount';
      factor = new D(AMOUNT[unit]);
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
