/**
 * Layout profiles: what a report of a given layout must contain (parts, sections, tables,
 * glossary entries), in which order, under which titles, and the statement a section or table
 * must carry when its figures are empty. Profiles are data (server/data/profiles/*.yaml,
 * compiled into DATA.profiles); a workspace can add its own (CheckOptions.profiles, parsed
 * YAML objects). This module validates them and chooses the one a document follows.
 */
import YAML from 'yaml';
import { yamlNestingProblem } from '../read/yaml-guard';
import { DATA } from '../../generated/data';
import { trimEndOf } from '../util/text';
import { TITLE_NUMBERING_RE } from '../knowledge/numbering';
import type { EngineCaches } from '../caches';
import { CappedMemo } from '../util/cache';
import { unsafeMarker } from './marker';
import type { Lang } from '../types';

export interface EmptySpec {
  /** Scope ids (scopes.yaml) whose figures decide whether the section or table is empty. */
  scopes: string[];
  /** The statement to write when it is empty ({unit}, {year}, {prevYear} are filled in). */
  statement: string;
  /** Patterns recognising such a statement in the text (a safe subset of regexes: marker.ts). */
  markers: RegExp[];
  /** When false the statement is optional; it is still wrong when the figures are not zero. */
  require: boolean;
}

export type ItemKind = 'part' | 'section' | 'table';

export interface ProfileItem {
  id: string;
  kind: ItemKind;
  title: string;
  aliases: string[];
  /** Normalised title and aliases, for matching. */
  keys: string[];
  /** The keys as one string: items with the same keys match the same titles. */
  sig: string;
  required: boolean;
  /** The sentence a newly inserted section starts with. */
  skeleton?: string;
  /** The heading text to insert, when it differs from the title ({unit}, {year}). */
  heading?: string;
  empty?: EmptySpec;
  children: ProfileItem[];
  /** Tables a part holds or lists. */
  tables: ProfileItem[];
  /** Whether the tables are printed in the part (true) or only listed (见附表). */
  inlineTables: boolean;
  glossary: GlossaryEntry[];
  parent?: ProfileItem;
  /** Position among its siblings (parts, sections or tables) in the profile. */
  index: number;
}

export interface GlossaryEntry {
  term: string;
  aliases: string[];
  keys: string[];
  definition?: string;
}

export interface Grade {
  grade: string;
  min: number;
}

export interface Profile {
  id: string;
  name: Record<Lang, string>;
  kinds: string[];
  detect: string[];
  /** Year offset of 「截至…年…月…日」 from the report year (0 final accounts, −1 budgets). */
  asOf: number;
  parts: ProfileItem[];
  /** 绩效自评表 conventions. */
  performance: {
    weightTotal: number;
    grades: Grade[];
    /** How a score follows from its rate: proportional (分值 × min(率, 100%)) or not checked. */
    scoring: 'proportional' | 'none';
  };
  source: 'builtin' | 'workspace';
}

const DEFAULT_GRADES: Grade[] = [
  { grade: '优', min: 90 },
  { grade: '良', min: 80 },
  { grade: '中', min: 60 },
  { grade: '差', min: 0 },
];

/** Title normalisation for matching: no spaces, quotes, book-title marks, numbering, years. */
export function normTitle(s: string, unit?: string): string {
  return normTitleBy(s, unit ? normUnit(unit) : '');
}

/** A unit name as normTitle removes it from titles (normalised once, then given to normTitleBy). */
export function normUnit(unit: string): string {
  return unit.replace(/[\s\u3000]+/g, '');
}

