// npm run bench: the engine's speed on the seed and each corpus report, side by side with
// markdownlint on the same text in the same run (ratios: these machines are shared and noisy),
// then the incremental edit latencies (scripts/bench-incr.mjs: 1× and 16×, start/middle/end),
// then the PDF import per page next to pdf.js's own text extraction (scripts/bench-import.mjs),
// then the CLI's cold start, batch throughput and memory (scripts/bench-batch.mjs),
// then the editor latency benchmark if the language server is built.
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { join, dirname, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { lint } from 'markdownlint/sync';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const engine = require(join(root, 'out', 'server', 'src', 'engine', 'index.js'));
const corpus = [join(root, '..', 'shared', 'corpus'), join(root, '..', '..', 'shared', 'corpus')].find(existsSync);

const files = [
  join(root, 'samples', 'changji-2024', 'report.md'),
  join(root, 'samples', 'changji-2024', 'tables.yaml'),
  join(root, 'samples', 'shanghai-putuo-social-work-2024', 'report.md'),
];
if (corpus) for (const f of readdirSync(corpus).sort()) if (f.endsWith('.txt')) files.push(join(corpus, f));

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}
function timeIt(fn, minMs = 400, minRuns = 30) {
  for (let i = 0; i < 10; i++) fn(); // warm up
  const runs = [];
  const start = performance.now();
  while (runs.length < minRuns || performance.now() - start < minMs) {
    const t0 = performance.now();
    fn();
    runs.push(performance.now() - t0);
  }
  return median(runs);
}

console.log(
  'file                                           size KB  suanpan ms   MB/s  ' +
    'markdownlint ms  ratio (markdownlint / suanpan)',
);
const ratios = [];
for (const f of files) {
  const text = readFileSync(f, 'utf8');
  const bytes = Buffer.byteLength(text);
  // interleave the two so both see the same machine load
  let a = [],
    b = [];
  for (let round = 0; round < 3; round++) {
    a.push(timeIt(() => engine.check(text, { path: f })));
    b.push(timeIt(() => lint({ strings: { doc: text } })));
  }
  const ms = median(a),
    ml = median(b);
  ratios.push(ml / ms);
  console.log(
    `${basename(f).padEnd(46)} ${(bytes / 1024).toFixed(1).padStart(7)} ${ms.toFixed(2).padStart(11)} ` +
      `${(bytes / 1e6 / (ms / 1000)).toFixed(1).padStart(6)} ${ml.toFixed(2).padStart(16)} ` +
      `${(ml / ms).toFixed(2).padStart(8)}x`,
  );
}
console.log(
  `suanpan is ${Math.min(...ratios).toFixed(2)}x–${Math.max(...ratios).toFixed(2)}x the speed of markdownlint ` +
    `on the same files (target: > 1x; the seed under 5 ms warm)`,
);

console.log('\nincremental edits (one engine re-checking after each typed character):');
const incrBench = spawnSync(process.execPath, [join(root, 'scripts', 'bench-incr.mjs')], {
  stdio: 'inherit',
  cwd: root,
});
if (incrBench.status !== 0) process.exitCode = incrBench.status ?? 1;

console.log('\nPDF import (per page, next to pdf.js text extraction alone):');
const importBench = spawnSync(process.execPath, [join(root, 'scripts', 'bench-import.mjs')], {
  stdio: 'inherit',
  cwd: root,
});
if (importBench.status !== 0) process.exitCode = importBench.status ?? 1;

console.log('\nthe CLI: cold start, a batch of ~1,000 reports next to markdownlint-cli2, memory:');
const batchBench = spawnSync(process.execPath, [join(root, 'scripts', 'bench-batch.mjs')], {
  stdio: 'inherit',
  cwd: root,
});
if (batchBench.status !== 0) process.exitCode = batchBench.status ?? 1;

const lspBench = join(root, 'scripts', 'bench-lsp.mjs');
if (existsSync(lspBench) && existsSync(join(root, 'dist', 'server.js'))) {
  console.log('\neditor latency (language server):');
  const r = spawnSync(process.execPath, [lspBench], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) process.exitCode = r.status ?? 1;
}
