// The PDF import's speed (part of npm run bench): for each corpus PDF (../shared/corpus/pdf) and
// a synthetic 200-page report (test/pdf-writer.ts), the time per page of Suanpan's import
// (pdf.js text and ruling lines, then lines, tables and Markdown) next to the floor: the same
// PDF through pdf.js's own text extraction alone (getTextContent on every page). Both in CPU
// time (process.cpuUsage) and wall time, interleaved in the same run (ratios: these machines are
// shared and noisy), the median of the rounds.
//
//   node scripts/bench-import.mjs [--rounds N]
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, dirname, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const out = (...p) => join(root, 'out', ...p);
const { importPdf } = require(out('server', 'src', 'engine', 'read', 'import', 'pdf.js'));
const { extractPages, rawText } = require(out('server', 'src', 'engine', 'read', 'import', 'pdf-extract.js'));
const { longReport } = require(out('test', 'pdf-writer.js'));
const corpus = [join(root, '..', 'shared', 'corpus'), join(root, '..', '..', 'shared', 'corpus')].find(existsSync);
const roundsArg = process.argv.indexOf('--rounds');
const ROUNDS = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 3;

const inputs = [];
if (corpus && existsSync(join(corpus, 'pdf')))
  for (const f of readdirSync(join(corpus, 'pdf')).sort())
    if (f.endsWith('.pdf')) inputs.push({ name: f, bytes: new Uint8Array(readFileSync(join(corpus, 'pdf', f))) });
if (!inputs.length) console.log('(no corpus PDFs found: ../shared/corpus/pdf)');
inputs.push({ name: 'synthetic 200 pages (pdf-writer)', bytes: longReport(200) });

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** CPU and wall milliseconds of one run of fn. */
async function measure(fn) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { cpu: (c.user + c.system) / 1000, wall, r };
}

console.log(
  `${'pdf'.padEnd(46)} pages  import ms/page      of which pdf.js   floor: pdf.js text   ratio import/floor\n` +
    `${''.padEnd(46)}         cpu    wall   (text+ops, cpu)      cpu    wall           cpu    wall`,
);
const ratios = { cpu: [], wall: [] };
let warmed = false;
for (const { name, bytes } of inputs) {
  if (!warmed) {
    // load pdf.js and warm the code paths once
    await importPdf(bytes);
    await rawText(bytes);
    warmed = true;
  }
  const imp = { cpu: [], wall: [] };
  const floor = { cpu: [], wall: [] };
  const extract = [];
  let pages = 0;
  for (let round = 0; round < ROUNDS; round++) {
    // alternate which goes first, so both see the same load
    const runs = [
      async () => {
        const m = await measure(() => importPdf(bytes));
        imp.cpu.push(m.cpu);
        imp.wall.push(m.wall);
      },
      async () => {
        const m = await measure(() => rawText(bytes));
        pages = m.r.length;
        floor.cpu.push(m.cpu);
        floor.wall.push(m.wall);
      },
      async () => extract.push((await measure(() => extractPages(bytes))).cpu),
    ];
    if (round % 2) runs.reverse();
    for (const run of runs) await run();
  }
  const [ic, iw, fc, fw, ec] = [imp.cpu, imp.wall, floor.cpu, floor.wall, extract].map((xs) => median(xs) / pages);
  ratios.cpu.push(ic / fc);
  ratios.wall.push(iw / fw);
  const n = (x, w = 7) => x.toFixed(1).padStart(w);
  console.log(
    `${basename(name).padEnd(46)} ${String(pages).padStart(5)}  ${n(ic)} ${n(iw)}   ${n(ec, 15)}    ${n(fc)} ${n(fw)}` +
      `       ${(ic / fc).toFixed(2).padStart(6)}x ${(iw / fw).toFixed(2).padStart(6)}x`,
  );
}
const range = (xs) => `${Math.min(...xs).toFixed(2)}x–${Math.max(...xs).toFixed(2)}x`;
console.log(
  `import / pdf.js text extraction: ${range(ratios.cpu)} in CPU time, ${range(ratios.wall)} in wall time ` +
    `(the import also reads every page's operator list for the ruling lines, and rebuilds lines and tables)`,
);
