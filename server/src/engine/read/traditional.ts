/**
 * A report written in traditional characters, read as simplified: the text converted character for
 * character (hygiene.yaml `traditional`, the reading pairs too), so every figure, label and title
 * is read as in a simplified report while every range stays where it is in the original text (each
 * character is replaced by one of the same length). Reading only: the text is converted when the
 * traditional characters are more than `maxShare` of the table's characters it holds (the share
 * traditional-character leaves alone); a simplified report is read as written.
 */
import { hygiene } from '../knowledge/hygiene';

/** How many traditional characters of the table a text holds, and of their simplified forms (one pass). */
export function traditionalCounts(text: string): { trad: number; simp: number } {
  const kind = hygiene.traditionalKind;
  let simp = 0;
  let trad = 0;
  for (let i = 0; i < text.length; i++) {
    const k = kind[text.charCodeAt(i)];
    if (k === 1) trad++;
    else if (k === 2) simp++;
  }
  return { trad, simp };
}

/** Whether the text is written in traditional characters (at least a few, and past the share). */
export function writtenInTraditional(text: string): boolean {
  const { trad, simp } = traditionalCounts(text);
  return trad >= 3 && trad > (trad + simp) * hygiene.traditionalMaxShare;
}

/** The text as the readers read it: converted to simplified when written in traditional characters. */
export function forReading(text: string): string {
  if (!writtenInTraditional(text)) return text;
  const map = hygiene.readingPairs;
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const to = map.get(text[i]);
    if (to === undefined) continue;
    out += text.slice(from, i) + to;
    from = i + 1;
  }
  return out + text.slice(from);
}
