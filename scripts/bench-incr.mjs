// Incremental edit latency of the engine (issue 12): one engine (as the language server's check
// worker holds one) re-checks a report after each one-character edit, as typing makes them: a
// character typed at the start, the middle or the end of the document, every version new. On the
// seed (with its tables file) and on a report 16 times its size (the seed's body repeated, as
// bench-hover.mjs builds it). Printed per case: CPU time of the check (process.cpuUsage) and wall
// time, p50 and p95. Targets (issue 12, diagnostics in the editor): 16× ≤ 30 ms p95, seed ≤ 15 ms.
// Usage: node scripts/bench-incr.mjs [--edits 40] [--engine path/to/out/server/src/engine/index.js] [--no-incremental]
//   [--json]   (--no-incremental: an engine without its caches, every check from scratch)
//   (--engine: another build's engine, e.g. main's, for a before/after comparison on the same load)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const EDITS = Number(arg('--edits', 40));
const json = process.argv.includes('--json');
const incremental = !process.argv.includes('--no-incremental');
// by default the engine as the CLI and the server bundle it (scripts/bundle.mjs: dist/engine.js)
const engine = require(resolve(arg('--engine', join(root, 'dist', 'engine.js'))));

const dir = join(root, 'samples', 'changji-2024');
const SEED = readFileSync(join(dir, 'report.md'), 'utf8');
const TABLES = readFileSync(join(dir, 'tables.yaml'), 'utf8');
const path = join(dir, 'report.md');
const readFile = (p) => (p === join(dir, 'tables.yaml') ? TABLES : undefined);

function sixteenfold(text) {
  const fm = /^---\r?\n[\s\S]*?\r?\n---\r?\n/.exec(text)?.[0] ?? '';
  return fm + Array.from({ length: 16 }, () => text.slice(fm.length)).join('\n');
}

/** A place in running text near a fraction of the document: before the first 。 after it. */
function placeNear(text, fraction) {
  const at = text.indexOf('。', Math.floor(text.length * fraction));
  return at < 0 ? text.lastIndexOf('。') : at;
}

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
  return { p50: q(50), p95: q(95) };
}

const TYPED = '本单位严格执行预算管理制度加强支出管理';

/** Typing at one place: each check sees the text with one more character there. */
function typing(text, at) {
  const e = engine.createEngine({ incremental });
  const options = { path, readFile };
  e.check(text, options); // the document as opened
  const cpu = [];
  const wall = [];
  for (let i = 1; i <= EDITS + 5; i++) {
    const typed = Array.from({ length: i }, (_, k) => TYPED[k % TYPED.length]).join('');
    const version = text.slice(0, at) + typed + text.slice(at);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    e.check(version, options);
    const t = performance.now() - t0;
    const c = process.cpuUsage(c0);
    if (i > 5) {
      // the first few warm the JIT
      wall.push(t);
      cpu.push((c.user + c.system) / 1000);
    }
  }
  return { cpu: stats(cpu), wall: stats(wall) };
}

const out = [];
for (const [name, text] of [
  ['seed', SEED],
  ['16× seed', sixteenfold(SEED)],
]) {
  for (const [where, fraction] of [
    ['start', 0.05],
    ['middle', 0.5],
    ['end', 0.95],
  ]) {
    out.push({ report: name, chars: text.length, where, ...typing(text, placeNear(text, fraction)) });
  }
}

if (json) console.log(JSON.stringify(out, null, 2));
else {
  const f = (x) => x.toFixed(1).padStart(6);
  console.log(`one-character edits, one engine re-checking (n=${EDITS} each): CPU and wall ms, p50 / p95`);
  for (const r of out)
    console.log(
      `  ${r.report.padEnd(9)} (${(r.chars / 1024).toFixed(0).padStart(3)} K chars) edit at ${r.where.padEnd(6)} ` +
        `CPU ${f(r.cpu.p50)} / ${f(r.cpu.p95)}   wall ${f(r.wall.p50)} / ${f(r.wall.p95)}`,
    );
  console.log('  targets (editor diagnostics, issue 12): 16× ≤ 30 ms p95, seed ≤ 15 ms p95');
}
