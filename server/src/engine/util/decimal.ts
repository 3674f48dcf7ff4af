/**
 * Exact decimals with rounding intervals (the XBRL Calculations 1.1 method).
 * A figure written with d decimals stands for every value that rounds to it:
 * 356.00 means [355.995, 356.005]. Relations are consistent iff the interval computed from
 * the inputs meets the interval of the stated result. No floats anywhere.
 */
import Decimal from 'decimal.js';

export const D = Decimal.clone({ precision: 28, rounding: Decimal.ROUND_HALF_UP });
export type Dec = InstanceType<typeof D>;

export const ZERO = new D(0);
/** The factor of a figure already in its base unit: shared, so scaling by it is skipped. */
export const ONE = new D(1);
const FACTORS = new Map<string, Dec>();
/** A unit's factor to the base unit, one shared value per factor (1 is ONE). */
export function unitFactor(factor: string | number): Dec {
  const k = String(factor);
  let d = FACTORS.get(k);
  if (!d) {
    d = new D(factor);
    if (d.eq(1)) d = ONE;
    FACTORS.set(k, d);
  }
  return d;
}
const RECIPROCALS = new Map<Dec, Dec>();
/** 1 ÷ a factor (computed once per factor). */
export function reciprocal(factor: Dec): Dec {
  if (factor === ONE) return ONE;
  let r = RECIPROCALS.get(factor);
  if (!r) RECIPROCALS.set(factor, (r = ONE.div(factor)));
  return r;
}
/** Half a unit in the last place for 0 … 8 decimals (0.5, 0.05, …), computed once. */
const HALF_ULP: Dec[] = Array.from({ length: 9 }, (_, d) => new D(5).times(new D(10).pow(-(d + 1))));
export const HUNDRED = new D(100);

export class Interval {
  constructor(
    readonly lo: Dec,
    readonly hi: Dec,
  ) {}
  static exact(v: Dec | number | string): Interval {
    const d = new D(v);
    return new Interval(d, d);
  }
  /** The interval of a value written with `decimals` decimals (round half away from zero). */
  static ofWritten(value: Dec, decimals: number): Interval {
    const half = HALF_ULP[decimals] ?? new D(5).times(new D(10).pow(-(decimals + 1)));
    return new Interval(value.minus(half), value.plus(half));
  }
  add(o: Interval): Interval {
    return new Interval(this.lo.plus(o.lo), this.hi.plus(o.hi));
  }
  sub(o: Interval): Interval {
    return new Interval(this.lo.minus(o.hi), this.hi.minus(o.lo));
  }
  scale(k: Dec): Interval {
    if (k === ONE) return this;
    const a = this.lo.times(k),
      b = this.hi.times(k);
    return a.lte(b) ? new Interval(a, b) : new Interval(b, a);
  }
  containsZero(): boolean {
    // lo ≤ 0 ≤ hi, without making a Decimal of 0 for each comparison
    return (this.lo.isZero() || this.lo.isNeg()) && (this.hi.isZero() || !this.hi.isNeg());
  }
  meets(o: Interval): boolean {
    return this.lo.lte(o.hi) && o.lo.lte(this.hi);
  }
  contains(v: Dec): boolean {
    return this.lo.lte(v) && v.lte(this.hi);
  }
  mid(): Dec {
    return this.lo.plus(this.hi).div(2);
  }
  toString(): string {
    return `[${trimDec(this.lo)}, ${trimDec(this.hi)}]`;
  }
}

/** Sum of intervals. */
export function sumIntervals(xs: Interval[]): Interval {
  return xs.reduce((a, b) => a.add(b), Interval.exact(0));
}

/**
 * Range of f over the box of intervals, for f monotonic in each argument on the box
 * (sums, shares, rates, ratios whose denominators keep their sign). Evaluates the corners.
 * Returns undefined when f is undefined at a corner (a denominator reaching zero).
 */
