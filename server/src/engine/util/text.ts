/**
 * Source positions. Offsets are UTF-16 code units into the source string (what JS strings
 * index and what LSP counts), so an offset converts to an LSP position without re-encoding.
 */
import type { Position, Range, Span } from '../types';

export class LineIndex {
  private readonly starts: number[];
  constructor(readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.starts = starts;
  }
  get lineCount(): number {
    return this.starts.length;
  }
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }
  /** End of the line's content (before its line break). */
  lineEnd(line: number): number {
    if (line + 1 >= this.starts.length) return this.text.length;
    let e = this.starts[line + 1];
    if (this.text.charCodeAt(e - 1) === 10) e--;
    if (this.text.charCodeAt(e - 1) === 13) e--;
    return e;
  }
  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0,
      hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
  }
  offset(p: Position): number {
    if (p.line >= this.starts.length) return this.text.length;
    return Math.min(this.starts[Math.max(0, p.line)] + p.character, this.lineEnd(p.line));
  }
  range(span: Span): Range {
    return { start: this.position(span.start), end: this.position(span.end) };
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

  static build(parts: Array<{ text: string; offset: number }>, dropWhitespace: boolean): MappedText {
    let out = '';
    const map: number[] = [];
    for (const part of parts) {
      const t = part.text;
      for (let i = 0; i < t.length; i++) {
        const ch = t[i];
        if (dropWhitespace && isSpace(ch)) {
          // keep one space only between two ASCII alphanumerics (so "12 34" stays two numbers)
          let j = i;
          while (j < t.length && isSpace(t[j])) j++;
          const prev = out.length ? out[out.length - 1] : '';
          const next = j < t.length ? t[j] : '';
          if (isAsciiAlnum(prev) && isAsciiAlnum(next)) {
            out += ' ';
            map.push(part.offset + i);
          }
          i = j - 1;
          continue;
        }
        out += ch;
        map.push(part.offset + i);
      }
    }
    return new MappedText(out, Int32Array.from(map));
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

function isSpace(ch: string): boolean {
  return (
    ch === ' ' ||
    ch === '\t' ||
    ch === '\n' ||
    ch === '\r' ||
    ch === '\u3000' ||
    ch === '\u00a0' ||
    ch === '\f' ||
    ch === '\v'
  );
}
function isAsciiAlnum(ch: string): boolean {
  return /^[0-9A-Za-z]$/.test(ch);
}
