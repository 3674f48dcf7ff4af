/**
 * The house rules of the code base (ARCHITECTURE.md): no import cycles in server/src, and every
 * rule file holds its logic (defineRule with a check that reports).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../server/src/engine';
import { ROOT } from './helpers';

test('no import cycles in server/src (type-only imports are erased and not counted)', async () => {
  // madge ships no types; it is a dev dependency used by this test only
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const madge = require('madge') as (p: string, o: object) => Promise<{ circular(): string[][] }>;
  const res = await madge(join(ROOT, 'server', 'src'), {
    fileExtensions: ['ts'],
    excludeRegExp: [/generated/],
    detectiveOptions: { ts: { skipTypeImports: true }, tsx: { skipTypeImports: true } },
  });
  const cycles = res.circular();
  assert.deepEqual(cycles, [], cycles.map((c) => c.join(' → ')).join('\n'));
});

test('every rule file holds its logic: defineRule with a check that reports (itself or by a shared reporter)', () => {
  const dir = join(ROOT, 'server', 'src', 'engine', 'rules');
  const files = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(dir, d.name)).map((f) => join(dir, d.name, f)))
    .filter((p) => RULES.some((r) => p.endsWith(`/${r.id}.ts`)));
  assert.equal(files.length, RULES.length, 'one file per rule');
  const without = files.filter((p) => {
    const src = readFileSync(p, 'utf8');
    // a call of report(…), or report handed to a shared reporter: reportFailures(ctx, report, …)
    return !/defineRule\(/.test(src) || !(/\breport\(/.test(src) || /\w\(ctx, report\b/.test(src));
  });
  assert.deepEqual(without, [], 'rule files without their logic');
});

test('every rule id and alias names one rule', () => {
  const seen = new Map<string, string>();
  for (const r of RULES)
    for (const name of [r.id, ...r.aliases]) {
      assert.ok(!seen.has(name), `${name} names both ${seen.get(name)} and ${r.id}`);
      seen.set(name, r.id);
    }
});
