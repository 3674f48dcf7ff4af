/**
 * The 类/款/项 names of the 支出功能分类 across years: the rows of a report's coded tables name
 * their codes (「201 05 07 专项普查活动」), and last year's report names the same codes. A name
 * that differs between the two, where the dictionary (server/data/classification.yaml) records
 * no renaming of that code between their years, is a slip in one of them (or a renaming the
 * dictionary does not hold: never certain). The dictionary decides where it can: a name that is
 * its year's official name is right; a code renamed between the two years (a former name, its
 * `until`) says nothing; a former or sibling code's name is official-name's finding.
 */
import { classDictionary as dict, levelOfCode } from '../knowledge/classification';
import { normLabel } from '../knowledge';
import type { Extraction } from '../facts/extract';
import { classMentions, type ClassMention } from '../facts/class-mentions';
import { piecesOf } from '../read/pieces';
import type { DocRef, ReportDoc } from '../read/model';
import type { Span } from '../types';

/** A 功能分类 code named in a report: a row of one of its coded tables. */
export interface CrossName<D extends DocRef = DocRef> {
  code: string;
  name: string;
  span: Span;
  /** The document the row is in (the report, or its linked tables file). */
  doc?: D;
}

/**
 * How a name compares with the partner's name of the same code:
 *   same      the same name
 *   cut       one is the other cut short (a narrow column): not compared
 *   renamed   the dictionary records the change between the two years, each name its year's
 *   official  this name is its year's official name (the partner's, if it differs, is the slip)
 *   own       a former name of the code or a sibling's name: official-name reports it
 *   earlier   the names differ, the dictionary does not decide: the finding is on the later report
 *   differs   the names differ and this name is at fault (a finding here)
 */
export type NameVerdict = 'same' | 'cut' | 'renamed' | 'official' | 'own' | 'earlier' | 'differs';

export interface NameRelation {
  code: string;
  here: CrossName<ReportDoc>;
  /** The partner report's name of the code (its rows all agree on it). */
  there: CrossName;
  /** The partner report's year. */
  year: number;
  verdict: NameVerdict;
  /** The name the dictionary gives for this report's year, when it holds the code. */
  official?: string;
  /** The partner's name is the official name of its year (the dictionary backs it). */
  backed?: boolean;
}

const FUNCTIONAL = /^2\d{2}(?:\d{2}){0,2}$/;

/**
 * The named 功能分类 codes of a report: the rows of its coded tables, and the names its prose
 * states whose code is certain (proseNames).
 */
export function crossNames(ex: Extraction, report?: ReportDoc, year?: number): CrossName<ReportDoc>[] {
  const rows = tableNames(ex);
  return report ? [...rows, ...proseNames(report, year, rows)] : rows;
}

function tableNames(ex: Extraction): CrossName<ReportDoc>[] {
  const out: CrossName<ReportDoc>[] = [];
  for (const table of ex.tables) {
    if (table.def.layout !== 'coded') continue;
    const doc = table.facts[0]?.doc;
    for (const row of table.rows)
      if (row.code && FUNCTIONAL.test(row.code) && normLabel(row.name))
        out.push({ code: row.code, name: row.name, span: row.nameSpan, doc });
  }
  return out;
}

/**
 * The 「X（类）Y（款）Z（项）」 names of the prose (facts/class-mentions.ts) whose code is certain:
 * the one code of the mention's level (under its parent's code, when the chain's parent has one)
 * that the report's own coded rows give that name, or the dictionary gives it as the official
 * name of the report's year. Two codes (a table and the dictionary disagreeing, 行政运行 with no
 * 款 before it) or none: the name takes no part.
 */
