// npm run bench:cross — the cost of checking reports against each other: a folder of 200
// reports (100 units × 2 years, made from the wanli 2024 and 2025 budgets of the corpus with
// the unit renamed) checked as `suanpan check <folder>` does, with and without the checks
// across reports (each report checked, indexed once, then checked against the others).
// Prints both CPU times (process.cpuUsage: these machines are shared and loaded) and their ratio
// (the target: within 2×). The runs with and without alternate; each time is the median of 5.
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
  const c0 = process.cpuUsage();
  const partners = results.map((r) => engine.crossEntry(r));
  const relations = results.map((r) => engine.crossCheck(r, { partners }).cross.relations.length);
  return { results, relations, crossMs: cpuMs(c0) };
}

/** CPU milliseconds since c0. */
function cpuMs(c0) {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
function once(cross, into) {
  const c0 = process.cpuUsage();
  const r = folder(cross);
  into.ms.push(cpuMs(c0));
  into.crossMs.push(r.crossMs);
  into.relations = r.relations;
}

folder(true); // warm up
const without = { ms: [], crossMs: [], relations: [] };
const withCross = { ms: [], crossMs: [], relations: [] };
for (let i = 0; i < 5; i++) {
  once(false, without);
  once(true, withCross);
}
const ratio = median(withCross.ms) / median(without.ms);
const total = withCross.relations.reduce((a, b) => a + b, 0);
console.log(`${reports.length} reports (100 units × 2 years), CPU ms, median of 5 (alternating)`);
console.log(`  without cross checks  ${median(without.ms).toFixed(0)} ms`);
console.log(`  with cross checks     ${median(withCross.ms).toFixed(0)} ms  (${total} relations)`);
console.log(
  `  of which the cross phase ${median(withCross.crossMs).toFixed(0)} ms (index, then each against the others)`,
);
console.log(`  ratio                 ${ratio.toFixed(2)}× (target ≤ 2×)`);
// every unit's pair of years is the same pair renamed: each gives the same relations, and some
const perPair = new Set(withCross.relations.map((n, i) => (i % 2 ? n + withCross.relations[i - 1] : undefined)));
perPair.delete(undefined);
if (perPair.size !== 1 || perPair.has(0)) {
  console.error(`bench-cross: the pairs gave ${[...perPair].join(', ')} relations (expected one count, not 0)`);
  process.exitCode = 1;
}
