/**
 * The 功能分类 names the prose states with their level, 「一般公共服务支出（类）统计信息事务（款）
 * 专项普查活动（项）」: one mention per marker, in reading order, chained when a mention follows the
 * previous one's marker directly. The first of a chain starts at the longest name the dictionary
 * knows (its current or a former name) that the run of text before the marker ends with; a chained
 * mention is the whole run since the previous marker. Read by official-name (the names against the
 * dictionary) and cross/names.ts (the names across years, where their code is certain).
 */
import { classDictionary as dict } from '../knowledge/classification';
import { pieceAt, pieceSpan, type Pieces } from '../read/pieces';
import type { Span } from '../types';

/** The longest name looked for at the end of a run of text (names are shorter). */
const MAX_NAME = 32;
const LEVEL_MARK: Record<string, number> = { 类: 1, 款: 2, 项: 3 };

export interface ClassMention {
  name: string;
  /** 1 类, 2 款, 3 项 (the marker's). */
  level: number;
  /** Where the name starts and its marker ends, in the pieces' text. */
  at: number;
  end: number;
  span: Span;
  /** Directly after the previous mention's marker (one chain). */
  chained: boolean;
}

/** A name may hold the official parenthesised words: 政府办公厅（室）, 因公出国（境）. */
const PIECE_END = String.fromCharCode(0);
const MENTION_RE = new RegExp(
  `((?:[^\\s${PIECE_END}，。；：、“”"‘’（）()\\d.．,]|（[室境护役]）){1,${MAX_NAME}})[（(]([类款项])[）)]`,
  'g',
);

/**
 * Every marker's mention in reading order; undefined where the first of a chain ends with no name
 * the dictionary knows (its place kept: the mention after it is not chained to a known one).
 */
export function classMentions(p: Pieces, year: number | undefined): Array<ClassMention | undefined> {
  const re = new RegExp(MENTION_RE.source, 'g');
  const list: Array<ClassMention | undefined> = [];
  let prevEnd = -1;
  let m: RegExpExecArray | null;
  // every mention ends at a marker and starts at most MAX_NAME units (of up to 3 characters) before
  // it: the search starts there, not at every character of the text (the same matches)
  const marker = /[（(][类款项][）)]/g;
  for (;;) {
    marker.lastIndex = re.lastIndex;
    const next = marker.exec(p.all);
    if (!next) break;
    re.lastIndex = Math.max(re.lastIndex, next.index - 3 * MAX_NAME);
    if (!(m = re.exec(p.all))) break;
    const level = LEVEL_MARK[m[2]];
    const chained = prevEnd === m.index;
    prevEnd = m.index + m[0].length;
    // the first of a chain: the longest known name the run ends with
    const run = m[1];
    let start = 0;
    if (!chained) {
      start = -1;
      for (let i = Math.max(0, run.length - MAX_NAME); i < run.length && start < 0; i++)
        if (knownName(run.slice(i), year)) start = i;
    }
    if (start < 0) {
      list.push(undefined);
      continue;
    }
    const at = m.index + start;
    const name = run.slice(start);
    list.push({ name, level, at, end: prevEnd, span: spanAt(p, at, name.length), chained });
  }
  return list;
}

/** The name is a 功能分类 name of the dictionary: a current one, or a former one in `year`. */
export function knownName(name: string, year: number | undefined): boolean {
  if (dict.codesNamed(name, 'functional').length > 0) return true;
  if (year === undefined) return false;
  for (const f of dict.codesFormerlyNamed(name)) if (year > f.until) return true;
  return false;
}

/** The codes `name` was the name of before `year` (no longer official then). */
export function formerCodes(name: string, year: number | undefined): string[] {
  return dict
    .codesFormerlyNamed(name)
    .filter((f) => year !== undefined && year > f.until)
    .map((f) => f.code);
}

function spanAt(p: Pieces, at: number, length: number): Span {
  const i = pieceAt(p, at);
  const off = at - p.starts[i];
  return pieceSpan(p.pieces[i], off, off + length);
}
