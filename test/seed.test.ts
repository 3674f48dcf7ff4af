/**
 * The seed report (a real 2024 final-accounts report) is consistent apart from rounding
 * differences, two zero-base growth rates and one malformed table cell: exactly these
 * findings, in its Markdown conversion and in the original plain-text export.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SEED_MD, SEED_TXT, brief, read, run } from './helpers';

const EXPECTED_MD = [
  'rounding-difference info 52:19 356.00', // 310.15 + 27.83 + 7.61 + 10.42 = 356.01
  'yoy warning 70:88 100.00', // 增加100.00万元，增长100.00% from a zero prior
  'yoy warning 72:68 100.00', // 增加1.54万元，增长100.00% from a zero prior
  'rounding-difference info 88:21 184.00', // 143.57 + 40.44 = 184.01
  'malformed warning 184:45 2024年10月31日7', // the stray 7 in the 项目完成时间 cell
];
const EXPECTED_TXT = [
  'rounding-difference info 30:19 356.00',
  'yoy warning 39:88 100.00',
  'yoy warning 40:68 100.00',
  'rounding-difference info 48:21 184.00',
  'malformed warning 303:3 2024年10月31日7',
];

test('seed Markdown: exactly the expected findings, no errors', () => {
  const text = read(SEED_MD);
  const r = run(text, SEED_MD);
  assert.ok(r.isReport);
  assert.deepEqual(
    r.findings.map((f) => brief(text, f)),
    EXPECTED_MD,
  );
  assert.equal(r.findings.filter((f) => f.severity === 'error').length, 0);
});

test('seed plain text: the same findings at the original positions', () => {
  const text = read(SEED_TXT);
  const r = run(text, SEED_TXT);
  assert.ok(r.isReport);
  assert.deepEqual(
    r.findings.map((f) => brief(text, f)),
    EXPECTED_TXT,
  );
});

test('seed: the relations are found and hold', () => {
  const text = read(SEED_MD);
  const r = run(text, SEED_MD);
  const byRule = (rule: string) => r.network.constraints.filter((c) => c.rule === rule);
  // an exact count that fails says which relations there are
  const listed = (rule: string) =>
    byRule(rule)
      .map((c) => `${c.id}: ${c.title['zh-CN']}`)
      .join('\n');
  const statuses = r.network.constraints.map((c) => c.evaluate((f) => f.written).status);
  assert.equal(statuses.filter((s) => s === 'mismatch').length, 0);
  // every 占 in the prose is checked against its part and whole
  assert.equal(byRule('share').length, 21, listed('share'));
  // every stated 增减额 + 增长率 pair
  assert.equal(byRule('yoy').length, 18, listed('yoy'));
  // 预决算差异率 in 四, 五 and the five 三公 lines
  assert.equal(byRule('budget').length, 7, listed('budget'));
  const ids = new Set(byRule('sum').map((c) => c.id.split(':')[0]));
  for (const id of [
    'income-total',
    'expense-total',
    'income-equals-expense',
    'income-sources',
    'expense-uses',
    'fiscal-income-total',
    'fiscal-expense-total',
    'basic-personnel-public',
    'gpb-by-class',
    'class-by-item',
    'sangong-composition',
    'sangong-cars',
    'procurement-composition',
    'staff-composition',
    'vehicle-composition',
  ]) {
    assert.ok(ids.has(id), `identity ${id} checked`);
  }
});

test('seed: figures keep their exact source ranges', () => {
  const text = read(SEED_MD);
  const r = run(text, SEED_MD);
  for (const f of r.extraction.facts) {
    const src = text.slice(f.span.start, f.span.end);
    assert.equal(src.replace(/,/g, ''), f.written.value.toFixed(f.written.decimals), `fact ${f.id} at ${f.span.start}`);
  }
});

test('seed: English messages on request', () => {
  const text = read(SEED_MD);
  const r = run(text, SEED_MD, { lang: 'en' });
  assert.match(r.findings[0].message, /rounding difference/);
  assert.ok(
    r.findings.every((f) => !/[，。：]/.test(f.message.replace(/「[^」]*」/g, '').replace(/[\u4e00-\u9fff]+/g, ''))),
  );
});

test('rounding differences can be hidden', () => {
  const text = read(SEED_MD);
  const r = run(text, SEED_MD, { roundingDifferences: 'hide' });
  assert.equal(r.findings.filter((f) => f.rule === 'rounding-difference').length, 0);
  assert.equal(r.findings.length, 3);
});

test('rule severities are configurable, or off', () => {
  const text = read(SEED_MD);
  const r = run(text, SEED_MD, { rules: { yoy: 'off', malformed: 'error' } });
  assert.equal(r.findings.filter((f) => f.rule === 'yoy').length, 0);
  assert.equal(r.findings.find((f) => f.rule === 'malformed')!.severity, 'error');
});
