/**
 * Source positions. Offsets are UTF-16 code units into the source string (what JS strings
 * index and what LSP counts), so an offset converts to an LSP position without re-encoding.
 */
import type { Position, Range, Span } from '../types';

/**
 * Where the lines of a text start, without the text: enough to turn an offset into a line and
 * column. What a partner report keeps of its document (cross/index.ts `DocRef`).
 */
export class LineStarts {
  constructor(
    protected readonly starts: readonly number[],
    /** The length of the text. */
    readonly length: number,
  ) {}
  get lineCount(): number {
    return this.starts.length;
  }
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }
  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.length));
    let lo = 0,
      hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
  }
  range(span: Span): Range {
    return { start: this.position(span.start), end: this.position(span.end) };
  }
  /** The line starts alone (shared with this index), without the text. */
  startsOnly(): LineStarts {
    return new LineStarts(this.starts, this.length);
  }
}

/**
 * A string that owns its characters: V8 keeps a string cut from a longer one (slice, a regex
 * match) as a view of it, so a short name kept for long keeps the whole text it was read from.
 */
export function detached(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

export class LineIndex extends LineStarts {
  constructor(readonly text: string) {
    super(lineStartsOf(text), text.length);
  }
  /** End of the line's content (before its line break). */
  lineEnd(line: number): number {
    if (line + 1 >= this.starts.length) return this.text.length;
    let e = this.starts[line + 1];
    if (this.text.charCodeAt(e - 1) === 10) e--;
    if (this.text.charCodeAt(e - 1) === 13) e--;
    return e;
  }
  offset(p: Position): number {
    if (p.line >= this.starts.length) return this.text.length;
    return Math.min(this.starts[Math.max(0, p.line)] + p.character, this.lineEnd(p.line));
  }
}

/**
 * A cleaned view of a piece of source text with a map from each character back to its
 * source offset. Used to join wrapped lines, drop layout whitespace and inline markup while
 * keeping exact source ranges for every figure.
 */
export class MappedText {
  constructor(
    readonly text: string,
    readonly map: Int32Array,
  ) {}

  /**
   * Linear in the parts' length: the text is joined from slices once (appending to a string and
   * reading its last character back flattens the string each time, which made long paragraphs
   * with many spaces quadratic) and the map is filled in place.
   */
  static build(parts: Array<{ text: string; offset: number }>, dropWhitespace: boolean): MappedText {
    if (parts.length === 1) {
      // one part with nothing to drop (a cell, a name): its text as it is, its map a run
      const { text: t, offset } = parts[0];
      let clean = true;
      if (dropWhitespace) for (let i = 0; i < t.length && clean; i++) clean = !isSpaceCode(t.charCodeAt(i));
      if (clean) {
        const map = new Int32Array(t.length);
        for (let i = 0; i < t.length; i++) map[i] = offset + i;
        return new MappedText(t, map);
      }
    }
    let total = 0;
    for (const part of parts) total += part.text.length;
    const map = new Int32Array(total);
    const chunks: string[] = [];
    let n = 0;
    let prev = -1; // the code unit last written (-1: none yet)
    for (const part of parts) {
      const t = part.text;
      let i = 0;
      while (i < t.length) {
        let j = i;
        if (dropWhitespace && isSpaceCode(t.charCodeAt(i))) {
          // keep one space only between two ASCII alphanumerics (so "12 34" stays two numbers)
          while (j < t.length && isSpaceCode(t.charCodeAt(j))) j++;
          if (isAsciiAlnumCode(prev) && j < t.length && isAsciiAlnumCode(t.charCodeAt(j))) {
            chunks.push(' ');
            map[n++] = part.offset + i;
            prev = 0x20;
          }
          i = j;
          continue;
        }
        while (j < t.length && !(dropWhitespace && isSpaceCode(t.charCodeAt(j)))) map[n++] = part.offset + j++;
        chunks.push(t.slice(i, j));
        prev = t.charCodeAt(j - 1);
        i = j;
      }
    }
    return new MappedText(chunks.join(''), n === total ? map : map.slice(0, n));
  }

  /** The offset in this text of a source position (the first character at or after it). */
  offsetOf(source: number): number {
    let lo = 0;
    let hi = this.map.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.map[mid] < source) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Source span of [start, end) in this text. */
  span(start: number, end: number): Span {
    if (this.map.length === 0) return { start: 0, end: 0 };
    start = Math.max(0, start);
    const s = this.map[Math.min(start, this.map.length - 1)];
    const e = end > start ? this.map[Math.min(end - 1, this.map.length - 1)] + 1 : s;
    return { start: s, end: e };
  }
}

/** Layout white space dropped from prose: space, tab, line breaks, 全角 and no-break space, form feed, vertical tab. */
function isSpaceCode(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x3000 || c === 0xa0 || c === 0x0c || c === 0x0b;
}
function isAsciiAlnumCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

// End-anchored patterns as loops. A regex such as /\s+#+$/ or /[。：]+$/ is tried at every start
// position of a long run and scans the run each time: quadratic (the fuzz found 118,000 spaces in
// a heading taking 12.6 s). What strips or tests the end of a text goes through these.

/** Where s ends once the characters before `end` for which `drop` holds are dropped. */
export function endWithout(s: string, drop: (c: string) => boolean, end = s.length): number {
  let k = end;
  while (k > 0 && drop(s[k - 1])) k--;
  return k;
}

/** s without its trailing characters that are in `chars`. */
export function trimEndOf(s: string, chars: string): string {
  return s.slice(
    0,
    endWithout(s, (c) => chars.includes(c)),
  );
}

/** Whitespace as the regex \s matches it (one UTF-16 unit). */
/**
 * A set of characters tested by UTF-16 code unit: `has(s.charCodeAt(i))` makes no one-character
 * string per test (`s[i]` of a Chinese text allocates one each time, and per-character loops over
 * a report's text were a good part of the garbage collector's work).
 */
export class CharSet {
  private readonly bits = new Uint8Array(0x10000);
  constructor(chars: Iterable<string>) {
    for (const s of chars) for (let i = 0; i < s.length; i++) this.bits[s.charCodeAt(i)] = 1;
  }
  has(code: number): boolean {
    return this.bits[code] === 1;
  }
}

/** Whether a code unit is white space, as /\s/ (ECMAScript WhiteSpace and LineTerminator). */
export function isWsCode(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

export function isWs(c: string): boolean {
  return c.length === 1 ? isWsCode(c.charCodeAt(0)) : /\s/.test(c);
}
