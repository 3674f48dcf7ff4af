/**
 * The identity families of a concept (server/data/identities.yaml): the totals it is a part of,
 * and so which figures are its siblings. A 其中 list reads its items by them (facts/lists.ts): a
 * list goes on past a sentence or a 「；」 only with an item of its own family, and an item named
 * by a short label (运行费 under 公务用车购置及运行维护费) is the one part of its head that label names.
 */
import { knowledge } from './index';
import { conceptKey, parseConcept } from './concept';

export interface Family {
  /** The identity and scope (and class, for a class's items): equal keys are siblings. */
  key: string;
  /** The concept key of the family's total. */
  total: string;
}

const families = new Map<string, readonly Family[]>();

/** The families a concept key is a part of (none for a concept no identity sums). */
export function familiesOf(concept: string): readonly Family[] {
  let got = families.get(concept);
  if (!got) {
    got = computeFamilies(concept);
    if (families.size < 4096) families.set(concept, got);
  }
  return got;
}

function computeFamilies(concept: string): Family[] {
  const { scope, base, path } = parseConcept(concept);
  const out: Family[] = [];
  for (const def of knowledge.identities) {
    if (!def.scopes.includes(scope)) continue;
    if (def.total && def.parts?.includes(base)) out.push({ key: `${def.id}:${scope}`, total: `${scope}.${def.total}` });
    else if (def.total && def.partsPattern && !base.includes('#')) {
      if (base.startsWith(def.partsPattern.replace('*', ''))) {
        out.push({ key: `${def.id}:${scope}`, total: `${scope}.${def.total}` });
      }
    } else if (def.totalPattern && def.partsPattern && !base.includes('#')) {
      const x = base.slice(base.indexOf(':') + 1).split('/')[0];
      if (!x || path.length < 2) continue;
      if (base.startsWith(def.partsPattern.replace('{x}', x).replace('*', ''))) {
        out.push({ key: `${def.id}:${scope}:${x}`, total: `${scope}.${def.totalPattern.replace('{x}', x)}` });
      }
    }
  }
  return out;
}

/** Whether `part` adds up to `total` by an identity. */
export function partOf(part: string, total: string): boolean {
  return familiesOf(part).some((f) => f.total === total);
}

/** Whether `a` and `b` are parts of one total. */
export function siblings(a: string, b: string): boolean {
  const fb = familiesOf(b);
  return familiesOf(a).some((f) => fb.some((g) => g.key === f.key));
}

/**
 * The one part of a total that a short label names: a label of the part ends with it
 * (「运行费」 of 公务用车购置及运行维护费 is 公务用车运行费, 公务用车运行维护费). Undefined when no part
 * or more than one does.
 */
export function partNamed(total: string, label: string): string | undefined {
  if (label.length < 2) return undefined;
  const { scope, base } = parseConcept(total);
  let hit: string | undefined;
  for (const def of knowledge.identities) {
    if (def.total !== base || !def.parts || !def.scopes.includes(scope)) continue;
    for (const p of def.parts) {
      const key = conceptKey(p, scope);
      const labels = [...knowledge.labelsOf(key), ...knowledge.labelsOf(p)];
      if (!labels.some((l) => l.endsWith(label))) continue;
      if (hit && hit !== key) return undefined;
      hit = key;
    }
  }
  return hit;
}
