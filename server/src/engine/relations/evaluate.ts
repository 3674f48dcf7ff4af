/**
 * Stage relations, second half: every constraint of the network evaluated with rounding
 * intervals (shares adjusted to total 100% recognised as such), the tables whose figures are
 * shifted against their labels (shift.ts: the relations a shift explains are its, not the
 * diagnosis's), then the diagnosis of the figures at fault. Computed once per check; the relation rules report from it.
 */
import { D, HUNDRED } from '../util/decimal';
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
export function evaluateRelations(net: Network, tables: TableModel[] = []): Relations {
  const evals = new Map<Constraint, Eval>();
  const of = new Map<Fact, Constraint[]>();
  for (const c of net.constraints) {
    evals.set(
      c,
      c.evaluate((f) => f.written),
    );
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
