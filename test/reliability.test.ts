/**
 * Issue 9's reproducers, each small and made here: fixes never corrupt, whatever the input.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, certainFixes, check, type CheckResult } from '../server/src/engine';

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
  const { validateFindings } = require('../server/src/engine/findings/validate');
  const r = check('# 2024年度部门决算\n\n本年收入合计1.00万元。\n', { path: 'r.md' });
  const bad = {
    rule: 'sum',
    severity: 'error',
    message: 'x',
    span: { start: NaN, end: 3 },
    range: { start: { line: 0, character: NaN }, end: { line: 0, character: 3 } },
    related: [],
    fixes: [],
  };
  const badFix = {
    ...bad,
    span: { start: 0, end: 1 },
    fixes: [{ title: 'x', certain: true, edits: [{ span: { start: 5, end: 1e9 }, range: bad.range, newText: 'y' }] }],
  };
  const v = validateFindings([bad, badFix], [r.doc]);
  assert.equal(v.dropped, 2);
  assert.equal(v.findings.length, 1);
  assert.deepEqual(v.findings[0].fixes, []);
});
