/**
 * A rule's severity setting (`rules: { id: severity }`) applies to every finding of the rule,
 * whatever severity the rule gave it: a rule that reports more than one severity (yoy: errors,
 * and warnings for a rate from a zero prior year; share: errors, and warnings for a truncated
 * share) must not keep its other severities when configured.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CheckOptions, Finding } from '../server/src/engine';
import { SEED_MD, brief, mutateAt, read, run } from './helpers';

const seed = read(SEED_MD);
const of = (rule: string, text: string, opts: CheckOptions = {}): Finding[] =>
  run(text, SEED_MD, opts).findings.filter((f) => f.rule === rule);
/** The finding without its severity, to compare a configured finding with the default one. */
const where = (text: string, f: Finding) => brief(text, f).replace(` ${f.severity} `, ' ');

test('the seed has two yoy warnings (rates from a zero prior year) by default', () => {
  const warnings = of('yoy', seed).filter((f) => f.severity === 'warning');
  assert.equal(warnings.length, 2);
  for (const f of warnings) assert.equal(f.data?.convention, 'zero-base');
});

test("rules: { yoy: 'info' } leaves no yoy finding at warning: the two warnings are info", () => {
  const defaults = of('yoy', seed);
  const configured = of('yoy', seed, { rules: { yoy: 'info' } });
  assert.equal(
    configured.filter((f) => f.severity !== 'info').length,
    0,
    configured.map((f) => brief(seed, f)).join('\n'),
  );
  assert.deepEqual(
    configured.map((f) => where(seed, f)),
    defaults.map((f) => where(seed, f)),
  );
  const wasWarning = defaults.filter((f) => f.severity === 'warning').map((f) => where(seed, f));
  assert.equal(wasWarning.length, 2);
  for (const w of wasWarning) {
    const f = configured.find((c) => where(seed, c) === w);
    assert.equal(f?.severity, 'info', w);
  }
});

test('a setting applies to the errors and the warnings of a rule alike (yoy: error and warning)', () => {
  // a wrong rate adds a yoy error to the two zero-base warnings
  const { text } = mutateAt(seed, { name: 'rate', ctx: '下降10.44%', from: '10.44', to: '11.44' });
  const severities = new Set(of('yoy', text).map((f) => f.severity));
  assert.deepEqual([...severities].sort(), ['error', 'warning']);
  for (const level of ['info', 'warning', 'error'] as const) {
    const configured = of('yoy', text, { rules: { yoy: level } });
    assert.equal(configured.length, of('yoy', text).length);
    assert.deepEqual(
      configured.filter((f) => f.severity !== level).map((f) => brief(text, f)),
      [],
      level,
    );
  }
});

test('a setting applies to a truncated share (warning) and a wrong share (error) alike', () => {
  let { text } = mutateAt(seed, { name: 'truncated', ctx: '占2.14%', from: '2.14', to: '2.13' });
  ({ text } = mutateAt(text, { name: 'wrong', ctx: '占72.08%', from: '72.08', to: '75.08' }));
  const severities = new Set(of('share', text).map((f) => f.severity));
  assert.deepEqual([...severities].sort(), ['error', 'warning']);
  const configured = of('share', text, { rules: { share: 'info' } });
  assert.ok(configured.length >= 2);
  assert.deepEqual(
    configured.filter((f) => f.severity !== 'info').map((f) => brief(text, f)),
    [],
  );
  assert.equal(of('share', text, { rules: { share: 'off' } }).length, 0);
});
