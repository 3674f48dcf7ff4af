// npm run bench:compare -- <other checkout>: CPU time per check of this build's engine next to
// another build's (e.g. the last release) on the samples and the corpus, interleaved in the same
// run so both see the same machine load (ratios; process.cpuUsage, not wall time).
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { join, dirname, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const other = process.argv[2];
if (!other || !existsSync(join(other, 'out', 'server', 'src', 'engine', 'index.js'))) {
  console.error('usage: node scripts/bench-compare.mjs <other checkout, built>');
  process.exit(2);
}
const require = createRequire(import.meta.url);
const mine = require(join(root, 'out', 'server', 'src', 'engine', 'index.js'));
const theirs = require(join(other, 'out', 'server', 'src', 'engine', 'index.js'));
const corpus = [join(root, '..', 'shared', 'corpus'), join(root, '..', '..', 'shared', 'corpus')].find(existsSync);
const files = [
  join(root, 'samples', 'changji-2024', 'report.md'),
  join(root, 'samples', 'changji-2024', 'tables.yaml'),
  join(root, 'samples', 'shanghai-putuo-social-work-2024', 'report.md'),
  ...(corpus
    ? readdirSync(corpus)
        .sort()
        .filter((f) => f.endsWith('.txt'))
        .map((f) => join(corpus, f))
    : []),
];
const readFile = (p) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
function cpuPerCheck(fn, runs) {
  for (let i = 0; i < 5; i++) fn();
  const t0 = cpu();
  for (let i = 0; i < runs; i++) fn();
  return (cpu() - t0) / runs;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const engine = mine.createEngine ? mine.createEngine({ workspace: { readFile } }) : mine;
console.log('file                                           this ms CPU  other ms CPU  other / this');
const ratios = [];
for (const f of files) {
  const text = readFileSync(f, 'utf8');
  const a = [];
  const b = [];
  for (let round = 0; round < 5; round++) {
    a.push(cpuPerCheck(() => engine.check(text, { path: f, readFile }), 20));
    b.push(cpuPerCheck(() => theirs.check(text, { path: f, readFile }), 20));
  }
  const ms = median(a);
  const ot = median(b);
  ratios.push(ot / ms);
  const cols = [ms.toFixed(2).padStart(11), ot.toFixed(2).padStart(13), (ot / ms).toFixed(2).padStart(12)];
  console.log(`${basename(f).padEnd(46)} ${cols.join(' ')}x`);
}
const geo = Math.exp(ratios.reduce((s, r) => s + Math.log(r), 0) / ratios.length);
console.log(`geometric mean of other / this: ${geo.toFixed(2)}x (above 1: this build is faster)`);
