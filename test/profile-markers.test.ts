/**
 * Profile markers come from the workspace: a catastrophic regex such as `(x+x+)+y` must not
 * freeze the checker. Markers are kept to a safe subset (structure/marker.ts), checked at load.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from '../server/src/engine';
import { BUILTIN_PROFILES, parseProfile, ProfileError } from '../server/src/engine/structure/profile';
import { unsafeMarker } from '../server/src/engine/structure/marker';

const withMarker = (m: string): unknown => ({
  id: 'evil',
  kinds: ['final'],
  parts: [{ title: '部门决算情况说明', sections: [{ title: '政府性基金', empty: { statement: 's', markers: [m] } }] }],
});

test('a marker with nested quantifiers is refused with a clear profile error, and no check hangs', () => {
  assert.throws(
    () => parseProfile(withMarker('(x+x+)+y')),
    (e: unknown) => {
      assert.ok(e instanceof ProfileError);
      assert.match(e.message, /bad marker pattern \(x\+x\+\)\+y: (?:unbounded|nested) repetition/);
      return true;
    },
  );
  const text = `# 部门决算情况说明\n\n## 政府性基金\n\n${'x'.repeat(30)}\n`;
  const t0 = Date.now();
  const r = check(text, { path: 'r.md', profiles: [withMarker('(x+x+)+y')] });
  assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms`);
  const refused = r.findings.filter((f) => f.rule === 'layout-profile' && f.message.includes('(x+x+)+y'));
  assert.equal(refused.length, 1, r.findings.map((f) => f.message).join('\n'));
});

test('the safe subset: bounded gaps, optional words and alternatives pass; the rest is refused', () => {
  for (const ok of [
    '无政府性基金',
    '无[^。，；]{0,8}[“"]?三公[”"]?经费',
    '无(?:财政拨款)?[“"]?三公[”"]?经费',
    '政府性基金[^。]{0,40}(?:为空表|无数据)',
    'a{3}\\.b',
    '{x}',
  ])
    assert.equal(unsafeMarker(ok), undefined, ok);
  for (const bad of [
    '(x+x+)+y',
    '(a|aa)*',
    'x*',
    'a.+b',
    'a{2,}',
    'a{0,500}',
    '(?:ab){0,3}',
    '(?:a?b)?',
    '(a)\\1',
    '(?<n>a)\\k<n>',
    '(?=a)',
    '[^。]{0,40}[^。]{0,40}',
    '(',
    '[a',
  ])
    assert.ok(unsafeMarker(bad), bad);
});

test('every built-in profile marker is in the safe subset', () => {
  assert.ok(BUILTIN_PROFILES.length >= 4);
  const walk = (its: { empty?: { markers: RegExp[] }; children: unknown[]; tables: unknown[] }[]): void => {
    for (const it of its) {
      for (const m of it.empty?.markers ?? []) assert.equal(unsafeMarker(m.source), undefined, m.source);
      walk(it.children as typeof its);
      walk(it.tables as typeof its);
    }
  };
  for (const p of BUILTIN_PROFILES) walk(p.parts);
});
