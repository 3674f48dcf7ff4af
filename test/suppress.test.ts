/** Inline comments silence findings: next line, ranges, the whole file; by rule id or alias. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, disableEdit, applyEdits } from '../server/src/engine';
import { SEED_MD, read } from './helpers';

const seed = read(SEED_MD);
const bad = seed.replace('占72.08%', '占75.08%');
const shareErrors = (t: string) =>
  check(t, { path: 'r.md' }).findings.filter((f) => f.rule === 'share' && f.severity === 'error').length;

test('the injected error is found without comments', () => {
  assert.equal(shareErrors(bad), 1);
});

test('suanpan-disable-next-line RULE', () => {
  const t = bad.replace(
    '本年收入355.15万元，其中',
    '<!-- suanpan-disable-next-line share -->\n本年收入355.15万元，其中',
  );
  assert.equal(shareErrors(t), 0);
  const other = bad.replace(
    '本年收入355.15万元，其中',
    '<!-- suanpan-disable-next-line yoy -->\n本年收入355.15万元，其中',
  );
  assert.equal(shareErrors(other), 1, 'another rule stays reported');
});

test('suanpan-disable … suanpan-enable', () => {
  const t = bad
    .replace('### 二、收入决算情况说明', '<!-- suanpan-disable share -->\n\n### 二、收入决算情况说明')
    .replace('### 三、支出决算情况说明', '<!-- suanpan-enable share -->\n\n### 三、支出决算情况说明');
  assert.equal(shareErrors(t), 0);
  const reenabled = bad.replace(
    '### 一、收入支出决算总体情况说明',
    '<!-- suanpan-disable share -->\n<!-- suanpan-enable share -->\n\n### 一、收入支出决算总体情况说明',
  );
  assert.equal(shareErrors(reenabled), 1);
});

test('suanpan-disable-file RULE, and aliases', () => {
  assert.equal(shareErrors(bad + '\n<!-- suanpan-disable-file share -->\n'), 0);
  assert.equal(shareErrors(bad + '\n<!-- suanpan-disable-file SP002 -->\n'), 0);
  assert.equal(shareErrors(bad + '\n<!-- suanpan-disable-file -->\n'), 0);
});

test('the disable edits the editor offers are honoured and lose no text', () => {
  const r = check(bad, { path: 'r.md' });
  const f = r.findings.find((x) => x.rule === 'share')!;
  for (const scope of ['line', 'file'] as const) {
    const e = disableEdit(r, f.rule, f.range.start.line, scope);
    const t = applyEdits(bad, [e]);
    assert.equal(t.replace(e.newText, ''), bad, 'only inserts');
    assert.equal(shareErrors(t), 0, scope);
  }
});

test('plain-text reports honour the same comments', () => {
  const txt = bad.replace(/^---[\s\S]*?---\n/, '').replace(/^#+ /gm, '');
  const t = txt.replace(
    '本年收入355.15万元，其中',
    '<!-- suanpan-disable-next-line share -->\n本年收入355.15万元，其中',
  );
  assert.equal(
    check(txt, { path: 'r.txt' }).findings.filter((f) => f.rule === 'share' && f.severity === 'error').length,
    1,
  );
  assert.equal(
    check(t, { path: 'r.txt' }).findings.filter((f) => f.rule === 'share' && f.severity === 'error').length,
    0,
  );
});

test('suanpan-disable-row: a table row named by its first cell or its number, from before the table', () => {
  const row = '| 合计 | 342.31 | 455.15 | 455.15 | 10 | 100% | 10 |';
  const header = '| 资金来源 | 年初预算数 |';
  assert.ok(seed.includes(row) && seed.includes(header));
  const t = seed.replace(row, '| 合计 | 342.31 | 455.15 | 455.15 | 10 | 100% | 9 |');
  const perf = (x: string) => check(x, { path: 'r.md' }).findings.filter((f) => f.rule === 'perf-execution').length;
  assert.equal(perf(t), 1);
  const before = (comment: string) => t.replace(header, `${comment}\n${header}`);
  assert.equal(perf(before('<!-- suanpan-disable-row 「合计」 perf-execution -->')), 0);
  // the body's 4th row (上级资金, 本级资金, 其他资金, 合计)
  assert.equal(perf(before('<!-- suanpan-disable-row row 4 perf-execution -->')), 0);
  assert.equal(perf(before('<!-- suanpan-disable-row row 3 perf-execution -->')), 1, 'another row');
  assert.equal(perf(before('<!-- suanpan-disable-row 「本级资金」 perf-execution -->')), 1, 'another row');
  assert.equal(perf(before('<!-- suanpan-disable-row 「合计」 share -->')), 1, 'another rule');
  // two comments before the same table: both apply
  const two = before(
    '<!-- suanpan-disable-row 「其他资金」 sum -->\n<!-- suanpan-disable-row 「合计」 perf-execution -->',
  );
  assert.equal(perf(two), 0);
  // not before a table (a paragraph between): nothing silenced
  assert.equal(
    perf(t.replace(header, `<!-- suanpan-disable-row 「合计」 perf-execution -->\n\n说明。\n\n${header}`)),
    1,
  );
});
