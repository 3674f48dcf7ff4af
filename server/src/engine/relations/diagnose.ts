/**
 * Finds the figure at fault. Each constraint that fails (beyond rounding) is a symptom; the
 * failing constraints that share figures form a cluster. Under a single-fault hypothesis the
 * culprit is a figure common to every constraint of its cluster whose corrected value
 * (solved from one constraint, rounded to its written precision) satisfies every constraint
 * it takes part in. Among several such figures, the one the fewest satisfied constraints
 * corroborate is chosen; ties go to the derived figure (a rate, a share, a total).
 */
import { D, Dec, Written, fmtLike, written } from '../util/decimal';
import type { Fact } from '../facts/extract';
import type { Constraint, Eval, Val } from './network';
import { pushAll } from '../util/array';

export interface Symptom {
  constraint: Constraint;
  eval: Eval;
}

export interface Culprit {
  fact: Fact;
  value: Written;
  symptoms: Symptom[];
  primary: Constraint;
  /**
   * The correction is certain: this is the only figure whose correction satisfies every failing
   * relation without breaking one that holds, and its value follows exactly (from a sum or an
   * equality, or as the derived figure itself; not from the inverse of a rounded ratio).
   */
  certain: boolean;
  /** The other figures whose correction would explain the failures as well (when not certain). */
  alternatives: Array<{ fact: Fact; value: Written }>;
}

export interface Diagnosis {
  /** Culprit figure, its corrected value, and the symptoms it explains. */
  culprits: Culprit[];
  /** Failures no single figure explains (reported at the constraint's derived figure, with a
   *  suggested value only when it would not break another relation). */
  unexplained: Array<Symptom & { suggestion?: Written }>;
}

/**
 * The work of a diagnosis, counted in figures evaluated (a constraint of n figures costs n), and
 * its limit: a multiple of the network's size. Trying a value for a figure evaluates every
 * relation it takes part in, so a figure in one long sum (a table of thousands of rows) makes
 * each try as long as the table. Past the limit (two tries of every figure, or 20,000 figures:
 * ten times what a report with a typo takes) the clusters left are failures without a culprit
 * or a suggested value (never a guess), and the diagnosis stays linear in the network.
 */
export class Work {
  spent = 0;
  constructor(readonly limit: number) {}
  static for(constraints: Constraint[]): Work {
    let size = 0;
    for (const c of constraints) size += c.facts.length;
    return new Work(WORK_PER_FIGURE * size + WORK_BASE);
  }
  over(): boolean {
    return this.spent > this.limit;
  }
  evaluate(c: Constraint, val: Val): Eval {
    this.spent += c.facts.length;
    return c.evaluate(val);
  }
  solve(c: Constraint, f: Fact, val: Val): Dec | undefined {
    this.spent += c.facts.length;
    return c.solve(f, val);
  }
}

const WORK_PER_FIGURE = 2;
const WORK_BASE = 20_000;

export function diagnose(
  constraints: Constraint[],
  evals: Map<Constraint, Eval>,
  work: Work = Work.for(constraints),
): Diagnosis {
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
    const symptoms = cluster.map((c) => ({ constraint: c, eval: evals.get(c)! }));
    if (work.over()) {
      pushAll(out.unexplained, symptoms);
      continue;
    }
    const { valid, unruled } = candidatesOf(cluster, byFact, evals, work);
    const unexplained = () =>
      symptoms.map((s) => ({
        ...s,
        suggestion: work.over()
          ? undefined
          : solveFor(s.constraint.target, [s.constraint], new Set([s.constraint]), byFact, original, work)?.value,
      }));
    if (work.over()) {
      // the figures were not all tried: no culprit can be singled out
      pushAll(out.unexplained, symptoms);
      continue;
    }
    if (!valid.length) {
      pushAll(out.unexplained, unexplained());
      continue;
    }
    // a correction that turns a relation holding exactly into a 尾差 breaks it: ruled out when
    // another candidate breaks none
    const least = Math.min(...valid.map((v) => v.degraded));
    const plausible = valid.filter((v) => v.degraded === least);
    const min = Math.min(...plausible.map((v) => v.support));
    const best = plausible.filter((v) => v.support === min);
    // ties: a stated figure before a blank cell, then the derived figure of a failing relation
    const stated = best.filter((v) => !v.fact.blank);
    const pick =
      best.length === 1
        ? best[0]
        : stated.length === 1
          ? stated[0]
          : best.find((v) => cluster.some((c) => c.target === v.fact));
    if (!pick) {
      pushAll(out.unexplained, unexplained());
      continue;
    }
    // the relation the culprit is the derived figure of names the finding; bounds (其中 ≤ total) last
    const own = cluster.filter((c) => c.target === pick!.fact).sort(byRulePriority);
    const primary = own[0] ?? [...cluster].sort(byRulePriority)[0];
    const alternatives = plausible.filter((v) => v !== pick).map((v) => ({ fact: v.fact, value: v.value }));
    const certain = !alternatives.length && !unruled && pick.exact;
    out.culprits.push({ fact: pick.fact, value: pick.value, symptoms, primary, certain, alternatives });
  }
  return out;
}

