import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  D,
  Interval,
  divide,
  judge,
  parseWritten,
  sumIntervals,
  overCorners,
  fmt,
  fmtLike,
  truncate,
  sumRoundsTo,
  unitFactor,
  written,
  ONE,
  type Dec,
  type Written,
} from '../server/src/engine/util/decimal';

const w = (s: string) => parseWritten(s)!;

test('a written figure stands for its rounding interval', () => {
  assert.equal(w('356.00').interval.toString(), '[355.995, 356.005]');
  assert.equal(w('72.08').interval.toString(), '[72.075, 72.085]');
  assert.equal(w('3').interval.toString(), '[2.5, 3.5]');
  assert.equal(w('3,279.22').value.toString(), '3279.22');
  assert.equal(w('3,279.22').grouped, true);
  assert.equal(parseWritten('3,27.1'), undefined);
  assert.equal(parseWritten('abc'), undefined);
});

test('golden: reported 1 + 1 vs total 3 with 0 decimals is consistent', () => {
  const sum = sumIntervals([w('1').interval, w('1').interval]);
  assert.equal(sum.toString(), '[1, 3]');
  assert.ok(sum.meets(w('3').interval));
  assert.equal(judge(w('3'), sum, new D(2)), 'rounding');
});

test('golden: 310.15 + 27.83 + 7.61 + 10.42 vs 356.00 is consistent (尾差)', () => {
  const parts = ['310.15', '27.83', '7.61', '10.42'].map(w);
  const sum = sumIntervals(parts.map((p) => p.interval));
  const point = parts.reduce((a, p) => a.plus(p.value), new D(0));
  assert.equal(point.toFixed(2), '356.01');
  assert.ok(sum.meets(w('356.00').interval));
  assert.equal(judge(w('356.00'), sum, point), 'rounding');
  assert.equal(judge(w('356.10'), sum, point), 'mismatch');
});

test('golden: 99.868% written 99.86 is a truncation', () => {
  const computed = Interval.exact('99.868');
  assert.equal(judge(w('99.86'), computed, new D('99.868')), 'truncated');
  assert.equal(judge(w('99.87'), computed, new D('99.868')), 'exact');
  assert.equal(judge(w('99.80'), computed, new D('99.868')), 'mismatch');
  assert.equal(truncate(new D('99.868'), 2).toString(), '99.86');
});

test('golden: 72.08% of 355.15 from 256.00 holds', () => {
  const share = divide(w('256.00').interval, w('355.15').interval)!.scale(new D(100));
  assert.ok(share.meets(w('72.08').interval));
  assert.equal(judge(w('72.08'), share, new D('256').div('355.15').times(100)), 'exact');
  assert.equal(judge(w('72.18'), share, new D('256').div('355.15').times(100)), 'mismatch');
});

test('division by an interval containing zero is undefined', () => {
  assert.equal(divide(w('1.00').interval, w('0.00').interval), undefined);
});

test('corner evaluation gives the exact range of a monotonic function', () => {
  // rate = d / (c - d): current 0.44, change 0.01, both rounded to 0.01
  const iv = overCorners([w('0.44').interval, w('0.01').interval], ([c, d]) => d.div(c.minus(d)).times(100))!;
  assert.ok(iv.meets(w('2.33').interval));
  assert.ok(iv.lo.lt(2) && iv.hi.gt(3));
});

test('formatting rounds half away from zero and keeps grouping', () => {
  assert.equal(fmt(new D('72.085'), 2), '72.09');
  assert.equal(fmt(new D('-0.005'), 2), '-0.01');
  assert.equal(fmtLike(new D('3279.2'), 2, true), '3,279.20');
  assert.equal(fmtLike(new D('1234567.891'), 2, true), '1,234,567.89');
});

test('exact decimals: 0.1 + 0.2 is 0.3', () => {
  assert.equal(new D('0.1').plus('0.2').toString(), '0.3');
});

/** What the sum constraint asks decimal.js: Σ value × factor ÷ divisor, rounded to the stated decimals, is it. */
function exactByDecimal(values: Written[], factors: Dec[], divisor: Dec, stated: Written): boolean {
  const pt = values.reduce((a, v, i) => a.plus(v.value.times(factors[i])), new D(0));
  return judge(stated, Interval.exact(0), pt.div(divisor)) === 'exact';
}

