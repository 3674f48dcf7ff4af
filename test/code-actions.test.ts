/** The engine's code actions: a finding's fixes (certain first, only those preferred), then the disable comments. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../server/src/engine';

test('code actions of a finding: certain fixes first and only those preferred, then the disable comments', () => {
  const engine = createEngine();
  const text = '# 2024年度部门决算公开说明\n\n本年收入合计100.00万元，其中：财政拨款收入60.00万元，占70.00%。\n';
  const r = engine.check(text, { path: 'r.md' });
  const f = r.findings.find((x) => x.rule === 'share');
  assert.ok(f, 'a share finding');
  const actions = engine.codeActions(r, f);
  assert.deepEqual(
    actions.map((a) => a.kind),
    [...f.fixes.map(() => 'quickfix'), 'disable', 'disable'],
  );
  const certainFirst = [...f.fixes].sort((a, b) => Number(b.certain) - Number(a.certain));
  certainFirst.forEach((x, i) => assert.equal(actions[i].preferred, x.certain));
  assert.match(actions[actions.length - 2].edits[0].newText, /suanpan-disable-next-line share/);
  assert.match(actions[actions.length - 1].edits[0].newText, /suanpan-disable-file share/);
});
