/**
 * The calculation network: every stated relation and every identity whose facts the report
 * states becomes a constraint between facts. A constraint evaluates with interval arithmetic
 * (consistent iff the computed interval meets the stated one) and can solve for any one of its
 * facts, which is what the diagnosis uses to find the figure at fault.
 */
import {
  D,
  Dec,
  HUNDRED,
  Interval,
  Verdict,
  Written,
  divide,
  judge,
  overCorners,
  reciprocal,
  sumIntervals,
  sumRoundsTo,
  trimDec,
} from '../util/decimal';
import { Fact, factInterval, factPoint, Extraction, BudgetRel, type ShareRel } from '../facts/extract';
import { IdentityDef, Role, inScope, knowledge } from '../knowledge';
import { grammar } from '../knowledge/grammar';
import type { Lang } from '../types';

export type Val = (f: Fact) => Written;
export type Status = Verdict | 'undefined' | 'zero-base';

export interface Eval {
  status: Status;
  /** Computed value of the target in the target's unit. */
  computed?: Interval;
  point?: Dec;
  formula: Record<Lang, string>;
}

export interface Constraint {
  id: string;
  rule: 'sum' | 'share' | 'yoy' | 'budget' | 'repeated';
  /** Identity or relation title. */
  title: Record<Lang, string>;
  facts: Fact[];
  /** The figure derived from the others, reported when no single culprit is found. */
  target: Fact;
  evaluate(val: Val): Eval;
  /** The value of `f` (in its own unit) that satisfies the constraint, others as given. */
  solve(f: Fact, val: Val): Dec | undefined;
  /** Extra payload (e.g. the budget relation). */
  budget?: BudgetRel;
  mode?: 'eq' | 'le';
  direction?: 1 | -1;
}

const base = (f: Fact, val: Val) => factInterval(f, val(f));
const pointOf = (f: Fact, val: Val) => factPoint(f, val(f));
const toUnit = (f: Fact, iv: Interval) => iv.scale(reciprocal(f.factor));
const shown = (f: Fact, val: Val) => {
  const w = val(f);
  return w.value.toFixed(w.decimals) + (f.unitKind === 'percent' ? '%' : '');
};
/** A formula built only when someone reads it (most evaluations never show theirs). */
function lazy(make: () => string): Record<Lang, string> {
  let s: string | undefined;
  const get = () => (s ??= make());
  return {
    get 'zh-CN'() {
      return get();
    },
    get en() {
      return get();
    },
  } as Record<Lang, string>;
}

function verdictOf(target: Fact, val: Val, computed: Interval, point: Dec): Eval['status'] {
  return judge(val(target), toUnit(target, computed), point.div(target.factor));
}

export function sumConstraint(
  id: string,
  title: Record<Lang, string>,
  total: Fact,
  parts: Fact[],
  mode: 'eq' | 'le',
): Constraint {
  const factors = parts.map((p) => p.factor);
  return {
    id,
    rule: 'sum',
    title,
    facts: [total, ...parts],
    target: total,
    mode,
    evaluate(val) {
      // a sum that holds as written (most do): decided in integers, its interval made when read
      if (mode === 'eq') {
        const w = val(total);
        const ws = parts.map((p) => val(p));
        if (sumRoundsTo(ws, factors, total.factor, w))
          // the values as they are now (a caller's `val` may change after it)
          return exactEval(() => full((f) => (f === total ? w : ws[parts.indexOf(f)])));
      }
      return full(val);
    },
    solve(f, val) {
      if (mode === 'le') return undefined;
      const sumOthers = parts.filter((p) => p !== f).reduce((a, p) => a.plus(pointOf(p, val)), new D(0));
      if (f === total) return sumOthers.div(total.factor);
      return pointOf(total, val).minus(sumOthers).div(f.factor);
    },
  };
  function full(val: Val): Eval {
    const iv = sumIntervals(parts.map((p) => base(p, val)));
    const pt = parts.reduce((a, p) => a.plus(pointOf(p, val)), new D(0));
    const formula = lazy(() => {
      const sum = `${parts.map((p) => shown(p, val)).join(' + ')} = ${trimDec(pt.div(total.factor))}`;
      return `${sum}${mode === 'le' ? ' ≤ ' : ' vs '}${shown(total, val)}`;
    });
    if (mode === 'le') {
      const ok = iv.lo.lte(base(total, val).hi);
      return { status: ok ? 'exact' : 'mismatch', computed: toUnit(total, iv), point: pt.div(total.factor), formula };
    }
    return {
      status: verdictOf(total, val, iv, pt),
      computed: toUnit(total, iv),
      point: pt.div(total.factor),
      formula,
    };
  }
}

