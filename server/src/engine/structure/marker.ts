/**
 * Empty-statement markers (profiles' `empty.markers`) come from the workspace, and a regular
 * expression such as `(x+x+)+y` backtracks for ever on a short text. So a marker is checked
 * when its profile is loaded and kept to a safe subset whose matching time is linear in the text:
 *
 * - literal text, escapes (`\d`, `\s`, `\.`…), character classes `[…]`, `.`;
 * - groups `(?:…)` or `(…)` with alternatives `|`;
 * - only bounded repetition: `?` and `{n}` / `{n,m}` with m ≤ MAX_REPEAT; no `*`, `+`, `{n,}`;
 * - a group may only be made optional (`?`), and then holds no repetition itself;
 * - at most MAX_CHOICES ways to repeat, over the whole marker (the product of each repetition's
 *   number of lengths), so that trying one position costs a bounded number of steps;
 * - no backreferences (`\1`, `\k<…>`), lookarounds or named groups.
 */
export const MAX_REPEAT = 50;
export const MAX_CHOICES = 1000;

interface Frame {
  quantified: boolean;
}

/** Why a marker is outside the safe subset, or undefined when it is safe (and compiles). */
export function unsafeMarker(src: string): string | undefined {
  const stack: Frame[] = [{ quantified: false }];
  let choices = 1;
  // what the last atom was: a single character/class, a group (with whether it held repetition), or none
  let last: 'none' | 'char' | { quantified: boolean } = 'none';
  for (let i = 0; i < src.length;) {
    const c = src[i];
    if (c === '\\') {
      const n = src[i + 1] ?? '';
      if (/[1-9]/.test(n) || n === 'k') return 'backreferences are not allowed';
      i += 2;
      last = 'char';
    } else if (c === '[') {
      const end = classEnd(src, i);
      if (end < 0) return 'unclosed character class';
      i = end + 1;
      last = 'char';
    } else if (c === '(') {
      if (src[i + 1] === '?' && src[i + 2] !== ':') return 'only (…) and (?:…) groups are allowed (no lookaround)';
      stack.push({ quantified: false });
      i += src[i + 1] === '?' ? 3 : 1;
      last = 'none';
    } else if (c === ')') {
      if (stack.length < 2) return 'unbalanced parenthesis';
      last = { quantified: stack.pop()!.quantified };
      i++;
    } else if (c === '|') {
      i++;
      last = 'none';
    } else {
      const q = quantifier(src, i);
      if (!q) {
        i++;
        last = 'char';
        continue;
      }
      if (last === 'none') return `nothing to repeat before ${q.text}`;
      if (q.max === Infinity) return `unbounded repetition ${q.text} is not allowed (use {0,${MAX_REPEAT}})`;
      if (q.max > MAX_REPEAT) return `repetition ${q.text} is too long (at most ${MAX_REPEAT})`;
      if (typeof last === 'object' && (q.max > 1 || last.quantified))
        return `nested repetition ${q.text} is not allowed (a group may only be optional, holding no repetition)`;
      choices *= q.max - q.min + 1;
      if (choices > MAX_CHOICES) return `too many variable repetitions (more than ${MAX_CHOICES} ways)`;
      for (const f of stack) f.quantified = true;
      i += q.text.length + (src[i + q.text.length] === '?' ? 1 : 0);
      last = 'none';
    }
  }
  if (stack.length > 1) return 'unbalanced parenthesis';
  try {
    new RegExp(src);
  } catch (e) {
    return (e as Error).message;
  }
  return undefined;
}

function classEnd(src: string, start: number): number {
  let i = start + 1;
  if (src[i] === '^') i++;
  if (src[i] === ']') i++;
  for (; i < src.length; i++) {
    if (src[i] === '\\') i++;
    else if (src[i] === ']') return i;
  }
  return -1;
}

function quantifier(src: string, i: number): { text: string; min: number; max: number } | undefined {
  const c = src[i];
  if (c === '?') return { text: c, min: 0, max: 1 };
  if (c === '*') return { text: c, min: 0, max: Infinity };
  if (c === '+') return { text: c, min: 1, max: Infinity };
  if (c !== '{') return undefined;
  const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(src.slice(i, i + 24));
  if (!m) return undefined;
  const min = Number(m[1]);
  const max = m[2] ? (m[3] ? Number(m[3]) : Infinity) : min;
  return { text: m[0], min, max };
}
