/**
 * Helpers the structure rules share: the analysis for a check, outline numbering (一、 （一）
 * 1. 第一部分) read and written, and the text of a section or entry to insert.
 */
import type { Ctx } from '../rules/context';
import { cnNumber } from '../read/model';
import { CN_DIGIT_VALUES, CN_TEN, NUM, PART_CAPTURE } from '../knowledge/numbering';
import { fillIn, type ProfileItem } from './profile';
import type { ItemMatch, StructureAnalysis } from './structure';
import type { Span } from '../types';

/** The structure stage's analysis of the report (none for YAML reports). */
export function analysisOf(ctx: Ctx): StructureAnalysis | undefined {
  return ctx.structure?.analysis;
}

const CN = CN_DIGIT_VALUES;
const PART_CAPTURE_RE = new RegExp(`^${PART_CAPTURE}`);
const PAREN_CN_RE = new RegExp(`^([（(])(${NUM}+)([）)])`);
const CN_SEP_RE = new RegExp(`^(${NUM}+)([、.．])`);

/** 1 … 99 as a Chinese numeral (一, 十, 十二, 二十, 二十一). */
export function cnNumeral(n: number): string {
  if (n <= 0 || n >= 100 || !Number.isInteger(n)) return String(n);
  if (n < 10) return CN[n];
  const t = Math.floor(n / 10);
  const u = n % 10;
  return (t === 1 ? '' : CN[t]) + CN_TEN + (u ? CN[u] : '');
}

export interface Numbering {
  n: number;
  /** The numeral's span within the token (to replace it alone). */
  at: number;
  len: number;
  /** The same style with another number. */
  format: (n: number) => string;
  /** Style key: siblings of one list share it. */
  style: string;
}

/** Reads an outline token: 第三部分, 三、, （三）, 3., （3）. */
export function readNumbering(token: string | undefined): Numbering | undefined {
  if (!token) return undefined;
  let m = PART_CAPTURE_RE.exec(token);
  if (m) {
    const n = cnNumber(m[1]);
    return n === undefined
      ? undefined
      : { n, at: 1, len: m[1].length, format: (k) => `第${cnNumeral(k)}部分`, style: 'part' };
  }
  m = PAREN_CN_RE.exec(token);
  if (m) {
    const [, o, d, c] = m;
    const n = cnNumber(d);
    return n === undefined
      ? undefined
      : { n, at: 1, len: d.length, format: (k) => `${o}${cnNumeral(k)}${c}`, style: 'paren-cn' };
  }
  m = CN_SEP_RE.exec(token);
  if (m) {
    const [, d, sep] = m;
    const n = cnNumber(d);
    return n === undefined
      ? undefined
      : { n, at: 0, len: d.length, format: (k) => `${cnNumeral(k)}${sep}`, style: 'cn' };
  }
  m = /^([（(])(\d{1,2})([）)])/.exec(token);
  if (m) {
    const [, o, d, c] = m;
    return { n: Number(d), at: 1, len: d.length, format: (k) => `${o}${k}${c}`, style: 'paren-digit' };
  }
  m = /^(\d{1,2})([、.．])/.exec(token);
  if (m) {
    const [, d, sep] = m;
    return { n: Number(d), at: 0, len: d.length, format: (k) => `${k}${sep}`, style: 'digit' };
  }
  return undefined;
}

/** The numeral of a numbering token written as `n` in the same style. */
export function numeralOf(token: string, n: number): string {
  const r = readNumbering(token);
  if (!r) return String(n);
  return r.style === 'digit' || r.style === 'paren-digit' ? String(n) : cnNumeral(n);
}

