// Writes docs/rules/<id>.md from each rule file's metadata (id, aliases, tags, title,
// default severity, doc), so the per-rule pages the editor links to never drift from the code.
// Run after a build: node scripts/gen-rule-docs.mjs   (test/docs.test.ts checks they are in sync)
import { writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { RULES } = require(join(root, 'out', 'server', 'src', 'engine', 'rules', 'index.js'));
const { ruleDoc, rulesIndex } = require(join(root, 'out', 'server', 'src', 'engine', 'rules', 'docs.js'));
mkdirSync(join(root, 'docs', 'rules'), { recursive: true });
for (const r of RULES) writeFileSync(join(root, 'docs', 'rules', `${r.id}.md`), ruleDoc(r));
writeFileSync(join(root, 'docs', 'rules', 'README.md'), rulesIndex(RULES));
console.log(`wrote ${RULES.length} rule docs`);