type Candidate = { fact: Fact; value: Written; exact: boolean; support: number; degraded: number };

/**
 * The figures common to every failing relation of a cluster whose correction satisfies all their
 * relations, and whether a figure may remain that no value was found for, but only from the
 * inverse of a rounded ratio (which pins a value to a range the point tried may miss).
 */
function candidatesOf(
  cluster: Constraint[],
  byFact: Map<Fact, Constraint[]>,
  evals: Map<Constraint, Eval>,
  work: Work,
): { valid: Candidate[]; unruled: boolean } {
  const original: Val = (f) => f.written;
  let common = new Set<Fact>(cluster[0].facts);
  for (const c of cluster.slice(1)) common = new Set(c.facts.filter((f) => common.has(f)));
  const valid: Candidate[] = [];
  let unruled = false;
  const inCluster = new Set(cluster);
  for (const f of common) {
    if (work.over()) break;
    const solved = solveFor(f, cluster, inCluster, byFact, original, work);
    if (!solved) {
      // ruled out all the same when a sum or an equality that holds exactly pins the figure
      const pinned = (byFact.get(f) ?? []).some(
        (c) => !inCluster.has(c) && c.mode !== 'le' && exactlySolvable(c, f) && evals.get(c)!.status === 'exact',
      );
      unruled ||= !pinned && !cluster.some((c) => exactlySolvable(c, f));
      continue;
    }
    const { value, exact } = solved;
    const degraded = degradedBy(f, value, byFact.get(f) ?? [], inCluster, evals, work);
    // Corroboration: the other relations the figure satisfies (「其中」 bounds prove little).
    const support = (byFact.get(f) ?? []).filter(
      (c) => !inCluster.has(c) && c.mode !== 'le' && evals.get(c)!.status !== 'undefined',
    ).length;
    valid.push({ fact: f, value, exact, support, degraded });
  }
  return { valid, unruled };
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
function solveFor(
  f: Fact,
  cluster: Constraint[],
  inCluster: ReadonlySet<Constraint>,
  byFact: Map<Fact, Constraint[]>,
  val: Val,
  work: Work,
): { value: Written; exact: boolean } | undefined {
  const mine = byFact.get(f) ?? [];
  // the bookkeeping below is as long as the relations of f and the cluster: work too
  work.spent += mine.length + cluster.length;
  const proposals = new Map<string, { w: Written; votes: number; rank: number; exact: boolean }>();
  for (const c of cluster) {
    const v = work.solve(c, f, val);
    if (!v || !v.isFinite()) continue;
    if (f.written.value.gte(0) && v.lt(0)) continue;
    const w = written(v, f.written.decimals);
    const key = w.value.toString();
    const p = proposals.get(key);
    const rank = SOLVE_RANK.indexOf(c.rule);
    // exact: the figure computed forward, or solved from a sum or an equality (not a ratio's inverse)
    const exact = exactlySolvable(c, f);
    if (p) {
      p.votes++;
      p.rank = Math.min(p.rank, rank);
      p.exact ||= exact;
    } else proposals.set(key, { w, votes: 1, rank, exact });
  }
  // a single fault: the value satisfies every failing relation, so the few proposals most of them
  // agree on are the only ones worth trying (each try evaluates every relation of f: linear work)
  const ordered = [...proposals.values()].sort((a, b) => b.votes - a.votes || a.rank - b.rank).slice(0, MAX_TRIES);
  // the failing relations first: a value they reject is rejected without the rest
  const checked = [...mine.filter((m) => inCluster.has(m)), ...mine.filter((m) => !inCluster.has(m))];
  const statuses = (w: Written) => {
    const sub: Val = (x) => (x === f ? w : x.written);
    return mine.map((m) => work.evaluate(m, sub).status);
  };
  const fitting = (x: string) =>
    x === 'exact' || x === 'rounding' || x === 'truncated' || x === 'undefined' || x === 'zero-base';
  const fitsAll = (w: Written) => {
    const sub: Val = (x) => (x === f ? w : x.written);
    return checked.every((m) => fitting(work.evaluate(m, sub).status));
  };
  for (const { w, exact } of ordered) {
    if (!fitsAll(w)) continue;
    // Within rounding intervals the neighbours of w may fit as well (a figure stated with a 尾差):
    // the value is certain when it is the only one that fits, or the only one that a single typo
    // (one digit changed, two swapped, one added or dropped) turns into the written figure.
    const ulp = new D(10).pow(-w.decimals);
    const fits = [-2, -1, 0, 1, 2]
      .map((k) => written(w.value.plus(ulp.times(k)), w.decimals))
      .filter((x) => !(f.written.value.gte(0) && x.value.lt(0)) && fitsAll(x));
    // a value that only truncation explains would be the next check's finding (and fix): a
    // correction settles only at a value every relation holds at, exactly or within rounding
    const known = new Map(fits.map((x) => [x, statuses(x)]));
    // (truncated as the derived figure of a relation: that relation's finding would be about f)
    const options = fits.filter((x) => !known.get(x)!.some((st, i) => st === 'truncated' && mine[i].target === f));
    if (!options.length) return { value: { ...w, grouped: f.written.grouped }, exact: false };
    const typos = options.filter((x) => isTypo(digitsOf(x), digitsOf(f.written)));
    // among the typos, the one that makes the most relations hold exactly
    const exactCount = (x: Written) => known.get(x)!.filter((st) => st === 'exact').length;
    const most = Math.max(...typos.map(exactCount));
    const best = typos.filter((x) => exactCount(x) === most);
    const determined = options.length === 1 || best.length === 1;
    const chosen = options.length === 1 ? options[0] : best.length === 1 ? best[0] : w;
    return { value: { ...chosen, grouped: f.written.grouped }, exact: exact && determined };
  }
  return undefined;
}

/** How many relations of f outside the cluster hold exactly now and not once f has the value. */
function degradedBy(
  f: Fact,
  value: Written,
  mine: Constraint[],
  inCluster: ReadonlySet<Constraint>,
  evals: Map<Constraint, Eval>,
  work: Work,
): number {
  const sub: Val = (x) => (x === f ? value : x.written);
  return mine.filter(
    (c) => !inCluster.has(c) && evals.get(c)!.status === 'exact' && work.evaluate(c, sub).status !== 'exact',
  ).length;
}

/** c determines f exactly: f is c's derived figure, or c is a sum or an equality. */
function exactlySolvable(c: Constraint, f: Fact): boolean {
  return c.target === f || c.rule === 'sum' || c.rule === 'repeated';
}

function digitsOf(w: Written): string {
  return fmtLike(w.value, w.decimals, false).replace(/[^0-9]/g, '');
}

/** One typo apart: one digit changed, two neighbours swapped, or one digit added or dropped. */
function isTypo(a: string, b: string): boolean {
  if (a === b) return false;
  if (a.length === b.length) {
    const diff = [...a].map((c, i) => (c === b[i] ? -1 : i)).filter((i) => i >= 0);
    if (diff.length === 1) return true;
    return diff.length === 2 && diff[1] === diff[0] + 1 && a[diff[0]] === b[diff[1]] && a[diff[1]] === b[diff[0]];
  }
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  if (long.length !== short.length + 1) return false;
  for (let i = 0; i < long.length; i++) if (long.slice(0, i) + long.slice(i + 1) === short) return true;
  return false;
}

/** How many of the proposed values for a figure are tried (most agreed on first). */
const MAX_TRIES = 8;

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
