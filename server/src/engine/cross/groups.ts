/**
 * The reports of a batch that may be checked against each other, as groups: every pair pairsOf
 * can find (the same unit a year apart, a budget and its 决算, a department and the units it
 * lists, the reports of an explicit set) falls inside one group, and so do the reports that
 * decide whether a pair is found (every unit report a department lists is counted). A host that
 * checks reports apart (on several threads) runs the cross rules over each group alone: the same
 * findings as over the whole batch, from the identities only.
 */
import type { DocIdentity } from './identity';

export interface GroupMember {
  /** The report's path as checked (its doc.path); a report without one takes no part. */
  path?: string;
  identity: DocIdentity;
}

/**
 * The groups of two or more reports, each as indices into `members` in their order, in the order
 * of their first member.
 */
export function crossGroups(members: GroupMember[], sets: string[][] = []): number[][] {
  const up = members.map((_, i) => i);
  const find = (i: number): number => {
    while (up[i] !== i) i = up[i] = up[up[i]];
    return i;
  };
  const join = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) up[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const live = members.map((m, i) => ({ m, i })).filter((x) => x.m.path);
  // an explicit set: its reports pair with one another whatever their unit names
  const byPath = new Map<string, number[]>();
  for (const x of live) byPath.set(x.m.path!, [...(byPath.get(x.m.path!) ?? []), x.i]);
  for (const set of sets) {
    const inSet = set.flatMap((p) => byPath.get(p) ?? []);
    for (const i of inSet.slice(1)) join(inSet[0], i);
  }
  // the same unit and level: a year apart, or a budget and its 决算 of one year
  const byUnit = new Map<string, number[]>();
  for (const x of live) {
    const u = x.m.identity.unit;
    if (!u) continue;
    const same = byUnit.get(u) ?? [];
    for (const j of same) if (mayPair(members[j].identity, x.m.identity)) join(j, x.i);
    same.push(x.i);
    byUnit.set(u, same);
  }
  // a department and every report of a unit it lists (the list decides its pairs)
  for (const d of live) {
    const units = d.m.identity.level === '部门' ? d.m.identity.units : undefined;
    if (!units?.length) continue;
    for (const n of units) {
      for (const u of byUnit.get(n) ?? []) join(d.i, u);
    }
  }
  const groups = new Map<number, number[]>();
  for (const x of live) {
    const r = find(x.i);
    if (!groups.has(r)) groups.set(r, []);
    groups.get(r)!.push(x.i);
  }
  return [...groups.values()].filter((g) => g.length > 1);
}

/** Two reports of one unit pairsOf may pair: the same level, a year apart or a budget and its 决算. */
function mayPair(a: DocIdentity, b: DocIdentity): boolean {
  if (a.level !== b.level) return false;
  if (Math.abs((a.year ?? 0) - (b.year ?? 0)) === 1) return true;
  return a.year === b.year && !!a.stage && !!b.stage && a.stage !== b.stage;
}
