/** Every rule has one file with id, title, default severity and doc, and a docs page in sync. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../server/src/engine';
import { ruleDoc } from '../server/src/engine/rules/docs';
import { ROOT } from './helpers';

const RULES_DIR = join(ROOT, 'server', 'src', 'engine', 'rules');

test('each rule: stable id, both-language title and doc, default severity', () => {
  const ids = new Set<string>();
  for (const r of RULES) {
    assert.match(r.id, /^[a-z][a-z-]*$/);
    assert.ok(!ids.has(r.id));
    ids.add(r.id);
    assert.ok(r.title['zh-CN'] && r.title.en && r.doc['zh-CN'] && r.doc.en);
    assert.ok(['error', 'warning', 'info'].includes(r.severity));
    // one file per rule, in the folder of its group (rules/relations, rules/text, …)
    const groups = readdirSync(RULES_DIR).filter((d) => existsSync(join(RULES_DIR, d, `${r.id}.ts`)));
    assert.equal(groups.length, 1, `one file for ${r.id}`);
  }
});

test('docs/rules pages are generated from the rule files (run scripts/gen-rule-docs.mjs)', () => {
  for (const r of RULES) {
    const p = join(ROOT, 'docs', 'rules', `${r.id}.md`);
    assert.ok(existsSync(p), p);
    assert.equal(readFileSync(p, 'utf8'), ruleDoc(r));
  }
  const pages = readdirSync(join(ROOT, 'docs', 'rules')).filter((f) => f !== 'README.md');
  assert.equal(pages.length, RULES.length);
});
