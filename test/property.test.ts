/** Random and mangled text never makes the engine throw, and it finishes in bounded time. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { check, applyEdits, certainFixes, hoverAt, documentSymbols, foldingRanges } from '../server/src/engine';
import { SEED_MD, read } from './helpers';

const seed = read(SEED_MD);
const pieces = [
  '万元',
  '%',
  '占',
  '其中：',
  '增加',
  '减少',
  '增长',
  '下降',
  '持平',
  '，',
  '。',
  '；',
  '：',
  '(类)',
  '（款）',
  '（项）',
  '年初预算数',
  '决算数',
  '预决算差异率',
  '完成年初预算的',
  '\n',
  '\n\n',
  '# ',
  '## 一、',
  '| a | b |\n| --- | --- |\n',
  '<!-- suanpan-disable ',
  '-->',
  '---\n',
  '1.',
  '（一）',
  '本年收入合计',
  '基本支出',
  '“三公”经费',
  'XX',
  '增加（减少）',
  '0.00',
  '356.00',
  '1,234.5',
  '-3',
  '９９',
  '2024年10月31日7',
  '\t',
  '\r\n',
  '\u0000',
  '𠀀',
];

function safeCheck(text: string, path: string): void {
  const r = check(text, { path });
  for (const f of r.findings) {
    assert.ok(f.span.start >= 0 && f.span.end <= text.length && f.span.start <= f.span.end);
    for (const fix of f.fixes) for (const e of fix.edits) assert.ok(e.span.start >= 0 && e.span.end <= text.length);
  }
  applyEdits(
    text,
    certainFixes(r.findings).flatMap((x) => x.edits),
  );
  hoverAt(r, Math.floor(text.length / 2));
  documentSymbols(r);
  foldingRanges(r);
}

test('random strings of report vocabulary never throw', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.oneof(
          fc.constantFrom(...pieces),
          fc.string(),
          fc.integer().map(String),
          fc.double({ noNaN: false }).map(String),
        ),
        { maxLength: 200 },
      ),
      fc.constantFrom('a.md', 'a.txt'),
      (parts, path) => {
        safeCheck(parts.join(''), path);
      },
    ),
    { numRuns: 300 },
  );
});

test('mangled seed (cut, duplicated, shuffled lines) never throws', () => {
  const lines = seed.split('\n');
  fc.assert(
    fc.property(
      fc.array(fc.nat(lines.length - 1), { minLength: 1, maxLength: 120 }),
      fc.nat(seed.length),
      fc.string(),
      fc.constantFrom('a.md', 'a.txt'),
      (idx, cut, junk, path) => {
        const text = idx.map((i) => lines[i]).join('\n');
        safeCheck(text.slice(0, cut) + junk + text.slice(cut), path);
      },
    ),
    { numRuns: 150 },
  );
});

test('pathological inputs finish in bounded time', () => {
  const cases = [
    '1'.repeat(200_000),
    '占'.repeat(100_000) + '1%',
    '1,'.repeat(100_000),
    ('其中：' + '本年收入合计1.00万元，').repeat(5_000),
    '| ' + 'a | '.repeat(20_000) + '\n',
    '<!--'.repeat(50_000),
    ('增加'.repeat(1000) + '1.0万元').repeat(100),
    '\n'.repeat(300_000),
    ('一、' + 'x'.repeat(30) + '\n').repeat(20_000),
  ];
  for (const c of cases) {
    for (const path of ['a.md', 'a.txt']) {
      // no clock here (a loaded machine would flake): the time bound per size is checked by
      // `npm run fuzz` (scripts/fuzz.mjs), which CI runs on these inputs and on mutated reports
      safeCheck(c, path);
    }
  }
});
