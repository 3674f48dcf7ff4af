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