/** An evaluation known to be exact: the rest of it (interval, point, formula) made when first read. */
function exactEval(make: () => Eval): Eval {
  let e: Eval | undefined;
  const get = () => (e ??= make());
  return {
    status: 'exact',
    get computed() {
      return get().computed;
    },
    get point() {
      return get().point;
    },
    get formula() {
      return get().formula;
    },
  };
}

export function shareConstraint(part: Fact, whole: Fact, pct: Fact): Constraint {
  return {
    id: `share:${pct.id}`,
    rule: 'share',
    title: { 'zh-CN': '占比 = 部分 ÷ 整体 × 100%', en: 'share = part ÷ whole × 100%' },
    facts: [part, whole, pct],
    target: pct,
    evaluate(val) {
      const p = base(part, val),
        w = base(whole, val);
      const head = () => `${shown(part, val)} ÷ ${shown(whole, val)} × 100%`;
      if (w.containsZero()) {
        const zero = pointOf(part, val).isZero() && val(pct).value.isZero();
        return { status: zero ? 'exact' : 'undefined', formula: lazy(head) };
      }
      const iv = divide(p, w)!.scale(HUNDRED);
      const pt = pointOf(part, val).div(pointOf(whole, val)).times(HUNDRED);
      return {
        status: judge(val(pct), iv, pt),
        computed: iv,
        point: pt,
        formula: lazy(() => `${head()} = ${trimDec(pt, 4)}%`),
      };
    },
    solve(f, val) {
      const p = pointOf(part, val),
        w = pointOf(whole, val),
        s = val(pct).value;
      if (f === pct) return w.isZero() ? undefined : p.div(w).times(HUNDRED);
      if (f === part) return s.times(w).div(HUNDRED).div(part.factor);
      return s.isZero() ? undefined : p.times(HUNDRED).div(s).div(whole.factor);
    },
  };
}

/** Year-over-year: delta D (magnitude) and rate R (magnitude) in direction dir from current C. */
export function changeConstraint(current: Fact, delta: Fact, rate: Fact, dir: 1 | -1): Constraint {
  const r = (c: Dec, d: Dec) => {
    const prior = c.minus(d.times(dir));
    return prior.isZero() ? undefined : d.div(prior).times(HUNDRED);
  };
  return {
    id: `yoy:${rate.id}`,
    rule: 'yoy',
    title: {
      'zh-CN': '增长率 = 增减额 ÷ 上年数 × 100%，上年数 = 本年数 ∓ 增减额',
      en: 'rate = change ÷ prior × 100%, prior = current ∓ change',
    },
    facts: [current, delta, rate],
    target: rate,
    direction: dir,
    evaluate(val) {
      const c = base(current, val),
        d = base(delta, val);
      const prior = c.sub(d.scale(new D(dir)));
      const priorPt = pointOf(current, val).minus(pointOf(delta, val).times(dir));
      const sign = dir > 0 ? '−' : '+';
      const head = () => `${shown(delta, val)} ÷ (${shown(current, val)} ${sign} ${shown(delta, val)})`;
      if (prior.containsZero() || priorPt.lte(0)) {
        const noChange = pointOf(current, val).isZero() && pointOf(delta, val).isZero() && val(rate).value.isZero();
        return { status: noChange ? 'exact' : 'zero-base', formula: lazy(head) };
      }
      const iv = overCorners([c, d], ([a, b]) => r(a, b));
      const pt = r(pointOf(current, val), pointOf(delta, val));
      if (!iv || !pt) return { status: 'zero-base', formula: lazy(head) };
      return {
        status: judge(val(rate), iv, pt),
        computed: iv,
        point: pt,
        formula: lazy(() => `${head()} × 100% = ${trimDec(pt, 4)}%`),
      };
    },
    solve(f, val) {
      const c = pointOf(current, val),
        d = pointOf(delta, val),
        k = val(rate).value.div(HUNDRED);
      if (f === rate) return r(c, d);
      if (f === delta) {
        const den = new D(1).plus(k.times(dir));
        return den.isZero() ? undefined : k.times(c).div(den).div(delta.factor);
      }
      return k.isZero() ? undefined : d.div(k).plus(d.times(dir)).div(current.factor);
    },
  };
}

