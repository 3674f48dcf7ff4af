/**
 * "Fix all" to a fixed point (features/settle.ts: every applied fix checked to settle), then the
 * whole change expressed as minimal, non-overlapping edits on the original text. Only the fixes
 * within this text: an editor's fix-all edits the open document, not its linked tables file.
 */
import { EngineCaches } from '../caches';
import { runCheck, type CheckResult } from '../pipeline';
import { applyEdits, certainFixes } from './fix';
import { settle } from './settle';
import type { CheckOptions, TextEdit } from '../types';

export interface FixAllResult {
  /** The text with every certain fix applied. */
  text: string;
  /** Minimal non-overlapping edits on the original text that produce `text`. */
  edits: TextEdit[];
  /** How many check-and-fix passes were made (0 when nothing was fixable). */
  passes: number;
}

export function fixAllToFixpoint(
  text: string,
  options: CheckOptions = {},
  first?: CheckResult,
  maxPasses = 5,
  caches = new EngineCaches(),
): FixAllResult {
  const s = settle(
    first ?? runCheck(text, options, caches),
    { text, files: new Map() },
    (t) => runCheck(t.text, options, caches),
    { maxPasses, local: true },
  );
  const current = s.texts.text;
  const passes = s.rounds.length;
  if (current === text) return { text, edits: [], passes };
  const firstEdits = s.rounds[0];
  if (passes === 1) return { text: current, edits: firstEdits, passes };
  const edits = diffEdits(text, current);
  // The line-wise diff needs the same number of lines; fixes never add or remove lines, but
  // if one ever does, fall back to the first pass, which is already minimal.
  return edits
    ? { text: current, edits, passes }
    : { text: applyEdits(text, firstEdits), edits: firstEdits, passes: 1 };
}

/** Per changed line, one edit covering the differing middle; undefined if the line counts differ. */
export function diffEdits(a: string, b: string): TextEdit[] | undefined {
  const la = splitLines(a);
  const lb = splitLines(b);
  if (la.length !== lb.length) return undefined;
  const edits: TextEdit[] = [];
  let offset = 0;
  for (let i = 0; i < la.length; i++) {
    const x = la[i];
    const y = lb[i];
    if (x !== y) {
      let p = 0;
      while (p < x.length && p < y.length && x[p] === y[p]) p++;
      let s = 0;
      while (s < x.length - p && s < y.length - p && x[x.length - 1 - s] === y[y.length - 1 - s]) s++;
      // keep surrogate pairs whole
      if (p > 0 && isHigh(x.charCodeAt(p - 1))) p--;
      if (s > 0 && isLow(x.charCodeAt(x.length - s))) s--;
      const start = offset + p;
      const end = offset + x.length - s;
      edits.push({
        span: { start, end },
        range: { start: { line: i, character: p }, end: { line: i, character: x.length - s } },
        newText: y.slice(p, y.length - s),
      });
    }
    offset += x.length;
  }
  return edits;
}

/** Lines with their terminators kept, so offsets add up; line numbers follow \r\n, \n and \r. */
function splitLines(s: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10 || c === 13) {
      if (c === 13 && s.charCodeAt(i + 1) === 10) i++;
      out.push(s.slice(start, i + 1));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out;
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** The edits of every certain fix, minimal and non-overlapping. */
export function fixAllEdits(result: CheckResult): TextEdit[] {
  return certainFixes(result.findings).flatMap((f) => f.edits);
}
