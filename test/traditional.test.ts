/**
 * traditional-character: its table (every character traditional, never in simplified text, with a
 * different simplified form) and a report in traditional characters throughout left alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hygiene } from '../server/src/engine/knowledge/hygiene';
import { run } from './helpers';

test('traditional: each character maps to a different simplified one, once', () => {
  assert.ok(hygiene.traditional.size > 100);
  for (const [trad, simp] of hygiene.traditional) {
    assert.notEqual(trad, simp);
    assert.ok(!hygiene.traditional.has(simp), `${simp} is itself in the table`);
  }
  for (const w of ['經費', '預算', '決算', '財政']) {
    const to = [...w].map((c) => hygiene.traditional.get(c) ?? c).join('');
    assert.ok(['经费', '预算', '决算', '财政'].includes(to), w);
  }
});

test('traditional: a report in traditional characters throughout is left alone', () => {
  const text =
    '# 2024年度部門決算\n\n一般公共預算財政撥款支出年初預算為452.40萬元，支出決算為446.11萬元，完成年初預算的98.61%。' +
    '決算數小於預算數的主要原因：年中社會保險繳費基數變更。\n';
  const r = run(text, 'trad.md');
  assert.deepEqual(
    r.findings.filter((f) => f.rule === 'traditional-character'),
    [],
  );
  const mixed = run('# 2024年度部门决算\n\n一般公共预算财政拨款支出年初預算为452.40万元。\n', 'mixed.md');
  assert.equal(mixed.findings.filter((f) => f.rule === 'traditional-character').length, 1);
});