export function overCorners(args: Interval[], f: (xs: Dec[]) => Dec | undefined): Interval | undefined {
  let lo: Dec | undefined;
  let hi: Dec | undefined;
  const n = args.length;
  for (let mask = 0; mask < 1 << n; mask++) {
    const xs = args.map((iv, i) => ((mask >> i) & 1 ? iv.hi : iv.lo));
    const v = f(xs);
    if (v === undefined || !v.isFinite()) return undefined;
    if (!lo || v.lt(lo)) lo = v;
    if (!hi || v.gt(hi)) hi = v;
  }
  return lo && hi ? new Interval(lo, hi) : undefined;
}

/** Division of intervals; undefined when the divisor contains zero. */
export function divide(a: Interval, b: Interval): Interval | undefined {
  if (b.containsZero()) return undefined;
  // both non-negative (shares, rates): the quotient is monotone, two corners bound it
  if (a.lo.gte(0) && b.lo.gt(0)) return new Interval(a.lo.div(b.hi), a.hi.div(b.lo));
  return overCorners([a, b], ([x, y]) => x.div(y));
}

/** Round half away from zero to `decimals` and format with exactly that many decimals. */
export function fmt(v: Dec, decimals: number): string {
  return v.toDecimalPlaces(decimals, D.ROUND_HALF_UP).toFixed(decimals);
}

/** Format with thousands separators if the original used them. */
export function fmtLike(v: Dec, decimals: number, grouped: boolean): string {
  const s = fmt(v, decimals);
  if (!grouped) return s;
  const [int, frac] = s.split('.');
  const neg = int.startsWith('-');
  const digits = neg ? int.slice(1) : int;
  const g = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (neg ? '-' : '') + g + (frac !== undefined ? '.' + frac : '');
}

/** Shortest plain representation (for formulas). */
export function trimDec(v: Dec, maxDecimals = 6): string {
  const r = v.toDecimalPlaces(maxDecimals, D.ROUND_HALF_UP);
  return r.toFixed();
}

/** Truncation toward zero at `decimals`. */
export function truncate(v: Dec, decimals: number): Dec {
  return v.toDecimalPlaces(decimals, D.ROUND_DOWN);
}

/** A figure as written: its text, exact value and written precision. */
export interface Written {
  value: Dec;
  decimals: number;
  interval: Interval;
  grouped: boolean;
}

const NUM_RE = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;

export function parseWritten(text: string): Written | undefined {
  const t = text.trim();
  if (!NUM_RE.test(t)) return undefined;
  const grouped = t.includes(',');
  const plain = t.replace(/,/g, '');
  const dot = plain.indexOf('.');
  const decimals = dot < 0 ? 0 : plain.length - dot - 1;
  const value = new D(plain);
  return { value, decimals, interval: Interval.ofWritten(value, decimals), grouped };
}

export function written(value: Dec, decimals: number): Written {
  const v = value.toDecimalPlaces(decimals, D.ROUND_HALF_UP);
  return { value: v, decimals, interval: Interval.ofWritten(v, decimals), grouped: false };
}

/** Classification of a stated value against a computed interval and point estimate. */
export type Verdict = 'exact' | 'rounding' | 'truncated' | 'mismatch';

/**
 * Compare a stated figure with the interval computed from the others.
 * exact: the written value equals the point estimate rounded to the written precision;
 * rounding: not equal but the intervals meet (尾差); truncated: only truncation explains it;
 * mismatch: contradiction beyond rounding.
 */
export function judge(stated: Written, computed: Interval, point: Dec): Verdict {
  const roundedPoint = point.toDecimalPlaces(stated.decimals, D.ROUND_HALF_UP);
  if (roundedPoint.eq(stated.value)) return 'exact';
  if (computed.meets(stated.interval)) return 'rounding';
  if (truncate(point, stated.decimals).eq(stated.value) || truncate(computed.lo, stated.decimals).eq(stated.value)) {
    return 'truncated';
  }
  return 'mismatch';
}

// ---------------------------------------------------------------------------------------------
// Scaled integers: the common case of a relation (figures of a few digits, units that are powers
// of ten, a sum that holds) decided in safe integers, without making a Decimal.

