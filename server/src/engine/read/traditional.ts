/**
 * A report written in traditional characters, read as simplified: the text converted character for
 * character (hygiene.yaml `traditional`, the reading pairs too), so every figure, label and title
 * is read as in a simplified report while every range stays where it is in the original text (each
 * character is replaced by one of the same length). Reading only: the text is converted when the
 * traditional characters are more than `maxShare` of the table's characters it holds (the share
 * traditional-character leaves alone); a simplified report is read as written.
 */
import { hygiene } from '../knowledge/hygiene';
import type { ReportDoc, WrittenScript } from './model';

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
  return readingOf(text).reading;
}

/**
 * The text as the readers read it and, when it was converted, how it is written: for each
 * simplified character, the form the text writes it in most often (a simplified form the text
 * also writes as it is, 「后」 beside 「後」, counts as its own form).
 */
export function readingOf(text: string): { reading: string; written?: WrittenScript } {
  if (!writtenInTraditional(text)) return { reading: text };
  const map = hygiene.readingPairs;
  const counts = new Map<string, Map<string, number>>();
  const seen = (simp: string, as: string) => {
    let m = counts.get(simp);
    if (!m) counts.set(simp, (m = new Map()));
    m.set(as, (m.get(as) ?? 0) + 1);
  };
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const to = map.get(c);
    if (to === undefined) {
      if (simplifiedForms().has(c)) seen(c, c);
      continue;
    }
    seen(to, c);
    out += text.slice(from, i) + to;
    from = i + 1;
  }
  const forms = new Map<string, string>();
  for (const [simp, m] of counts) {
    const [best] = [...m].sort((a, b) => b[1] - a[1]);
    if (best[0] !== simp) forms.set(simp, best[0]);
  }
  return { reading: out + text.slice(from), written: { text, forms } };
}

/** The text with every character of the reading pairs in its simplified form, however few there are. */
export function simplifiedOf(text: string): string {
  const map = hygiene.readingPairs;
  let out = '';
  for (const c of text) out += map.get(c) ?? c;
  return out;
}

let simplified: Set<string> | undefined;
/** Every simplified form of the reading pairs. */
function simplifiedForms(): Set<string> {
  return (simplified ??= new Set(hygiene.readingPairs.values()));
}

/**
 * Text for a document written in traditional characters, in its script: text the document holds
 * (its reading, found as it is) as the document writes it there, any other (the engine's words, a
 * figure's unit) with each simplified character in the form the document writes it in. A document
 * read as written gets the text unchanged.
 */
export function asWritten(doc: ReportDoc, text: string): string {
  const w = doc.written;
  if (!w || !/[^ -~\s]/.test(text)) return text;
  const at = doc.source.indexOf(text);
  if (at >= 0) return w.text.slice(at, at + text.length);
  let out = '';
  for (const c of text) out += w.forms.get(c) ?? c;
  return out;
}

/**
 * A message for a document written in traditional characters: what it quotes of the document
 * (「…」 found in the reading) as the document writes it; the message's own words stay as they are.
 */
export function quotesAsWritten(doc: ReportDoc, message: string): string {
  const w = doc.written;
  if (!w) return message;
  return message.replace(/「([^「」]+)」/g, (all, q: string) => {
    const at = doc.source.indexOf(q);
    return at < 0 ? all : `「${w.text.slice(at, at + q.length)}」`;
  });
}
