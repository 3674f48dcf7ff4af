/**
 * What must hold before a text is handed to the yaml package: its nesting is bounded. The
 * parser recurses once per level (thousands of `[{` overflow the stack) and turning a deep
 * mapping used as a key into plain values takes exponential time, so a text nested deeper than
 * MAX_YAML_DEPTH is a problem at the opener that goes too deep and is not parsed. The scan is
 * one linear pass: flow openers `[` `{` (outside quotes and comments, closed or not) and block
 * levels (indentation, and `- ` / `? ` indicators that open a level on the same line).
 * Also: plain values of parsed nodes, bounded in depth, with scalar keys only.
 */
import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { ParseProblem } from './model';

export const MAX_YAML_DEPTH = 32;

/** The first place where the nesting of `text` exceeds `limit`, as a problem (offsets + `offset`). */
export function yamlNestingProblem(
  text: string,
  offset = 0,
  limit = MAX_YAML_DEPTH,
  what = { zh: 'YAML', en: 'YAML' },
): ParseProblem | undefined {
  const at = deepestOpener(text, limit);
  if (at === undefined) return undefined;
  const start = offset + at;
  return {
    message: {
      'zh-CN': `${what.zh} 嵌套超过 ${limit} 层，未解析`,
      en: `${what.en} is nested deeper than ${limit} levels; not parsed`,
    },
    span: { start, end: start + (at < text.length ? 1 : 0) },
  };
}

/** The offset of the first opener past `limit` levels, or undefined when the nesting stays within it. */
export function deepestOpener(text: string, limit: number): number | undefined {
  const indents: number[] = [];
  let flow = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    // a line: its indentation opens (or closes) block levels, outside flow collections only
    let col = 0;
    while (i < n && (text[i] === ' ' || text[i] === '\t')) {
      i++;
      col++;
    }
    if (i >= n) break;
    const c0 = text[i];
    if (flow === 0 && c0 !== '\n' && c0 !== '\r' && c0 !== '#') {
      while (indents.length && indents[indents.length - 1] >= col) indents.pop();
      indents.push(col);
      // `- - - a`: each indicator opens a level on this line
      while ((text[i] === '-' || text[i] === '?') && (text[i + 1] === ' ' || text[i + 1] === '\t')) {
        indents.push(++col);
        if (indents.length > limit) return i;
        i += 2;
        col++;
        while (i < n && text[i] === ' ') {
          i++;
          col++;
        }
      }
      if (indents.length > limit) return i;
    }
    const r = scanLine(text, i, flow, indents.length, limit);
    if (r.deep !== undefined) return r.deep;
    flow = r.flow;
    i = r.next;
  }
  return undefined;
}

/** One line from `i`: flow openers and closers outside quotes and comments; where it goes too deep. */
function scanLine(
  text: string,
  i: number,
  flow: number,
  block: number,
  limit: number,
): { flow: number; next: number; deep?: number } {
  const n = text.length;
  let prev = ' ';
  while (i < n && text[i] !== '\n') {
    const c = text[i];
    if (c === '#' && (prev === ' ' || prev === '\t')) {
      while (i < n && text[i] !== '\n') i++;
      break;
    }
    if ((c === '"' || c === "'") && /[\s[{,:]/.test(prev)) {
      i = skipQuoted(text, i);
      prev = c;
      continue;
    }
    if (c === '[' || c === '{') {
      if (++flow + block > limit) return { flow, next: i, deep: i };
    } else if ((c === ']' || c === '}') && flow > 0) flow--;
    prev = c;
    i++;
  }
  return { flow, next: i + 1 };
}

/** Past a quoted scalar starting at `i` (it may span lines); the end of the text when unclosed. */
function skipQuoted(text: string, i: number): number {
  const q = text[i];
  let j = i + 1;
  while (j < text.length) {
    const c = text[j];
    if (q === '"' && c === '\\') j += 2;
    else if (c === q) {
      if (q === "'" && text[j + 1] === "'") j += 2;
      else return j + 1;
    } else j++;
  }
  return text.length;
}

/**
 * A parsed node as a plain value (what toJSON gives for ordinary front matter), without its
 * cost: mappings keep scalar keys only, aliases are not followed, and depth is bounded.
 */
export function plainValue(node: unknown, depth = 0): unknown {
  if (node === null || node === undefined || depth > MAX_YAML_DEPTH) return undefined;
  if (isScalar(node)) return node.value;
  if (isAlias(node)) return undefined;
  if (isSeq(node)) return node.items.map((x) => plainValue(x, depth + 1));
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const p of node.items) if (isScalar(p.key)) out[String(p.key.value)] = plainValue(p.value, depth + 1);
    return out;
  }
  return undefined;
}
/** A parser error's place inside the text (the parser may point one past the end of what it read). */
export function errorSpan(pos: [number, number], offset: number, length: number): { start: number; end: number } {
  const start = Math.min(length, Math.max(0, offset + pos[0]));
  return { start, end: Math.min(length, Math.max(start + 1, offset + pos[1])) };
}
