// The CLI at scale (part of npm run bench): a batch of ~1,000 reports (the samples and the corpus
// reports copied into sets, each set's unit names varied so that its reports pair only with one
// another) checked by `suanpan check` on all cores and on one, next to markdownlint-cli2 on the
// same files; the cold start (the seed's first finding) next to bare `node -e 0`; the batch's peak
// memory. Wall and CPU time (the children's, from /proc on Linux) and their ratios: the machines
// are shared. Usage: node scripts/bench-batch.mjs [--reports 1000] [--keep]
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? dflt : process.argv[i + 1];
};
const wanted = Number(arg('--reports', 1000));
const cli = join(root, 'dist', 'cli.js');
const corpus = [join(root, '..', 'shared', 'corpus'), join(root, '..', '..', 'shared', 'corpus')].find(existsSync);

/** The reports of one set: [relative path, text], and the unit names to vary. */
function sources() {
  const out = [];
  const seed = join(root, 'samples', 'changji-2024');
  out.push(['changji/report.md', readFileSync(join(seed, 'report.md'), 'utf8')]);
  out.push(['changji/tables.yaml', readFileSync(join(seed, 'tables.yaml'), 'utf8')]);
  const putuo = join(root, 'samples', 'shanghai-putuo-social-work-2024', 'report.md');
  out.push(['putuo/report.md', readFileSync(putuo, 'utf8')]);
  if (corpus)
    for (const f of readdirSync(corpus).sort())
      if (f.endsWith('.txt')) out.push([`corpus/${f}`, readFileSync(join(corpus, f), 'utf8')]);
  return out;
}

/** The unit names of the reports (from the engine's identity of each), longest first. */
function unitNames(files) {
  const engine = require(join(root, 'out', 'server', 'src', 'engine', 'index.js')).createEngine();
  const names = new Set();
  for (const [p, text] of files) {
    if (p.endsWith('.yaml')) continue;
    const r = engine.check(text, { path: p, readFile: () => undefined });
    const id = engine.crossEntry(r).identity;
    for (const u of [id.unit, ...(id.units ?? [])]) if (u && text.includes(u)) names.add(u);
  }
  return [...names].sort((a, b) => b.length - a.length);
}

function makeBatch(dir) {
  const files = sources();
  const units = unitNames(files);
  const perSet = files.filter(([p]) => !p.endsWith('.yaml')).length;
  const sets = Math.ceil(wanted / perSet);
  for (let k = 0; k < sets; k++) {
    const tag = `（第${k + 1}组）`;
    for (const [p, text] of files) {
      let t = text;
      for (const u of units) t = t.split(u).join(`@@${units.indexOf(u)}@@`);
      t = t.replace(/@@(\d+)@@/g, (_, i) => units[Number(i)] + tag);
      const to = join(dir, `set-${String(k + 1).padStart(3, '0')}`, p);
      mkdirSync(dirname(to), { recursive: true });
      writeFileSync(to, t);
    }
  }
  return { reports: sets * perSet, files: sets * files.length };
}

/** The CPU time of this process's finished children (user + system, ms), from /proc (Linux); else undefined. */
function childCpuMs() {
  try {
    const f = readFileSync('/proc/self/stat', 'utf8');
    const parts = f.slice(f.lastIndexOf(')') + 2).split(' ');
    // fields 16 and 17 (cutime, cstime) in clock ticks (100 a second on Linux)
    return (Number(parts[13]) + Number(parts[14])) * 10;
  } catch {
    return undefined;
  }
}

