/**
 * Text helpers shared by the importers: lines from glyph runs (by baseline), the joining of
 * Chinese text (no space between CJK characters, none between CJK and digits), and the
 * normalisation of the spaces PDF producers put around numbers.
 */
import type { TextRun } from './pdf-extract';

const CJK = '\\u3000-\\u303f\\u3400-\\u9fff\\uff00-\\uffef“”‘’、';
const SPACE_AFTER_CJK = new RegExp(`([${CJK}])[ \\t\\u00a0\\u3000]+`, 'g');
const SPACE_BEFORE_CJK = new RegExp(`[ \\t\\u00a0\\u3000]+([${CJK}])`, 'g');

/** Removes the spaces next to CJK characters (「社会工作部 2024 年度」 → 「社会工作部2024年度」). */
export function tidy(s: string): string {
  return s
    .replace(SPACE_AFTER_CJK, '$1')
    .replace(SPACE_BEFORE_CJK, '$1')
    .replace(/(\d)\s+%/g, '$1%')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Joins two pieces of one paragraph or cell, a space only between Latin letters or digits. */
export function joinText(a: string, b: string): string {
  if (!a) return b;
  if (!b) return a;
  return /[A-Za-z0-9.,;:)]$/.test(a) && /^[A-Za-z0-9(]/.test(b) && !/\d$/.test(a) ? `${a} ${b}` : a + b;
}

export interface RunLine {
  y: number;
  x: number;
  x2: number;
  size: number;
  runs: TextRun[];
}

/** Groups runs into lines by baseline (top down), each line's runs left to right. */
export function linesOf(runs: TextRun[]): RunLine[] {
  const sorted = [...runs].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: RunLine[] = [];
  for (const r of sorted) {
    const l = lines.find((l) => Math.abs(l.y - r.y) < Math.max(2, 0.45 * Math.min(l.size, r.size)));
    if (l) {
      l.runs.push(r);
      l.x = Math.min(l.x, r.x);
      l.x2 = Math.max(l.x2, r.x + r.w);
      l.size = Math.max(l.size, r.size);
    } else lines.push({ y: r.y, x: r.x, x2: r.x + r.w, size: r.size, runs: [r] });
  }
  for (const l of lines) l.runs.sort((a, b) => a.x - b.x);
  return lines.sort((a, b) => b.y - a.y);
}

/** The text of one line's runs: wide gaps (columns laid out by position) become a double space. */
export function lineText(l: RunLine): string {
  let out = '';
  let end = -Infinity;
  for (const r of l.runs) {
    const gap = r.x - end;
    const piece = r.str;
    if (out && gap > 1.5 * l.size) out += '  ';
    else if (out && gap > 0.25 * l.size) out += ' ';
    out += piece;
    end = Math.max(end, r.x + r.w);
  }
  return tidy(out);
}

/** The text of some runs as one cell or paragraph: lines by baseline, joined. */
export function joinRuns(runs: TextRun[], cell = false): string {
  const lines = linesOf(runs).map(lineText);
  return cell ? lines.reduce(joinText, '') : lines.join('\n');
}

/** 「第一部分 标题」 keeps its space (the hand conversions and the profiles write it so). */
export function partSpace(s: string): string {
  return s.replace(/^(第[一二三四五六七八九十]+部分)\s*(?=\S)/, '$1 ');
}