export function budgetConstraint(rel: BudgetRel, actual: Fact, budget: Fact): Constraint {
  const diff = rel.rateKind === 'diff';
  const rate = rel.rate;
  const f = (a: Dec, b: Dec) =>
    b.isZero() ? undefined : diff ? a.minus(b).div(b).times(HUNDRED) : a.div(b).times(HUNDRED);
  return {
    id: `budget:${rate.id}:${budget.id}`,
    rule: 'budget',
    budget: rel,
    title: diff
      ? {
          'zh-CN': '预决算差异率 = (决算数 − 预算数) ÷ 预算数 × 100%',
          en: 'variance = (actual − budget) ÷ budget × 100%',
        }
      : { 'zh-CN': '完成率 = 决算数 ÷ 预算数 × 100%', en: 'completion = actual ÷ budget × 100%' },
    facts: [actual, budget, rate],
    target: rate,
    evaluate(val) {
      const a = base(actual, val),
        b = base(budget, val);
      const head = () =>
        diff
          ? `(${shown(actual, val)} − ${shown(budget, val)}) ÷ ${shown(budget, val)} × 100%`
          : `${shown(actual, val)} ÷ ${shown(budget, val)} × 100%`;
      if (b.containsZero()) return { status: 'undefined', formula: lazy(head) };
      let iv = overCorners([a, b], ([x, y]) => f(x, y))!;
      let pt = f(pointOf(actual, val), pointOf(budget, val))!;
      // Variances are often written without their sign: compare magnitudes then.
      if (diff && !val(rate).value.isNegative() && pt.isNegative()) {
        iv = new Interval(iv.hi.neg(), iv.lo.neg());
        pt = pt.neg();
      }
      const shownPt = pt;
      return {
        status: judge(val(rate), iv, pt),
        computed: iv,
        point: pt,
        formula: lazy(() => `${head()} = ${trimDec(shownPt, 4)}%`),
      };
    },
    solve(x, val) {
      const a = pointOf(actual, val),
        b = pointOf(budget, val),
        k = val(rate).value.div(HUNDRED);
      if (x === rate) {
        const v = f(a, b);
        return v && diff && !val(rate).value.isNegative() && v.isNegative() ? v.neg() : v;
      }
      if (x === actual) return (diff ? b.times(new D(1).plus(k)) : b.times(k)).div(actual.factor);
      const den = diff ? new D(1).plus(k) : k;
      return den.isZero() ? undefined : a.div(den).div(budget.factor);
    },
  };
}

const STEPS = new Map<Dec, Dec[]>();
/** A figure's rounding step in the base unit (0.01 万元 → 0.01; 1 元 → 0.0001), made once per factor and precision. */
function stepOf(f: Fact): Dec {
  let byDecimals = STEPS.get(f.factor);
  if (!byDecimals) STEPS.set(f.factor, (byDecimals = []));
  const d = f.written.decimals;
  return (byDecimals[d] ??= new D(10).pow(-d).times(f.factor));
}

/**
 * Two statements of one figure in different precisions agree when the coarser one is the finer
 * one rounded (12,345,678 元 and 1,234.57 万元): judged in the coarser figure's interval.
 */
function coarserAgrees(first: Fact, later: Fact, val: Val): boolean {
  const [coarse, fine] = stepOf(first).gt(stepOf(later)) ? [first, later] : [later, first];
  if (!stepOf(coarse).gt(stepOf(fine))) return false;
  return verdictOf(coarse, val, base(fine, val), pointOf(fine, val)) === 'exact';
}

export function equalConstraint(first: Fact, later: Fact): Constraint {
  return {
    id: `repeated:${later.id}`,
    rule: 'repeated',
    title: { 'zh-CN': '同一数字前后一致', en: 'the same figure stated alike' },
    facts: [first, later],
    target: later,
    evaluate(val) {
      const iv = base(first, val);
      const pt = pointOf(first, val);
      const formula = lazy(() => `${shown(first, val)} = ${shown(later, val)}`);
      const verdict = verdictOf(later, val, iv, pt);
      return {
        status: verdict === 'rounding' && coarserAgrees(first, later, val) ? 'exact' : verdict,
        computed: toUnit(later, iv),
        point: pt.div(later.factor),
        formula,
      };
    },
    solve(f, val) {
      const other = f === first ? later : first;
      return pointOf(other, val).div(f.factor);
    },
  };
}

