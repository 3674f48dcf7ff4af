/**
 * An excerpt (a web page, the first pages of a PDF: the text stops mid-sentence) gets no
 * missing-section, missing-table or missing-glossary finding for what the layout puts after the
 * point where it stops; a complete report that lacks its last part still gets it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, SEED_MD, read, run } from './helpers';

const STRUCTURE = new Set(['missing-section', 'missing-table', 'missing-glossary']);
const SW = join(ROOT, 'samples', 'shanghai-putuo-social-work-2024', 'report.md');

function missing(text: string, path: string): string[] {
  return run(text, path)
    .findings.filter((f) => STRUCTURE.has(f.rule))
    .map((f) => `${f.rule}: ${f.message}`);
}

/** The text cut `n` characters into the paragraph that starts with `at` (mid-sentence). */
function cutIn(text: string, at: string, n: number): string {
  const i = text.indexOf(at);
  assert.ok(i >= 0, at);
  return text.slice(0, i + n);
}

test('a report cut mid-sentence (no final line break) has nothing missing past its end', () => {
  for (const [path, at, n] of [
    [SEED_MD, '2024年度收入总计455.15万元', 30],
    [SEED_MD, '收入支出总体与上年相比', 25],
    [SW, '说明：中共上海市普陀区委社会工作部本年度没有财政拨款“三公”经费支出', 20],
  ] as const) {
    const text = read(path);
    assert.deepEqual(missing(text, path), [], `${path}: the whole report is complete`);
    assert.deepEqual(missing(cutIn(text, at, n), path), [], `${path} cut in 「${at}」`);
  }
});

test('a paragraph that stops mid-clause is an excerpt even with its final line break', () => {
  const text = cutIn(read(SEED_MD), '收入支出总体与上年相比', 40) + '\n';
  assert.match(text, /[，、][^\n，、。]*\n$/, 'it stops after a comma, mid-sentence');
  assert.deepEqual(missing(text, SEED_MD), []);
});

test('a complete report that lacks its last part still gets missing-section', () => {
  const text = read(SEED_MD);
  const i = text.indexOf('## 第三部分');
  assert.ok(i > 0);
  const found = missing(text.slice(0, i), SEED_MD);
  assert.ok(
    found.some((f) => f.startsWith('missing-section') && f.includes('第三部分')),
    found.join('\n'),
  );
});

test('a report cut mid-sentence and ending in 100,000 spaces is an excerpt (its end read by a loop)', () => {
  const text = cutIn(read(SEED_MD), '收入支出总体与上年相比', 25) + ' '.repeat(100_000);
  assert.deepEqual(missing(text, SEED_MD), []);
});
