/**
 * official-name and unit-name on the real reports: every finding on the corpus and the samples
 * recorded after a check by hand; the certain fixes restore the official names and re-check clean;
 * a mutation of the seed (a former name) is caught and fixed back.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { applyEdits, certainFixes } from '../server/src/engine';
import { CORPUS, ROOT, SEED_MD, brief, mutateAt, read, run } from './helpers';

const RULES = new Set(['official-name', 'unit-name']);

/** file -> the findings of the two rules, each checked by hand (all real slips of the reports). */
const EXPECTED: Record<string, string[]> = {
  // 「住房保障支出（类）住房保障支出（款）住房公积金（项）」: the 款 of 2210201 is 住房改革支出
  'shanghai-putuo-planning-2024-final.txt': [
    'official-name warning 764:15 住房保障支出',
    'official-name warning 775:15 住房保障支出',
    // 「上海市普陀区规划与自然资源局」 three times, 「规划和」 in the title and 15 other places
    'unit-name warning 856:18 与',
    'unit-name warning 871:11 与',
    'unit-name warning 877:11 与',
  ],
  // 「卫生健康支出（类）卫生健康支出（款）计划生育事务（项）」: the 类 written again as the 款
  'shanghai-putuo-wanli-2025-budget.txt': ['official-name warning 121:19 卫生健康支出'],
};

function found(text: string, path: string): string[] {
  return run(text, path)
    .findings.filter((f) => RULES.has(f.rule))
    .map((f) => brief(text, f));
}

test('official-name, unit-name: the corpus and the samples, every finding recorded', () => {
  const files = readdirSync(CORPUS).filter((f) => f.endsWith('.txt'));
  assert.ok(files.length >= 8, `corpus texts: ${files.length}`);
  for (const f of files) assert.deepEqual(found(read(join(CORPUS, f)), f), EXPECTED[f] ?? [], f);
  for (const s of readdirSync(join(ROOT, 'samples'))) {
    const path = join(ROOT, 'samples', s, 'report.md');
    assert.deepEqual(found(read(path), path), [], s);
  }
});

test('official-name, unit-name: the certain fixes on the planning report restore the names', () => {
  const path = join(CORPUS, 'shanghai-putuo-planning-2024-final.txt');
  const text = read(path);
  const fixes = certainFixes(run(text, path).findings.filter((f) => RULES.has(f.rule)));
  assert.equal(fixes.length, 5);
  const fixed = applyEdits(
    text,
    fixes.flatMap((f) => f.edits),
  );
  assert.ok(fixed.includes('住房保障支出（类）住房改革支出（款）住房公积金（项）'));
  assert.ok(fixed.includes('住房保障支出（类）住房改革支出（款）购房补贴（项）'));
  assert.ok(!fixed.includes('规划与自然资源局'));
  assert.equal(fixed.length, text.length + 0, 'one character or word for another, nothing lost');
  assert.deepEqual(found(fixed, path), []);
});

test('official-name: a former name written into the seed is caught on it and fixed back', () => {
  const text = read(SEED_MD);
  const m = mutateAt(text, {
    name: 'former 类 name',
    ctx: '3.卫生健康支出(类)7.61万元',
    from: '卫生健康支出',
    to: '医疗卫生与计划生育支出',
  });
  const r = run(m.text, SEED_MD).findings.filter((f) => f.rule === 'official-name');
  assert.equal(r.length, 1);
  assert.deepEqual([r[0].span.start, r[0].span.end], [m.at, m.end]);
  assert.match(r[0].message, /2017 年及以前|旧名称/);
  const fixed = applyEdits(m.text, certainFixes(r)[0].edits);
  assert.equal(fixed, text);
});

test('a 类 written as its 款 is one finding: its items are not counted again under the unknown 款', () => {
  const text = read(SEED_MD).replace(
    '4.住房保障支出(类)10.42万元,占2.93%。',
    '4.住房保障支出(类)10.42万元,占2.93%。\n\n住房保障支出（类）住房保障支出（款）住房公积金（项）10.42万元。',
  );
  assert.notEqual(text, read(SEED_MD));
  const r = run(text, SEED_MD);
  const names = r.findings.filter((f) => f.rule === 'official-name');
  assert.equal(names.length, 1, names.map((f) => f.message).join('\n'));
  assert.deepEqual(
    r.findings.filter((f) => f.rule === 'sum' && f.severity === 'error').map((f) => f.message),
    [],
  );
});

test('official-name reads a 200,000-character line of one character once (a bounded name before each marker)', () => {
  const text = read(SEED_MD).replace('3.卫生健康支出(类)', `${'#'.repeat(200_000)}\n\n3.卫生健康支出(类)`);
  const r = run(text, SEED_MD);
  assert.deepEqual(
    r.findings.filter((f) => f.rule === 'official-name'),
    [],
  );
});
