/**
 * A structure rule's severity setting applies to every finding of the rule: empty-statement
 * reports a contradicted statement as an error and a missing one as a warning, and
 * `rules: { 'empty-statement': 'info' }` makes both info.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../server/src/engine';
import { SEED_MD, brief, read, run } from './helpers';

const SANGONG = '2024年度财政拨款“三公”经费支出4.96万元，比上年';
const STATEMENT = '本单位本年度无财政拨款“三公”经费支出。';
const EMPTY7 =
  '本单位本年度无政府性基金预算财政拨款收入、支出及结转和结余，政府性基金预算财政拨款收入支出决算表为空表。';

/** The seed with a statement that the 三公 figures are empty, while they are not, and no 政府性基金 statement. */
function report(): string {
  const seed = read(SEED_MD);
  assert.ok(seed.includes(SANGONG) && seed.includes(EMPTY7));
  return seed.replace(SANGONG, STATEMENT + SANGONG).replace(EMPTY7 + '\n\n', '');
}

const empties = (text: string, r: ReturnType<typeof run>) =>
  r.findings.filter((f) => f.rule === 'empty-statement').map((f) => brief(text, f));

test('empty-statement: an error and a warning by default', () => {
  const text = report();
  const found = empties(text, run(text, SEED_MD));
  assert.ok(
    found.some((f) => f.startsWith('empty-statement error') && f.endsWith(STATEMENT)),
    found.join('\n'),
  );
  assert.ok(
    found.some((f) => f.startsWith('empty-statement warning') && f.includes('政府性基金')),
    found.join('\n'),
  );
});

test("rules: { 'empty-statement': 'info' } turns the empty-statement error (and warning) into info", () => {
  const text = report();
  const before = empties(text, run(text, SEED_MD));
  const after = empties(text, run(text, SEED_MD, { rules: { 'empty-statement': 'info' } }));
  assert.equal(after.length, before.length);
  assert.deepEqual(
    after,
    before.map((f) => f.replace(/^empty-statement (error|warning)/, 'empty-statement info')),
  );
  assert.ok(
    after.some((f) => f.endsWith(STATEMENT)),
    after.join('\n'),
  );
  // the same through an engine, and off silences it
  const engine = createEngine();
  const viaEngine = engine.check(text, { path: SEED_MD, rules: { 'empty-statement': 'info' } });
  assert.deepEqual(empties(text, viaEngine), after);
  assert.deepEqual(empties(text, run(text, SEED_MD, { rules: { 'empty-statement': 'off' } })), []);
});