test('a sum decided in integers agrees with decimal.js (random figures, units, signs, decimals)', () => {
  let seed = 12345;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const factors = [ONE, ONE, ONE, unitFactor(10000), unitFactor('0.0001'), unitFactor(100), unitFactor(3)];
  const figure = (): Written => {
    const decimals = rnd(4);
    const digits = 1 + rnd(rnd(3) === 0 ? 18 : 7);
    let s = String(1 + rnd(9)) + Array.from({ length: digits - 1 }, () => rnd(10)).join('');
    if (rnd(6) === 0) s = '0';
    const v = new D(s).div(new D(10).pow(decimals)).times(rnd(5) === 0 ? -1 : 1);
    return written(v, decimals);
  };
  let holds = 0;
  let simple = 0;
  let fast = 0;
  for (let k = 0; k < 4000; k++) {
    const n = 1 + rnd(6);
    const values = Array.from({ length: n }, figure);
    const fs = values.map(() => factors[rnd(factors.length)]);
    const divisor = rnd(2) ? ONE : factors[rnd(factors.length)];
    const decimals = rnd(4);
    // the stated total: the sum itself rounded (holds), or that nudged by one unit (fails)
    const pt = values.reduce((a, v, i) => a.plus(v.value.times(fs[i])), new D(0)).div(divisor);
    let stated = written(pt, decimals);
    if (rnd(3) === 0) stated = written(stated.value.plus(new D(10).pow(-decimals)), decimals);
    const want = exactByDecimal(values, fs, divisor, stated);
    const got = sumRoundsTo(values, fs, divisor, stated);
    // true is certain; false may mean "ask decimal.js"
    if (got) assert.equal(want, true, `${values.map((v) => v.value.toString()).join(' + ')} vs ${stated.value}`);
    // figures of at most 8 digits in one unit (a report's common case) are decided without decimal.js
    const plain = fs.every((f) => f === ONE) && divisor === ONE && values.every((v) => v.value.precision(true) <= 8);
    if (want) holds++;
    if (want && plain) {
      simple++;
      if (got) fast++;
    }
  }
  assert.ok(holds > 1000, `${holds} sums hold`);
  assert.ok(simple > 50, `${simple} plain sums hold`);
  assert.equal(fast, simple, `${fast} of ${simple} plain sums decided in integers`);
});

test('a sum decided in integers: rounding half away from zero, zero, negative figures', () => {
  const ws = (...xs: string[]) => xs.map(w);
  assert.equal(sumRoundsTo(ws('0.5', '0.5'), [ONE, ONE], ONE, w('1')), true);
  assert.equal(sumRoundsTo(ws('0.25', '0.25'), [ONE, ONE], ONE, w('0.5')), true);
  assert.equal(sumRoundsTo(ws('0.125'), [ONE], ONE, w('0.13')), true);
  assert.equal(sumRoundsTo(ws('0.125'), [ONE], ONE, w('0.12')), false);
  const neg = written(new D('-0.125'), 3);
  assert.equal(sumRoundsTo([neg], [ONE], ONE, written(new D('-0.13'), 2)), true);
  assert.equal(sumRoundsTo(ws('0', '0.00'), [ONE, ONE], ONE, w('0.00')), true);
  assert.equal(sumRoundsTo(ws('1234.56'), [unitFactor(10000)], ONE, w('12345600')), true);
  assert.equal(sumRoundsTo(ws('12345600'), [ONE], unitFactor(10000), w('1234.56')), true);
  // 310.15 + 27.83 + 7.61 + 10.42 = 356.01 vs 356.00: not exact (a 尾差, for decimal.js to judge)
  assert.equal(sumRoundsTo(ws('310.15', '27.83', '7.61', '10.42'), [ONE, ONE, ONE, ONE], ONE, w('356.00')), false);
  // beyond safe integers: left to decimal.js
  assert.equal(sumRoundsTo(ws('123456789012345678'), [ONE], ONE, w('123456789012345678')), false);
});