/** Index of facts by concept key and role: the first stated value represents the concept. */
export class FactIndex {
  private readonly byKey = new Map<string, Fact[]>();
  private readonly byRole = new Map<Role, string[]>();
  constructor(readonly ex: Extraction) {
    for (const f of ex.facts) {
      if (f.kind !== 'value' || !f.concept) continue;
      const k = `${f.concept}|${f.role}`;
      const list = this.byKey.get(k);
      if (list) list.push(f);
      else {
        this.byKey.set(k, [f]);
        const concepts = this.byRole.get(f.role);
        if (concepts) concepts.push(f.concept);
        else this.byRole.set(f.role, [f.concept]);
      }
    }
  }
  private shares?: Map<Fact, ShareRel>;
  /** The share stated of a figure (「…310.15万元，占87.12%」). */
  shareOf(f: Fact): ShareRel | undefined {
    if (!this.shares) {
      this.shares = new Map();
      for (const s of this.ex.shares) if (s.part && !this.shares.has(s.part)) this.shares.set(s.part, s);
    }
    return this.shares.get(f);
  }
  all(concept: string, role: Role = '本年'): Fact[] {
    return this.byKey.get(`${concept}|${role}`) ?? [];
  }
  first(concept: string, role: Role = '本年'): Fact | undefined {
    return this.all(concept, role).find((f) => !f.implicit) ?? this.all(concept, role)[0];
  }
  /**
   * The most precise statement of a concept (a table's 12,345,678 元 before the prose's 1,234.57
   * 万元), the first of equal precision: identities are checked on it, the other statements are
   * tied to it as repetitions.
   */
  finest(concept: string, role: Role = '本年'): Fact | undefined {
    const key = `${concept}|${role}`;
    if (this.finestOf.has(key)) return this.finestOf.get(key);
    let best = this.first(concept, role);
    if (best) for (const f of this.all(concept, role)) if (!f.implicit && stepOf(f).lt(stepOf(best))) best = f;
    this.finestOf.set(key, best);
    return best;
  }
  private readonly finestOf = new Map<string, Fact | undefined>();
  /** Resolve a referenced concept: its own scope first, then all funds. */
  lookup(concept: string, role: Role = '本年'): Fact | undefined {
    const hit = this.first(concept, role);
    if (hit) return hit;
    const all = inScope(concept, 'all');
    return all ? this.first(all, role) : undefined;
  }
  /**
   * Concepts of a family (prefix), not their per-column variants (类:X#基本支出), in the order
   * they are stated. Found by binary search in the sorted concepts (a scan per family made the
   * identities of a table with thousands of rows quadratic).
   */
  concepts(prefix: string, role: Role = '本年'): string[] {
    const sorted = this.sortedOf(role);
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid].c < prefix) lo = mid + 1;
      else hi = mid;
    }
    const hits: Array<{ c: string; i: number }> = [];
    for (let k = lo; k < sorted.length && sorted[k].c.startsWith(prefix); k++)
      if (!sorted[k].c.includes('#', prefix.length)) hits.push(sorted[k]);
    return hits.sort((a, b) => a.i - b.i).map((h) => h.c);
  }
  private readonly sorted = new Map<Role, Array<{ c: string; i: number }>>();
  private sortedOf(role: Role): Array<{ c: string; i: number }> {
    let s = this.sorted.get(role);
    if (!s) {
      s = (this.byRole.get(role) ?? []).map((c, i) => ({ c, i })).sort((a, b) => (a.c < b.c ? -1 : a.c > b.c ? 1 : 0));
      this.sorted.set(role, s);
    }
    return s;
  }
  groups(): Fact[][] {
    return [...this.byKey.values()];
  }
}

/** Identities from the data file, for every scope and role whose facts are stated. */
export function identityConstraints(index: FactIndex): Constraint[] {
  const out: Constraint[] = [];
  for (const def of knowledge.identities) {
    for (const scope of def.scopes) {
      for (const role of (def.roles ?? ['本年']) as Role[]) {
        for (const [total, parts, complete] of identityInstances(def, scope, role, index)) {
          if (!parts.length) continue;
          const mode = complete ? 'eq' : 'le';
          out.push(sumConstraint(`${def.id}:${scope}:${role}:${total.id}`, def.title, total, parts, mode));
        }
      }
    }
  }
  return out;
}

