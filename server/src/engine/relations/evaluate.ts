/**
 * Stage relations, second half: every constraint of the network evaluated with rounding
 * intervals (shares adjusted to total 100% recognised as such), the tables whose figures are
 * shifted against their labels (shift.ts: the relations a shift explains are its, not the
 * diagnosis's), then the diagnosis of the figures at fault. Computed once per check; the relation rules report from it.
 *
 * An engine keeps the evaluations of earlier checks (EvalCache) by what an evaluation reads: the
 * constraint's kind and form, and each of its figures as written (value, decimals, interval), with
 * its factor and unit kind. A relation whose figures an edit left as they were is not evaluated
 * again; its formula is made again from the constraint of this check when someone reads it.
 */
import { D, HUNDRED, type Dec, type Written } from '../util/decimal';
import { CappedMemo } from '../util/cache';
import type { Fact } from '../facts/extract';
import type { TableModel } from '../facts/tables';
import type { Network } from './build';
import { diagnose, type Diagnosis } from './diagnose';
import type { Constraint, Eval } from './network';
import { findShifts, type TableShift } from './shift';

export interface Relations {
  evals: Map<Constraint, Eval>;
  diagnosis: Diagnosis;
  /** The relations each figure takes part in (a scan of the network per figure would be quadratic). */
  of: Map<Fact, Constraint[]>;
  /** Tables whose figures are shifted against their labels, with the failing relations each explains. */
  shifts: TableShift[];
}

/** The network evaluated; `tables` are the report's tables (searched for shifted figures). */
export function evaluateRelations(net: Network, tables: TableModel[] = [], cache?: EvalCache): Relations {
  const evals = new Map<Constraint, Eval>();
  const of = new Map<Fact, Constraint[]>();
  for (const c of net.constraints) {
    evals.set(c, cache ? cache.evaluate(c) : c.evaluate(asWritten));
    for (const x of c.facts) {
      const l = of.get(x);
      if (l) l.push(c);
      else of.set(x, [c]);
    }
  }
  markNudgedShares(net.constraints, evals);
  const shifts = findShifts(tables, evals, of);
  const explained = new Set(shifts.flatMap((s) => s.explained));
  const rest = explained.size ? net.constraints.filter((c) => !explained.has(c)) : net.constraints;
  return { evals, diagnosis: diagnose(rest, evals), of, shifts };
}

const asWritten = (f: Fact) => f.written;

/** An evaluation without its formula: what the cache keeps (the formula holds the figures of its check). */
type Kept = Omit<Eval, 'formula'>;

/** Evaluations of earlier checks by what they read (see the head of this file). */
export class EvalCache {
  private readonly evals = new CappedMemo<string, Kept>(16384);
  private readonly writtenKeys = new WeakMap<Written, string>();
  private readonly factorKeys = new WeakMap<Dec, string>();

  evaluate(c: Constraint): Eval {
    const key = this.key(c);
    const kept = this.evals.get(key);
    if (kept) {
      let formula: Eval['formula'] | undefined;
      const again = () => (formula ??= c.evaluate(asWritten).formula);
      return {
        ...kept,
        formula: {
          get 'zh-CN'() {
            return again()['zh-CN'];
          },
          get en() {
            return again().en;
          },
        },
      };
    }
    const e = c.evaluate(asWritten);
    const { formula: _formula, ...rest } = e;
    this.evals.set(key, rest);
    return e;
  }

  private key(c: Constraint): string {
    const form = [c.rule, c.mode ?? '', c.direction ?? '', c.budget?.rateKind ?? '', c.title.en];
    let k = form.join('\u0001');
    for (const f of c.facts)
      k += `\u0001${this.writtenKey(f.written)}\u0002${this.factorKey(f.factor)}\u0002${f.unitKind}`;
    return k;
  }
  private writtenKey(w: Written): string {
    let k = this.writtenKeys.get(w);
    if (k === undefined) {
      k = `${w.value.toString()}\u0002${w.decimals}\u0002${w.interval.lo.toString()}\u0002${w.interval.hi.toString()}`;
      this.writtenKeys.set(w, k);
    }
    return k;
  }
  private factorKey(d: Dec): string {
    let k = this.factorKeys.get(d);
    if (k === undefined) this.factorKeys.set(d, (k = d.toString()));
    return k;
  }
}

/** A share off by one unit in its last place, whose siblings were adjusted to total 100%. */
function markNudgedShares(constraints: Constraint[], evals: Map<Constraint, Eval>): void {
  const byWhole = new Map<Fact, Constraint[]>();
  for (const c of constraints) {
    if (c.rule !== 'share') continue;
    const w = c.facts[1];
    const l = byWhole.get(w);
    if (l) l.push(c);
    else byWhole.set(w, [c]);
  }
  for (const siblings of byWhole.values()) {
    if (siblings.length < 2) continue;
    const total = siblings.reduce((a, c) => a.plus(c.target.written.value), new D(0));
    if (!total.eq(HUNDRED)) continue;
    const partsSum = siblings.reduce((a, c) => a.plus(c.facts[0].written.value.times(c.facts[0].factor)), new D(0));
    const whole = siblings[0].facts[1];
    if (!partsSum.div(whole.factor).toDecimalPlaces(whole.written.decimals).eq(whole.written.value)) continue;
    for (const c of siblings) {
      const e = evals.get(c)!;
      if (e.status !== 'mismatch' || !e.point) continue;
      const ulp = new D(10).pow(-c.target.written.decimals);
      if (e.point.minus(c.target.written.value).abs().lte(ulp.times(1.5))) {
        evals.set(c, { ...e, status: 'exact', nudged: true } as Eval);
      }
    }
  }
}
