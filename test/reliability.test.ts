/**
 * Issue 9's reproducers, each small and made here: fixes never corrupt, whatever the input.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, certainFixes, check, type CheckResult } from '../server/src/engine';
import { validateFindings } from '../server/src/engine/findings/validate';
import { LinkRefusal } from '../server/src/engine/read';
import type { Finding } from '../server/src/engine/types';

function assertValid(r: CheckResult, text: string): void {
  for (const f of r.findings) {
    const len = f.path ? r.linked.find((d) => d.path === f.path)!.source.length : text.length;
    assert.ok(Number.isInteger(f.span.start) && Number.isInteger(f.span.end), `${f.rule}: integer span`);
    assert.ok(0 <= f.span.start && f.span.start <= f.span.end && f.span.end <= len, `${f.rule}: span inside`);
    assert.ok(Number.isInteger(f.range.start.character) && Number.isInteger(f.range.end.character));
    for (const x of f.fixes)
      for (const e of x.edits) {
        assert.ok(Number.isInteger(e.span.start) && e.span.end <= len && e.span.start <= e.span.end, 'edit inside');
      }
  }
}

test('a table whose header row has empty cells: every finding and edit is valid, --fix never grows the text', () => {
  const text = [
    '---',
    '类型: 部门决算',
    '年度: 2024',
    '---',
    '',
    '# 2024年度部门决算',
    '',
    '科目编码||合计|基本支出|项目支出||||',
    '-|-|-|-|-|-|-|-',
    '2080|||',
    '8050||8 6',
    '',
  ].join('\n');
  let current = text;
  for (let pass = 0; pass < 3; pass++) {
    const r = check(current, { path: 'r.md' });
    assertValid(r, current);
    current = applyEdits(
      current,
      certainFixes(r.findings).flatMap((f) => f.edits),
    );
  }
  assert.ok(current.length <= text.length + 8, `the text grew from ${text.length} to ${current.length} characters`);
  assert.ok(current.includes('8050|'), 'the row is still there');
});

test('an invalid finding is dropped and counted, never applied', () => {
  // the guard itself: a finding with a NaN offset made by a broken rule never leaves the engine
  const r = check('# 2024年度部门决算\n\n本年收入合计1.00万元。\n', { path: 'r.md' });
  const bad: Finding = {
    rule: 'sum',
    severity: 'error',
    message: 'x',
    span: { start: NaN, end: 3 },
    range: { start: { line: 0, character: NaN }, end: { line: 0, character: 3 } },
    related: [],
    fixes: [],
  };
  const badFix: Finding = {
    ...bad,
    span: { start: 0, end: 1 },
    fixes: [{ title: 'x', certain: true, edits: [{ span: { start: 5, end: 1e9 }, range: bad.range, newText: 'y' }] }],
  };
  const v = validateFindings([bad, badFix], [r.doc]);
  assert.equal(v.dropped, 2);
  assert.equal(v.findings.length, 1);
  assert.deepEqual(v.findings[0].fixes, []);
});

test('a check past its time budget stops before its next stage and says so (a fake clock, no wall time)', () => {
  const text = '# 2024年度部门决算公开说明\n\n本年收入合计100.00万元，其中：财政拨款收入60.00万元，占60.00%。\n';
  let clock = 0;
  // every reading of the clock advances it by 1 ms: a budget of 2 ms is spent after the first stages
  const r = check(text, { path: 'r.md', timeBudgetMs: 2, now: () => clock++ });
  const limit = r.findings.filter((f) => f.rule === 'input-limit');
  assert.equal(limit.length, 1);
  assert.match(limit[0].message, /过于复杂.*未进行/);
  assert.ok((limit[0].data as { skipped: string[] }).skipped.length > 0);
  // with the default budget nothing is skipped
  assert.deepEqual(
    check(text, { path: 'r.md' }).findings.filter((f) => f.rule === 'input-limit'),
    [],
  );
});

test('a text over the size limit is said to be too large, with the limit', () => {
  const r = check('x'.repeat(4_000_001), { path: 'big.md', lang: 'en' });
  assert.equal(r.findings.length, 1);
  assert.equal(r.findings[0].rule, 'input-limit');
  assert.match(r.findings[0].message, /too large.*4000001 characters; at most 4000000/);
});

test('a linked file the host refuses to read is a finding at the 数据 entry, with the reason', () => {
  const text = '---\n类型: 部门决算\n数据: ../../etc/passwd\n---\n\n# 2024年度部门决算\n';
  const r = check(text, {
    path: '/ws/r.md',
    readFile: () => {
      throw new LinkRefusal({ 'zh-CN': '文件不在工作区内', en: 'the file is outside the workspace' });
    },
  });
  const f = r.findings.find((x) => x.rule === 'front-matter');
  assert.ok(f, 'a finding');
  assert.match(f!.message, /不读取「数据」所指的文件 \.\.\/\.\.\/etc\/passwd：文件不在工作区内/);
  assert.equal(text.slice(f!.span.start, f!.span.end).includes('../../etc/passwd'), true);
});