function identityInstances(
  def: IdentityDef,
  scope: string,
  role: Role,
  index: FactIndex,
): Array<[Fact, Fact[], boolean]> {
  const res: Array<[Fact, Fact[], boolean]> = [];
  if (def.total && def.parts) {
    const total = index.finest(`${scope}.${def.total}`, role);
    if (!total) return res;
    const parts = def.parts.map((p) => index.finest(`${scope}.${p}`, role));
    const present = parts.filter((p): p is Fact => !!p && p !== total && comparable(p, total));
    res.push([total, present, present.length === def.parts.length]);
    return res;
  }
  if (def.total && def.partsPattern) {
    const total = index.finest(`${scope}.${def.total}`, role);
    if (!total) return res;
    const prefix = `${scope}.${def.partsPattern.replace('*', '')}`;
    const parts = index
      .concepts(prefix, role)
      .map((c) => index.finest(c, role)!)
      .filter((p) => comparable(p, total));
    if (parts.length) res.push([total, parts, listsAll(parts, total, index)]);
    return res;
  }
  if (def.totalPattern && def.partsPattern) {
    const tPrefix = `${scope}.${def.totalPattern.replace('{x}', '')}`;
    const classes = index.concepts(tPrefix, role);
    const withItems = classes.map((c) => {
      const x = c.slice(tPrefix.length);
      const pPrefix = `${scope}.${def.partsPattern!.replace('{x}', x).replace('*', '')}`;
      const items = index.concepts(pPrefix, role);
      // an item whose 款 the text does not name (「住房保障支出（类）住房保障支出（款）…」 read with its 款
      // unknown) is not another item where the class's items are known with their 款
      const placed = items.filter((i) => !i.slice(pPrefix.length).startsWith('/'));
      return [c, placed.length ? placed : items] as const;
    });
    // Item lists are checked as complete only when every stated class has its items listed.
    const complete = withItems.every(([, items]) => items.length > 0);
    for (const [c, items] of withItems) {
      const total = index.finest(c, role)!;
      const parts = items.map((i) => index.finest(i, role)!).filter((p) => comparable(p, total));
      // the words of the class's own paragraph may say its list is every item
      if (parts.length)
        res.push([total, parts, (complete && listsAll(parts, total, index)) || saysComplete(parts, total)]);
    }
  }
  return res;
}

/**
 * Whether classified parts (the 类 of a total, the 项 of a 类) are all of their family. A list that
 * follows its total in the total's paragraph (「社会保障和就业支出（类）X万元，主要用于：1. …（项）a万元；2. …」)
 * may name all or only the main ones (「主要用于以下方面：」 may name every one): it is all of them where a
 * table lists the family (a table has a row for every 类 and 项 it holds) or where the text gives each
 * its share of the total and the shares make 100% (within their rounding). Else, when its amounts do
 * not add up to the total, a partial list and a slip cannot be told apart (adding up is what would be
 * checked, not evidence): it is checked as not exceeding its total, never as its sum; when they add
 * up, it is their sum (no finding of its own, and it corroborates the diagnosis of the others). Parts
 * stated each on its own (a 具体情况 that names every 项 with its 类 and 款) are checked as before. The
 * words that open the list may say it is every part (「分别为」「全部用于」, grammar.yaml completeList):
 * then it is their sum.
 */
function listsAll(parts: Fact[], total: Fact, index: FactIndex): boolean {
  if (parts.some((f) => index.all(f.concept!, f.role).some((x) => !x.paragraph))) return true;
  if (sharesMakeWhole(parts, total, index)) return true;
  if (saysComplete(parts, total)) return true;
  const heads = new Set(index.all(total.concept!, total.role).map((x) => x.paragraph));
  if (!parts.some((f) => f.paragraph && heads.has(f.paragraph))) return true;
  return (
    sumConstraint('', { 'zh-CN': '', en: '' }, total, parts, 'eq').evaluate((f) => f.written).status !== 'mismatch'
  );
}

/** The words between the total and its first part say the list is every part (「…（类）X万元，分别为：…」). */
function saysComplete(parts: Fact[], total: Fact): boolean {
  const p = total.paragraph;
  if (!p) return false;
  const after = parts.filter((f) => f.paragraph === p && f.span.start > total.span.end);
  if (!after.length) return false;
  const first = Math.min(...after.map((f) => f.span.start));
  // in the clause that opens the list (a 分别 of another sentence names other figures)
  const between = p.text.text.slice(p.text.offsetOf(total.span.end), p.text.offsetOf(first)).split(/[。；;]/);
  return grammar.completeList.test(between[between.length - 1]);
}

/** Each part's share of the total is stated, and the shares make 100% within their rounding. */
function sharesMakeWhole(parts: Fact[], total: Fact, index: FactIndex): boolean {
  const pcts: Interval[] = [];
  for (const f of parts) {
    const s = index.shareOf(f);
    if (!s || (s.whole && s.whole !== total && s.whole.concept !== total.concept)) return false;
    pcts.push(s.pct.written.interval);
  }
  const sum = sumIntervals(pcts);
  return sum.lo.lte(HUNDRED) && sum.hi.gte(HUNDRED);
}

export function comparable(a: Fact, b: Fact): boolean {
  if (a.unitKind === 'amount' && b.unitKind === 'amount') return true;
  return a.unitKind === b.unitKind && a.unit === b.unit && a.unitKind !== 'other';
}

export { Written };