function proseNames(report: ReportDoc, year: number | undefined, rows: CrossName<ReportDoc>[]): CrossName<ReportDoc>[] {
  const byName = new Map<string, string[]>();
  for (const r of rows) {
    const n = normLabel(r.name);
    byName.set(n, [...(byName.get(n) ?? []), r.code]);
  }
  const out: CrossName<ReportDoc>[] = [];
  const list = classMentions(piecesOf(report), year);
  const codes: Array<string | undefined> = [];
  for (let i = 0; i < list.length; i++) {
    const m = list[i];
    const parent = m?.chained && list[i - 1]?.level === m.level - 1 ? codes[i - 1] : undefined;
    const code = m && codeOf(m, parent, byName.get(normLabel(m.name)) ?? [], year);
    codes.push(code);
    if (m && code) out.push({ code, name: m.name, span: m.span, doc: report });
  }
  return out;
}

function codeOf(m: ClassMention, parent: string | undefined, rowCodes: string[], year?: number): string | undefined {
  const n = normLabel(m.name);
  const named = [...dict.codesNamed(m.name, 'functional'), ...dict.codesFormerlyNamed(m.name).map((f) => f.code)];
  const official = named.filter((c) => normLabel(dict.nameOf(c, year) ?? '') === n);
  const fit = new Set(
    [...rowCodes, ...official].filter((c) => levelOfCode(c) === m.level && (!parent || c.startsWith(parent))),
  );
  return fit.size === 1 ? [...fit][0] : undefined;
}

/** The names by code, each code's rows in reading order. */
export function namesByCode<N extends CrossName>(names: N[]): Map<string, N[]> {
  const out = new Map<string, N[]>();
  for (const n of names) {
    const l = out.get(n.code);
    if (l) l.push(n);
    else out.set(n.code, [n]);
  }
  return out;
}

/**
 * The names of this report (year `year`) against a partner's of another year, code by code. A
 * partner whose rows name a code in two ways (not cut short) cannot arbitrate: the code is left
 * to the in-document checks.
 */
export function relateNames(
  here: Map<string, CrossName<ReportDoc>[]>,
  year: number,
  there: Map<string, CrossName[]>,
  thereYear: number,
): NameRelation[] {
  const out: NameRelation[] = [];
  for (const [code, rows] of here) {
    const theirs = there.get(code);
    const t = theirs && agreed(theirs);
    if (!t) continue;
    for (const h of rows) out.push(compare(code, h, year, t, thereYear));
  }
  return out;
}

/** The one name the rows agree on (the longest, when the others are it cut short). */
function agreed(rows: CrossName[]): CrossName | undefined {
  let best = rows[0];
  for (const r of rows) {
    const a = normLabel(r.name);
    const b = normLabel(best.name);
    if (a === b || b.startsWith(a)) continue;
    if (a.startsWith(b)) best = r;
    else return undefined;
  }
  return best;
}

function compare(code: string, h: CrossName<ReportDoc>, year: number, t: CrossName, thereYear: number): NameRelation {
  const a = normLabel(h.name);
  const b = normLabel(t.name);
  const official = dict.nameOf(code, year);
  const theirs = dict.nameOf(code, thereYear);
  const backed = !!theirs && normLabel(theirs) === b;
  const base = { code, here: h, there: t, year: thereYear, official, backed };
  if (a === b) return { ...base, verdict: 'same' };
  if (a.startsWith(b) || b.startsWith(a)) return { ...base, verdict: 'cut' };
  const mine = official !== undefined && normLabel(official) === a;
  if (mine && backed && official !== theirs) return { ...base, verdict: 'renamed' };
  if (mine) return { ...base, verdict: 'official' };
  if (official !== undefined && (dict.formerOf(code, h.name) || siblingNamed(code, h.name)))
    return { ...base, verdict: 'own' };
  if (backed || year > thereYear) return { ...base, verdict: 'differs' };
  return { ...base, verdict: 'earlier' };
}

/** The name is the official name of one sibling code (the same parent and level): official-name's finding. */
function siblingNamed(code: string, name: string): boolean {
  const others = dict
    .codesNamed(name, 'functional')
    .filter((c) => c !== code && levelOfCode(c) === levelOfCode(code) && c.slice(0, -2) === code.slice(0, -2));
  return others.length === 1;
}
