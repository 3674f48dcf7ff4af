// npm run bench: the engine's CPU time per check on the seed and each corpus report, side by side
// with the markdown-it parse, a regex pass over the numbers (the floor) and markdownlint on the same
// text in the same run (ratios: these machines are shared and noisy),
// then one check of each 1 MB input (scripts/bench-large.mjs: the corpus repeated, hostile shapes),
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
import MarkdownIt from 'markdown-it';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
// the engine as the CLI and the server bundle it (scripts/bundle.mjs: dist/engine.js)
const engine = require(join(root, 'dist', 'engine.js'));
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
/** CPU time (user + system, process.cpuUsage) per call in ms: the median of batches of calls. */
function cpuOf(fn, minMs = 300, minBatches = 7) {
  for (let i = 0; i < 5; i++) fn(); // warm up
  const t0 = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t0);
  const once = Math.max(0.001, (d.user + d.system) / 1000);
  const per = Math.max(1, Math.ceil(20 / once)); // batches of at least ~20 ms
  const runs = [];
  const start = performance.now();
  while (runs.length < minBatches || performance.now() - start < minMs) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < per; i++) fn();
    const c = process.cpuUsage(c0);
    runs.push((c.user + c.system) / 1000 / per);
  }
  return median(runs);
}

const md = new MarkdownIt('commonmark', { html: true }).enable('table');
// the floor: one regex pass over the numbers of the text (what any checker of figures must do)
const NUMBERS = /[+-]?\d[\d,]*(?:\.\d+)?/g;
function regexFloor(text) {
  let n = 0;
  NUMBERS.lastIndex = 0;
  while (NUMBERS.exec(text)) n++;
  return n;
}

/** The seed's narrative without its tables file (the 数据: line dropped). */
function textAlone(text) {
  return text.replace(/^数据:.*\n/m, '');
}

console.log(
  'CPU ms per check (process.cpuUsage; interleaved, so all four see the same load)\n' +
    'file                                            KB  suanpan  markdown-it  regex  markdownlint  ' +
    'suanpan/markdown-it  markdownlint/suanpan',
);
const ratios = [];
const cases = files.map((f) => ({ name: basename(f), path: f, text: readFileSync(f, 'utf8') }));
cases.splice(1, 0, { name: 'report.md (text alone)', path: files[0], text: textAlone(cases[0].text) });
for (const c of cases) {
  const { text, path } = c;
  const bytes = Buffer.byteLength(text);
  const a = [],
    b = [],
    r = [],
    l = [];
  for (let round = 0; round < 3; round++) {
    a.push(cpuOf(() => engine.check(text, { path })));
    b.push(cpuOf(() => md.parse(text, {})));
    r.push(cpuOf(() => regexFloor(text)));
    l.push(cpuOf(() => lint({ strings: { doc: text } })));
  }
  const [ms, mi, rx, ml] = [a, b, r, l].map(median);
  ratios.push({ name: c.name, ms, vsMd: ms / mi, vsLint: ml / ms });
  console.log(
    `${c.name.padEnd(46)} ${(bytes / 1024).toFixed(1).padStart(5)} ${ms.toFixed(2).padStart(8)} ` +
      `${mi.toFixed(2).padStart(12)} ${rx.toFixed(3).padStart(6)} ${ml.toFixed(2).padStart(13)} ` +
      `${(ms / mi).toFixed(1).padStart(19)}x ${(ml / ms).toFixed(2).padStart(19)}x`,
  );
}
const seed = ratios[0],
  alone = ratios[1];
console.log(
  `seed: ${seed.ms.toFixed(2)} ms CPU with its tables file (target ≤ 4), ${alone.ms.toFixed(2)} ms text alone ` +
    `(target ≤ 2); suanpan is ${Math.min(...ratios.map((x) => x.vsMd)).toFixed(1)}x–` +
    `${Math.max(...ratios.map((x) => x.vsMd)).toFixed(1)}x the markdown-it parse (target ≤ 10x) and ` +
    `${Math.min(...ratios.map((x) => x.vsLint)).toFixed(2)}x–${Math.max(...ratios.map((x) => x.vsLint)).toFixed(2)}x ` +
    `the speed of markdownlint`,
);

// `node scripts/bench.mjs --engine`: the table above only
if (process.argv.includes('--engine')) process.exit(process.exitCode ?? 0);

console.log('\nlarge inputs (issue 9: any 1 MB checked in ≤ 2 s):');
const largeBench = spawnSync(process.execPath, [join(root, 'scripts', 'bench-large.mjs')], {
  stdio: 'inherit',
  cwd: root,
});
if (largeBench.status !== 0) process.exitCode = largeBench.status ?? 1;

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