/** 10^0 … 10^15: every power of ten that is a safe integer. */
const POW10 = Array.from({ length: 16 }, (_, i) => 10 ** i);
/** The exponent of the last `intOf`: its value is the returned integer × 10^scaledExp. */
let scaledExp = 0;

/**
 * `v` as an integer m × 10^scaledExp (m without trailing zeros), read from decimal.js's documented
 * representation (`d`: base-1e7 digit groups, `e`: exponent, `s`: sign); NaN when m would not be
 * a safe integer (more than two groups) or `v` is not finite.
 */
function intOf(v: Dec): number {
  const d = v.d as number[] | null;
  if (!d || d.length > 2) return NaN;
  const d0 = d[0];
  if (d0 === 0) {
    scaledExp = 0;
    return 0;
  }
  let first = 1;
  while (first < 7 && d0 >= POW10[first]) first++;
  let m = d0;
  let x = v.e + 1 - first;
  if (d.length === 2) {
    m = m * 1e7 + d[1];
    x -= 7;
  }
  while (m % 10 === 0) {
    m /= 10;
    x++;
  }
  scaledExp = x;
  return v.s < 0 ? -m : m;
}

/** The integers and exponents of the terms of `sumRoundsTo` (reused: it calls nothing that reenters). */
const SCRATCH_M: number[] = [];
const SCRATCH_X: number[] = [];

/** m × 10^k when that is a safe integer (0 ≤ k ≤ 15), else NaN. */
function shifted(m: number, k: number): number {
  if (k < 0 || k > 15) return m === 0 ? 0 : NaN;
  const r = m * POW10[k];
  return Number.isSafeInteger(r) ? r : NaN;
}

/**
 * Whether Σ values[i] × factors[i], divided by `divisor` and rounded half away from zero to the
 * stated figure's decimals, is the stated figure (what `judge` calls exact), decided in safe integers. False when it is
 * not so, and also whenever a figure or the sum is no safe integer at a common scale or a factor
 * is no power of ten: false means "ask decimal.js", true is certain.
 */
export function sumRoundsTo(values: Written[], factors: Dec[], divisor: Dec, stated: Written): boolean {
  const n = values.length;
  const ms = SCRATCH_M;
  const xs = SCRATCH_X;
  let low = Infinity;
  for (let i = 0; i < n; i++) {
    const f = factors[i];
    let k = 0;
    if (f !== ONE) {
      if (intOf(f) !== 1) return false;
      k = scaledExp;
    }
    const m = intOf(values[i].value);
    if (Number.isNaN(m)) return false;
    ms[i] = m;
    xs[i] = m === 0 ? Infinity : scaledExp + k;
    if (xs[i] < low) low = xs[i];
  }
  let sum = 0;
  for (let i = 0; i < n; i++) {
    if (ms[i] === 0) continue;
    const t = shifted(ms[i], xs[i] - low);
    if (Number.isNaN(t)) return false;
    sum += t;
    if (!Number.isSafeInteger(sum)) return false;
  }
  if (sum === 0) low = 0;
  let dk = 0;
  if (divisor !== ONE) {
    if (intOf(divisor) !== 1) return false;
    dk = scaledExp;
  }
  // the sum in units of the stated figure's last place: sum × 10^s, rounded
  const decimals = stated.decimals;
  const s = low - dk + decimals;
  let rounded: number;
  if (s >= 0) {
    rounded = shifted(sum, s);
    if (Number.isNaN(rounded)) return false;
  } else {
    if (-s > 15) return false;
    const p = POW10[-s];
    const a = Math.abs(sum);
    const r = a % p;
    let q = (a - r) / p;
    if (2 * r >= p) q++;
    rounded = sum < 0 ? -q : q;
  }
  const mt = intOf(stated.value);
  if (Number.isNaN(mt)) return false;
  const want = shifted(mt, scaledExp + decimals);
  return !Number.isNaN(want) && want === rounded;
}
