// npm run bench:cross — the cost of checking reports against each other: a folder of 200
// reports (100 units × 2 years, made from the wanli 2024 and 2025 budgets of the corpus with
// the unit renamed) checked as `suanpan check <folder>` does, with and without the checks
// across reports (each report checked, indexed once, then checked against the others).
// Prints both times and their ratio (the target: within 2×). Timings are medians of 5 runs.
import { existsSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { createEngine } = require(join(root, 'out', 'server', 'src', 'engine', 'index.js'));
const corpus = [join(root, '..', 'shared', 'corpus'), join(root, '..', '..', 'shared', 'corpus')].find(existsSync);
if (!corpus) {
  console.error('bench-cross: the shared corpus is missing (../shared/corpus)');
  process.exit(1);
}
const UNIT = '上海市普陀区人民政府万里街道办事处';
const years = ['2024', '2025'].map((y) => readFileSync(join(corpus, `shanghai-putuo-wanli-${y}-budget.txt`), 'utf8'));
const reports = [];
for (let i = 0; i < 100; i++)
  for (const [k, text] of years.entries())
    reports.push({
      path: `/bench/unit-${i}/${2024 + k}.txt`,
      text: text.split(UNIT).join(`上海市普陀区第${i}街道办事处`),
    });

function folder(cross) {
  const engine = createEngine();
  const results = reports.map((r) => engine.check(r.text, { path: r.path }));
  if (!cross) return { results, relations: 0, crossMs: 0 };
  const t0 = performance.now();
  const partners = results.map((r) => engine.crossEntry(r));
  let relations = 0;
  for (const r of results) relations += engine.crossCheck(r, { partners }).cross.relations.length;
  return { results, relations, crossMs: performance.now() - t0 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
function time(cross) {
  const runs = [];
  const crossRuns = [];
  let relations = 0;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const r = folder(cross);
    runs.push(performance.now() - t0);
    crossRuns.push(r.crossMs);
    relations = r.relations;
  }
  return { ms: median(runs), crossMs: median(crossRuns), relations };
}

folder(true); // warm up
const without = time(false);
const withCross = time(true);
const ratio = withCross.ms / without.ms;
console.log(`${reports.length} reports (100 units × 2 years)`);
console.log(`  without cross checks  ${without.ms.toFixed(0)} ms`);
console.log(`  with cross checks     ${withCross.ms.toFixed(0)} ms  (${withCross.relations} relations)`);
console.log(`  of which the cross phase ${withCross.crossMs.toFixed(0)} ms (index, then each against the others)`);
console.log(`  ratio                 ${ratio.toFixed(2)}× (target ≤ 2×)`);
if (withCross.relations !== 100 * 2 * 11) console.error(`bench-cross: expected ${100 * 2 * 11} relations`);