/** normTitle with the unit name already normalised (normUnit). */
export function normTitleBy(s: string, u: string): string {
  let t = s
    .replace(/[\s\u3000]+/g, '')
    .replace(/\(/g, '（')
    .replace(/\)/g, '）')
    .replace(/["'“”‘’＂《》〈〉]/g, '')
    .replace(TITLE_NUMBERING_RE, '')
    .replace(/（见附表）|（见附件）|（附表）/g, '')
    .replace(/（(?:部门|单位)）/g, '');
  t = trimEndOf(t, '。：:');
  if (u.length >= 2 && u.length <= t.length) t = t.split(u).join('');
  return t.replace(/\d{4}年度?/g, '');
}

function str(x: unknown): string | undefined {
  return typeof x === 'string' && x.trim() ? x.trim() : undefined;
}
function strs(x: unknown): string[] {
  return Array.isArray(x) ? x.map(str).filter((s): s is string => !!s) : [];
}

export class ProfileError extends Error {}

function emptySpec(raw: unknown, where: string): EmptySpec | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object') throw new ProfileError(`${where}: empty must be a mapping`);
  const r = raw as Record<string, unknown>;
  const statement = str(r.statement);
  if (!statement) throw new ProfileError(`${where}: empty.statement is required`);
  const markers = strs(r.markers).map((m) => {
    const why = unsafeMarker(m);
    if (why) throw new ProfileError(`${where}: bad marker pattern ${m}: ${why}`);
    return new RegExp(m);
  });
  if (!markers.length) throw new ProfileError(`${where}: empty.markers is required`);
  return { scopes: strs(r.scopes), statement, markers, require: r.require !== false };
}

function item(
  raw: unknown,
  kind: ItemKind,
  index: number,
  parent: ProfileItem | undefined,
  where: string,
): ProfileItem {
  if (!raw || typeof raw !== 'object') throw new ProfileError(`${where}: an item must be a mapping`);
  const r = raw as Record<string, unknown>;
  const title = str(r.title);
  if (!title) throw new ProfileError(`${where}: title is required`);
  const id = str(r.id) ?? title;
  const aliases = strs(r.aliases);
  const keys = [...new Set([title, ...aliases].map((x) => normTitle(x)).filter((x) => x.length >= 2))];
  const it: ProfileItem = {
    id,
    kind,
    title,
    aliases,
    keys,
    sig: keys.join('\u0001'),
    required: r.required !== false,
    skeleton: str(r.skeleton),
    heading: str(r.heading),
    empty: emptySpec(r.empty, `${where}/${id}`),
    children: [],
    tables: [],
    inlineTables: r.inlineTables !== false,
    glossary: [],
    parent,
    index,
  };
  const kids = Array.isArray(r.sections) ? r.sections : [];
  it.children = kids.map((k, i) => item(k, 'section', i, it, `${where}/${id}`));
  const tables = Array.isArray(r.tables) ? r.tables : [];
  it.tables = tables.map((k, i) => item(k, 'table', i, it, `${where}/${id}`));
  const gl = Array.isArray(r.glossary) ? r.glossary : [];
  it.glossary = gl.map((g) => {
    const e = (typeof g === 'string' ? { term: g } : g) as Record<string, unknown>;
    const term = str(e?.term);
    if (!term) throw new ProfileError(`${where}/${id}: a glossary entry needs a term`);
    const al = strs(e.aliases);
    return { term, aliases: al, keys: [term, ...al].map((x) => normTitle(x)), definition: str(e.definition) };
  });
  return it;
}

/** Validates a parsed profile object; throws ProfileError with what is wrong. */
export function parseProfile(raw: unknown, source: Profile['source'] = 'workspace'): Profile {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ProfileError('a profile must be a mapping');
  const r = raw as Record<string, unknown>;
  const id = str(r.id);
  if (!id) throw new ProfileError('profile id is required');
  if (!Array.isArray(r.parts) || !r.parts.length) throw new ProfileError(`${id}: parts are required`);
  const nm = r.name as Record<string, unknown> | string | undefined;
  const name =
    typeof nm === 'string'
      ? { 'zh-CN': nm, en: nm }
      : { 'zh-CN': str(nm?.['zh-CN']) ?? id, en: str(nm?.en) ?? str(nm?.['zh-CN']) ?? id };
  const perf = (r.performance ?? {}) as Record<string, unknown>;
  const grades = Array.isArray(perf.grades)
    ? (perf.grades as Array<Record<string, unknown>>)
        .map((g) => ({ grade: String(g.grade), min: Number(g.min) }))
        .filter((g) => g.grade && Number.isFinite(g.min))
        .sort((a, b) => b.min - a.min)
    : DEFAULT_GRADES;
  return {
    id,
    name,
    kinds: strs(r.kinds),
    detect: strs(r.detect),
    asOf: Number.isInteger(r.asOf) ? (r.asOf as number) : 0,
    parts: r.parts.map((p, i) => item(p, 'part', i, undefined, id)),
    performance: {
      weightTotal: typeof perf.weightTotal === 'number' ? perf.weightTotal : 100,
      grades,
      scoring: perf.scoring === 'none' ? 'none' : 'proportional',
    },
    source,
  };
}

/**
 * The profiles in a profile file's text (one profile, or a YAML list of them), validated; for
 * hosts that read the files a workspace names (the CLI's --profile, `.suanpan.yaml`).
 * Throws ProfileError with what is wrong.
 */
export function readProfileText(text: string): unknown[] {
  let raw: unknown;
  const deep = yamlNestingProblem(text);
  if (deep) throw new ProfileError(deep.message.en);
  try {
    raw = YAML.parse(text);
  } catch (e) {
    throw new ProfileError(`YAML: ${(e as Error).message}`);
  }
  const list = Array.isArray(raw) ? raw : [raw];
  for (const one of list) parseProfile(one);
  return list;
}

export const BUILTIN_PROFILES: Profile[] = ((DATA.profiles as unknown[]) ?? []).map((p) => parseProfile(p, 'builtin'));

export interface ProfileSet {
  profiles: Profile[];
  /** Invalid workspace profiles. */
  errors: string[];
  /** The profile detected for a report's signature (structure.ts), for these profiles. */
  choices: CappedMemo<string, string>;
}

const BUILTIN: ProfileSet = { profiles: BUILTIN_PROFILES, errors: [], choices: new CappedMemo(500) };

/**
 * The built-in profiles and the workspace's (a workspace profile replaces a built-in one of the
 * same id). The workspace's are parsed once per engine (by the identity of the list).
 */
export function allProfiles(extra: unknown[] | undefined, caches: EngineCaches): ProfileSet {
  if (!extra || !extra.length) return BUILTIN;
  const cached = caches.profiles.get(extra);
  if (cached) return cached;
  const errors: string[] = [];
  const mine: Profile[] = [];
  for (const raw of extra) {
    try {
      mine.push(parseProfile(raw, 'workspace'));
    } catch (e) {
      errors.push((e as Error).message);
    }
  }
  const ids = new Set(mine.map((p) => p.id));
  const out = {
    profiles: [...mine, ...BUILTIN_PROFILES.filter((p) => !ids.has(p.id))],
    errors,
    choices: new CappedMemo<string, string>(500),
  };
  caches.profiles.set(extra, out);
  return out;
}

/** Fills {unit}, {year}, {prevYear} in a profile text. */
export function fillIn(s: string, unit: string | undefined, year: number | undefined): string {
  return s
    .replace(/\{unit\}/g, unit ?? '本单位')
    .replace(/\{year\}/g, year ? String(year) : 'XXXX')
    .replace(/\{prevYear\}/g, year ? String(year - 1) : 'XXXX');
}

/** Every item of a profile (parts, sections at any depth, tables), depth first. */
export function* items(p: Profile): Generator<ProfileItem> {
  const walk = function* (it: ProfileItem): Generator<ProfileItem> {
    yield it;
    for (const c of it.children) yield* walk(c);
    for (const t of it.tables) yield t;
  };
  for (const part of p.parts) yield* walk(part);
}
