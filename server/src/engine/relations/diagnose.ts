/**
 * Finds the figure at fault. Each constraint that fails (beyond rounding) is a symptom; the
 * failing constraints that share figures form a cluster. Under a single-fault hypothesis the
 * culprit is a figure common to every constraint of its cluster whose corrected value
 * (solved from one constraint, rounded to its written precision) satisfies every constraint
 * it takes part in. Among several such figures, the one the fewest satisfied constraints
 * corroborate is chosen; ties go to the derived figure (a rate, a share, a total).
 */
import { Written, written } from '../util/decimal';
import type { Fact } from '../facts/extract';
import type { Constraint, Eval, Val } from './network';

export interface Symptom {
  constraint: Constraint;
  eval: Eval;
}

export interface Diagnosis {
  /** Culprit figure, its corrected value, and the symptoms it explains. */
  culprits: Array<{ fact: Fact; value: Written; symptoms: Symptom[]; primary: Constraint }>;
  /** Failures no single figure explains (reported at the constraint's derived figure, with a
   *  suggested value only when it would not break another relation). */
  unexplained: Array<Symptom & { suggestion?: Written }>;
}

export function diagnose(constraints: Constraint[], evals: Map<Constraint, Eval>): Diagnosis {
  const byFact = new Map<Fact, Constraint[]>();
  for (const c of constraints) {
    for (const f of c.facts) {
      const l = byFact.get(f);
      if (l) l.push(c);
      else byFact.set(f, [c]);
    }
  }
  const failed = constraints.filter((c) => evals.get(c)!.status === 'mismatch');
  const clusters = clustersOf(failed);
  const out: Diagnosis = { culprits: [], unexplained: [] };
  const original: Val = (f) => f.written;

  for (const cluster of clusters) {
    let common = new Set<Fact>(cluster[0].facts);
    for (const c of cluster.slice(1)) common = new Set(c.facts.filter((f) => common.has(f)));
    const valid: Array<{ fact: Fact; value: Written; support: number }> = [];
    for (const f of common) {
      const value = solveFor(f, cluster, byFact.get(f) ?? [], original);
      if (!value) continue;
      // Corroboration: the other relations the figure satisfies (「其中」 bounds prove little).
      const support = (byFact.get(f) ?? []).filter(
        (c) => !cluster.includes(c) && c.mode !== 'le' && evals.get(c)!.status !== 'undefined',
      ).length;
      valid.push({ fact: f, value, support });
    }
    const symptoms = cluster.map((c) => ({ constraint: c, eval: evals.get(c)! }));
    const unexplained = () =>
      symptoms.map((s) => ({
        ...s,
        suggestion: solveFor(s.constraint.target, [s.constraint], byFact.get(s.constraint.target) ?? [], original),
      }));
    if (!valid.length) {
      out.unexplained.push(...unexplained());
      continue;
    }
    const min = Math.min(...valid.map((v) => v.support));
    const best = valid.filter((v) => v.support === min);
    // ties: a stated figure before a blank cell, then the derived figure of a failing relation
    const stated = best.filter((v) => !v.fact.blank);
    const pick =
      best.length === 1
        ? best[0]
        : stated.length === 1
          ? stated[0]
          : best.find((v) => cluster.some((c) => c.target === v.fact));
    if (!pick) {
      out.unexplained.push(...unexplained());
      continue;
    }
    // the relation the culprit is the derived figure of names the finding; bounds (其中 ≤ total) last
    const own = cluster.filter((c) => c.target === pick!.fact).sort(byRulePriority);
    const primary = own[0] ?? [...cluster].sort(byRulePriority)[0];
    out.culprits.push({ fact: pick.fact, value: pick.value, symptoms, primary });
  }
  return out;
}

const PRIORITY = ['sum', 'repeated', 'share', 'yoy', 'budget'];
function byRulePriority(a: Constraint, b: Constraint): number {
  return Number(a.mode === 'le') - Number(b.mode === 'le') || PRIORITY.indexOf(a.rule) - PRIORITY.indexOf(b.rule);
}

/**
 * A value for f, at f's written precision, that satisfies every constraint f takes part in.
 * Each failing constraint proposes a value; the one most of them propose wins, then the one
 * from the most exact kind of relation (an equality or a sum beats the inverse of a ratio).
 */
function solveFor(f: Fact, cluster: Constraint[], mine: Constraint[], val: Val): Written | undefined {
  const proposals = new Map<string, { w: Written; votes: number; rank: number }>();
  for (const c of cluster) {
    const v = c.solve(f, val);
    if (!v || !v.isFinite()) continue;
    if (f.written.value.gte(0) && v.lt(0)) continue;
    const w = written(v, f.written.decimals);
    const key = w.value.toString();
    const p = proposals.get(key);
    const rank = SOLVE_RANK.indexOf(c.rule);
    if (p) {
      p.votes++;
      p.rank = Math.min(p.rank, rank);
    } else proposals.set(key, { w, votes: 1, rank });
  }
  const ordered = [...proposals.values()].sort((a, b) => b.votes - a.votes || a.rank - b.rank);
  for (const { w } of ordered) {
    const sub: Val = (x) => (x === f ? w : x.written);
    const ok = mine.every((m) => {
      const st = m.evaluate(sub).status;
      return st === 'exact' || st === 'rounding' || st === 'truncated' || st === 'undefined' || st === 'zero-base';
    });
    if (ok) return { ...w, grouped: f.written.grouped };
  }
  return undefined;
}

const SOLVE_RANK = ['repeated', 'sum', 'yoy', 'budget', 'share'];

function clustersOf(failed: Constraint[]): Constraint[][] {
  const parent = failed.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const owner = new Map<Fact, number>();
  failed.forEach((c, i) => {
    for (const f of c.facts) {
      const j = owner.get(f);
      if (j === undefined) owner.set(f, i);
      else parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, Constraint[]>();
  failed.forEach((c, i) => {
    const r = find(i);
    const g = groups.get(r);
    if (g) g.push(c);
    else groups.set(r, [c]);
  });
  return [...groups.values()];
}