/** Runs a command: wall ms to the first line of output and to the end, CPU ms, peak RSS (MB, polled). */
function measure(cmd, args, { firstLine = false } = {}) {
  return new Promise((done) => {
    const cpu0 = childCpuMs();
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let first;
    let peak = 0;
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peak = Math.max(peak, Number(m[1]) / 1024);
      } catch {
        // gone
      }
    }, 50);
    child.stdout.on('data', () => {
      if (first === undefined) first = performance.now() - t0;
    });
    child.stderr.resume();
    child.on('exit', (code) => {
      clearInterval(poll);
      const wall = performance.now() - t0;
      const cpu1 = childCpuMs();
      done({
        code,
        wall,
        first: firstLine ? (first ?? wall) : wall,
        cpu: cpu0 === undefined ? NaN : cpu1 - cpu0,
        peak,
      });
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const fmt = (ms) => (ms / 1000).toFixed(2).padStart(7) + ' s';

async function batch() {
  const dir = mkdtempSync(join(tmpdir(), 'suanpan-batch-'));
  try {
    const made = makeBatch(dir);
    console.log(`batch: ${made.reports} reports (${made.files} files, tables files included) in ${dir}`);
    const cores = availableParallelism();
    const rows = [];
    const all = await measure(process.execPath, [cli, 'check', dir, '--format', 'json']);
    rows.push([`suanpan check, ${cores} threads`, all]);
    const one = await measure(process.execPath, [cli, 'check', dir, '--format', 'json', '--jobs', '1']);
    rows.push(['suanpan check, 1 thread', one]);
    const mlRoot = join(root, 'node_modules', 'markdownlint-cli2');
    const ml = join(mlRoot, JSON.parse(readFileSync(join(mlRoot, 'package.json'), 'utf8')).bin['markdownlint-cli2']);
    const lint = await measure(process.execPath, [ml, `${dir}/**/*.md`, `${dir}/**/*.txt`]);
    rows.push(['markdownlint-cli2 (same files)', lint]);
    console.log('                                      wall       CPU   reports/s (wall)  peak RSS');
    for (const [name, r] of rows)
      console.log(
        `${name.padEnd(34)} ${fmt(r.wall)} ${fmt(r.cpu)} ${(made.reports / (r.wall / 1000)).toFixed(0).padStart(12)}` +
          `  ${r.peak.toFixed(0).padStart(6)} MB`,
      );
    console.log(
      `ratios: markdownlint-cli2 / suanpan (${cores} threads): wall ${(lint.wall / all.wall).toFixed(2)}x, ` +
        `CPU ${(lint.cpu / all.cpu).toFixed(2)}x; 1 thread / ${cores} threads: ` +
        `wall ${(one.wall / all.wall).toFixed(2)}x`,
    );
    console.log(
      `targets: ${made.reports} reports <= 8 s wall on 2 cores (${fmt(all.wall).trim()}), peak RSS <= 300 MB ` +
        `(${all.peak.toFixed(0)} MB on ${cores} threads, ${one.peak.toFixed(0)} MB on 1), ` +
        `>= 10x markdownlint-cli2 (${(lint.wall / all.wall).toFixed(2)}x)`,
    );
  } finally {
    if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
  }
}

async function coldStart() {
  const seed = join(root, 'samples', 'changji-2024', 'report.md');
  const bare = [];
  const ours = [];
  // interleaved, so that both see the same load; the first run of each warms the disk cache
  for (let i = 0; i < 11; i++) {
    bare.push(await measure(process.execPath, ['-e', '0']));
    ours.push(await measure(process.execPath, [cli, 'check', seed], { firstLine: true }));
  }
  const b = { wall: median(bare.slice(1).map((r) => r.wall)), cpu: median(bare.slice(1).map((r) => r.cpu)) };
  const s = { wall: median(ours.slice(1).map((r) => r.first)), cpu: median(ours.slice(1).map((r) => r.cpu)) };
  console.log(`\ncold start (median of 10): bare node -e 0 ${fmt(b.wall)} wall ${fmt(b.cpu)} CPU`);
  console.log(`  suanpan check seed, first finding ${fmt(s.wall)} wall ${fmt(s.cpu)} CPU (to exit)`);
  console.log(
    `  ratio to bare node: wall ${(s.wall / b.wall).toFixed(2)}x, CPU ${(s.cpu / b.cpu).toFixed(2)}x (target <= 2x)`,
  );
}

if (!existsSync(cli)) {
  console.error('bench-batch: dist/cli.js is missing (npm run build first)');
  process.exit(1);
}
if (!process.argv.includes('--no-cold')) await coldStart();
console.log('');
await batch();