/** The numbering a new sibling at this position takes, from its found neighbours. */
export function numberingFor(siblings: ItemMatch[], item: ProfileItem): string {
  const idx = siblings.findIndex((s) => s.item === item);
  const prev = siblings
    .slice(0, idx)
    .reverse()
    .find((s) => s.anchor?.numbering);
  const next = siblings.slice(idx + 1).find((s) => s.anchor?.numbering);
  const p = readNumbering(prev?.anchor?.numbering);
  if (p) return p.format(p.n + 1);
  const q = readNumbering(next?.anchor?.numbering);
  if (q && q.n > 1) return q.format(q.n - 1);
  if (q) return q.format(1);
  const any = siblings.find((s) => s.anchor?.numbering);
  const r = readNumbering(any?.anchor?.numbering);
  if (r) return r.format(item.index + 1);
  return item.kind === 'part'
    ? `第${cnNumeral(item.index + 1)}部分`
    : item.parent?.kind === 'part' || !item.parent
      ? `${cnNumeral(item.index + 1)}、`
      : `（${cnNumeral(item.index + 1)}）`;
}

/**
 * Where a missing item goes: before the next found sibling's heading, else after the previous
 * sibling's content, else at the end of the parent's content.
 */
export function insertionPoint(
  siblings: ItemMatch[],
  item: ProfileItem,
  parentRegion: Span | undefined,
  docEnd: number,
): number {
  const idx = siblings.findIndex((s) => s.item === item);
  const next = siblings.slice(idx + 1).find((s) => s.anchor || s.region);
  if (next) return next.anchor ? next.anchor.lineStart : next.region!.start;
  const prev = siblings
    .slice(0, idx)
    .reverse()
    .find((s) => s.region);
  if (prev) return prev.region!.end;
  return parentRegion ? parentRegion.end : docEnd;
}

/** Text inserting a heading (and its skeleton sentence) at `at` in `source`. */
export function headingInsertion(ctx: Ctx, at: number, numbering: string, item: ProfileItem, level: number): string {
  const { doc } = ctx;
  const title = fillIn(item.heading ?? item.title, doc.meta.unit, doc.meta.year);
  const sep = numbering.endsWith('部分') ? ' ' : '';
  const skeleton = item.skeleton ? fillIn(item.skeleton, doc.meta.unit, doc.meta.year) : undefined;
  const src = doc.source;
  if (doc.format === 'markdown') {
    const head = `${'#'.repeat(Math.max(1, Math.min(6, level)))} ${numbering}${sep}${title}`;
    const lead = at > 0 && src[at - 1] !== '\n' ? '\n\n' : at > 1 && src[at - 2] !== '\n' ? '\n' : '';
    return `${lead}${head}\n\n${skeleton ? `${skeleton}\n\n` : ''}`;
  }
  const lead = at > 0 && src[at - 1] !== '\n' ? '\n' : '';
  return `${lead}${numbering}${sep}${title}\n${skeleton ? `${skeleton}\n` : ''}`;
}

/** Text inserting a paragraph line (a table list entry, a glossary entry) at `at`. */
export function lineInsertion(ctx: Ctx, at: number, text: string): string {
  const src = ctx.doc.source;
  if (ctx.doc.format === 'markdown') {
    const lead = at > 0 && src[at - 1] !== '\n' ? '\n\n' : at > 1 && src[at - 2] !== '\n' ? '\n' : '';
    return `${lead}${text}\n\n`;
  }
  const lead = at > 0 && src[at - 1] !== '\n' ? '\n' : '';
  return `${lead}${text}\n`;
}

/** A heading level for a new item: its siblings', else one below its parent's. */
export function levelFor(siblings: ItemMatch[], parent: ItemMatch | undefined): number {
  const s = siblings.find((x) => x.anchor?.section);
  if (s) return s.anchor!.section!.level;
  if (parent?.anchor?.section) return parent.anchor.section.level + 1;
  return 2;
}

/** How to name an item in a message: 「第二部分 部门决算情况说明」 / 「七、政府性基金…」. */
export function itemName(m: ItemMatch): string {
  return m.anchor ? m.anchor.text.trim() : m.item.title;
}
