/**
 * Concept keys. A figure's concept is written `scope.base`, the base being either a plain name
 * (`收入总计`, `sangong.公务接待费`) or a classified row `kind:code` with an optional column
 * (`ybg.类:一般公共服务支出`, `all.项:201/20101/2010101`, `all.经济款:301/30101`,
 * `all.类:201#基本支出`). Parse and format them here, never by slicing strings elsewhere.
 */
import { CappedMemo } from '../util/cache';

/** The kinds of classified rows: 功能分类 类/款/项 (income rows 收入类 …) and 经济分类 类/款. */
export type ConceptKind = '类' | '款' | '项' | '收入类' | '收入款' | '收入项' | '经济类' | '经济款';

export interface Concept {
  /** The fund scope (all, czbk, ybg …); '' when the key names none. */
  scope: string;
  /** Everything after the scope: `类:201#基本支出`, `收入总计`. */
  base: string;
  /** The row kind of a classified concept. */
  kind?: ConceptKind;
  /** The row's code or name path after `kind:` (or the plain name), without the column. */
  code: string;
  /** The parts of the code path: `201/20101` → [201, 20101]. */
  path: string[];
  /** The column of a per-column variant (after `#`). */
  column?: string;
}

const KIND_RE = /^((?:收入|经济)?(?:类|款|项)):/;

/** Parsed keys (a pure function of the key, asked for many times per check): frozen, shared. */
const PARSED = new CappedMemo<string, Readonly<Concept>>(20000);

export function parseConcept(key: string): Readonly<Concept> {
  return PARSED.through(key, () => {
    const dot = key.indexOf('.');
    const c = parseBase(dot >= 0 ? key.slice(0, dot) : '', dot >= 0 ? key.slice(dot + 1) : key);
    Object.freeze(c.path);
    return Object.freeze(c);
  });
}

/** A base (the key without its scope) in a scope. */
export function parseBase(scope: string, base: string): Concept {
  const km = KIND_RE.exec(base);
  const kind = km ? (km[1] as ConceptKind) : undefined;
  const rest = km ? base.slice(km[0].length) : base;
  const hash = rest.indexOf('#');
  const code = hash >= 0 ? rest.slice(0, hash) : rest;
  const column = hash >= 0 ? rest.slice(hash + 1) : undefined;
  return { scope, base, kind, code, path: code.split('/'), column };
}

export interface ConceptParts {
  scope: string;
  kind?: ConceptKind | string;
  /** The code path (joined with `/`) or the plain name. */
  path: string[] | string;
  column?: string;
}

export function formatConcept(c: ConceptParts): string {
  return `${c.scope}.${formatBase(c)}`;
}

/** The base of a key (no scope): `类:201#基本支出`. */
export function formatBase(c: Omit<ConceptParts, 'scope'>): string {
  const code = typeof c.path === 'string' ? c.path : c.path.join('/');
  return `${c.kind ? `${c.kind}:` : ''}${code}${c.column !== undefined ? `#${c.column}` : ''}`;
}

/** The scope of a key ('' when it names none). */
export function conceptScope(key: string): string {
  return parseConcept(key).scope;
}

/** The key without its scope. */
export function conceptBase(key: string): string {
  return parseConcept(key).base;
}

/** A key with its scope: a base from the label dictionary takes the section's scope. */
export function conceptKey(concept: string, sectionScope: string): string {
  return concept.includes('.') ? concept : `${sectionScope}.${concept}`;
}

/** The same base in another scope (`ybg.X` → `all.X`); undefined for a key without scope. */
export function inScope(key: string, scope: string): string | undefined {
  const c = parseConcept(key);
  return c.scope ? `${scope}.${c.base}` : undefined;
}

/** A 功能分类 row of the expenditure side (类/款/项), the level a text names a subject by. */
export function isFunctional(c: Concept): c is Concept & { kind: '类' | '款' | '项' } {
  return c.kind === '类' || c.kind === '款' || c.kind === '项';
}

/** How a concept reads in a message: the row's names joined by ·, 经济分类 by its code. */
export function conceptDisplayName(c: Concept): string {
  return c.base
    .replace(/^经济(类|款):(?:\d+\/)?(\d+)/, '经济分类$2')
    .replace(/^(收入)?(类|款|项):/, '')
    .replace(/\/+$/, '')
    .replace(/[/#]/g, '·');
}
