// Editor latency and memory of the language server (dist/server.js over stdio), as an editor
// sees them:
//   - didChange → publishDiagnostics, p50/p95, on the seed report and on one ten times its
//     size, each change made after a pause (the server checks such a change at once; changes
//     in quick succession are debounced, measured separately as "typing burst");
//   - the server's resident memory with 50 reports open;
//   - the first diagnostics of a fresh server: didOpen of the seed (with its tables file) →
//     publishDiagnostics, and the server's start (spawn → initialize answered), median of 5.
// Targets: p95 < 50 ms on the seed; < 150 MB with 50 reports open (issue 12: ≤ 120 MB idle);
// first diagnostics ≤ 300 ms after open.
// Usage: node scripts/bench-lsp.mjs [--json] [--strict]   (after npm run build)
//   --json    print one JSON object instead of the table
//   --strict  exit 1 when a target is missed
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { LspClient } = require(join(root, 'out', 'test', 'lsp', 'lsp-client.js'));
// the server runs with the Node options the editor gives it (server/src/lsp/node-args.ts)
const { SERVER_NODE_ARGS } = require(join(root, 'out', 'server', 'src', 'lsp', 'node-args.js'));
process.env.SUANPAN_SERVER_NODE_ARGS ??= SERVER_NODE_ARGS.join(' ');
const json = process.argv.includes('--json');
const strict = process.argv.includes('--strict');
const say = (s) => json || console.log(s);

const SEED = readFileSync(join(root, 'samples', 'changji-2024', 'report.md'), 'utf8');
const TABLES = readFileSync(join(root, 'samples', 'changji-2024', 'tables.yaml'), 'utf8');
const DEBOUNCE_MS = 200;

const dir = mkdtempSync(join(tmpdir(), 'suanpan-bench-'));
writeFileSync(join(dir, 'tables.yaml'), TABLES);
const uriOf = (name) => pathToFileURL(join(dir, name)).href;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();

/** The seed with its body repeated: the same front matter, ten times the sections. */
function tenfold(text) {
  const fm = /^---\r?\n[\s\S]*?\r?\n---\r?\n/.exec(text)?.[0] ?? '';
  const body = text.slice(fm.length);
  return fm + Array.from({ length: 10 }, () => body).join('\n');
}

/** Two versions that differ in one figure, so that every change gives other diagnostics. */
function variants(text) {
  if (!text.includes('占72.08%')) throw new Error('the seed no longer contains 占72.08%');
  return [text, text.replace('占72.08%', '占75.08%')];
}

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
  return { n: s.length, p50: q(50), p95: q(95), max: s[s.length - 1] };
}

/** CPU time (user + system, all threads) the process has used so far, in ms. */
function cpuMs(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // clock ticks of 10 ms
  } catch {
    return NaN;
  }
}

function rssMb(pid, field = 'VmRSS') {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

async function latency(client, name, text, samples) {
  const uri = uriOf(name);
  const [a, b] = variants(text);
  let version = 1;
  const opened = client.waitForDiagnostics((p) => p.uri === uri && p.version === 1, 60_000);
  await client.open(uri, a);
  await opened;
  const times = [];
  let cpu0 = 0;
  // a few unmeasured rounds to warm the JIT
  for (let i = -3; i < samples; i++) {
    if (i === 0) cpu0 = cpuMs(client.proc.pid);
    await sleep(DEBOUNCE_MS + 20); // a pause: the change is checked at once, not debounced
    version++;
    const v = version;
    const got = client.waitForDiagnostics((p) => p.uri === uri && p.version === v, 60_000);
    const t = now();
    await client.change(uri, v, v % 2 ? a : b);
    await got;
    if (i >= 0) times.push(now() - t);
  }
  const cpuPerChange = (cpuMs(client.proc.pid) - cpu0) / samples;
  // typing: five changes 50 ms apart; the time from the last one to the diagnostics
  const burst = [];
  for (let i = 0; i < 5; i++) {
    await sleep(DEBOUNCE_MS + 20);
    let t = 0;
    for (let k = 0; k < 5; k++) {
      version++;
      t = now();
      await client.change(uri, version, version % 2 ? a : b);
      if (k < 4) await sleep(50);
    }
    const v = version;
    await client.waitForDiagnostics((p) => p.uri === uri && p.version === v, 60_000);
    burst.push(now() - t);
  }
  await client.close(uri);
  return { size: text.length, ...stats(times), cpuPerChange, burst: stats(burst) };
}

async function memory(count) {
  const client = new LspClient();
  try {
    await client.initialize({ workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'bench' }] });
    await sleep(300);
    const idle = rssMb(client.proc.pid);
    const waits = [];
    for (let i = 0; i < count; i++) {
      const uri = uriOf(`r${i}.md`);
      // distinct reports: each its own unit name and one figure of its own
      const text = SEED.replace(/昌吉回族自治州人民政府驻北京联络处/g, `第${i}联络处`).replace(
        '占72.08%',
        i % 2 ? '占75.08%' : '占72.08%',
      );
      waits.push(client.waitForDiagnostics((p) => p.uri === uri, 60_000));
      await client.open(uri, text);
    }
    await Promise.all(waits);
    // outline and folding on each, as an editor asks when the files are shown
    for (let i = 0; i < count; i++) {
      await client.request('textDocument/documentSymbol', { textDocument: { uri: uriOf(`r${i}.md`) } });
      await client.request('textDocument/foldingRange', { textDocument: { uri: uriOf(`r${i}.md`) } });
    }
    const busy = rssMb(client.proc.pid);
    // the server collects garbage once it has been idle for a moment
    await sleep(2500);
    return {
      open: count,
      idleMb: idle,
      busyMb: busy,
      rssMb: rssMb(client.proc.pid),
      peakMb: rssMb(client.proc.pid, 'VmHWM'),
    };
  } finally {
    await client.shutdown();
  }
}

/** A fresh server each time: spawn → initialize answered, then didOpen of the seed → its diagnostics (ms). */
async function firstDiagnostics(rounds = 5) {
  const starts = [];
  const opens = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = now();
    const client = new LspClient();
    try {
      await client.initialize({ workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'bench' }] });
      const t1 = now();
      const uri = uriOf(`first${i}.md`);
      const got = client.waitForDiagnostics((p) => p.uri === uri, 60_000);
      await client.open(uri, SEED);
      await got;
      starts.push(t1 - t0);
      opens.push(now() - t1);
    } finally {
      await client.shutdown();
    }
  }
  return { start: stats(starts), open: stats(opens) };
}

async function main() {
  const client = new LspClient();
  let seed, big;
  try {
    await client.initialize({ workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'bench' }] });
    seed = await latency(client, 'seed.md', SEED, 60);
    big = await latency(client, 'big.md', tenfold(SEED), 30);
  } finally {
    await client.shutdown();
  }
  const mem = await memory(50);
  const first = await firstDiagnostics();
  rmSync(dir, { recursive: true, force: true });

  const ok = { seedP95: seed.p95 < 50, memory: mem.rssMb < 150, firstDiagnostics: first.open.p50 <= 300 };
  const out = {
    debounceMs: DEBOUNCE_MS,
    seed,
    tenfold: big,
    memory: mem,
    firstDiagnostics: first,
    targets: { seedP95Ms: 50, memoryMb: 150, firstDiagnosticsMs: 300 },
    met: ok,
  };
  if (json) console.log(JSON.stringify(out, null, 2));
  else {
    const f = (x) => x.toFixed(1);
    const kb = (n) => `${(n / 1024).toFixed(0)} K chars`;
    say('Language server (dist/server.js --stdio): didChange → publishDiagnostics');
    say(
      `  seed      (${kb(seed.size)}): p50 ${f(seed.p50)} ms  p95 ${f(seed.p95)} ms  max ${f(seed.max)} ms  ` +
        `CPU/change ${f(seed.cpuPerChange)} ms (n=${seed.n})   target p95 < 50 ms: ${ok.seedP95 ? 'met' : 'MISSED'}`,
    );
    say(
      `  10× seed (${kb(big.size)}): p50 ${f(big.p50)} ms  p95 ${f(big.p95)} ms  max ${f(big.max)} ms  ` +
        `CPU/change ${f(big.cpuPerChange)} ms (n=${big.n})`,
    );
    say(`  typing burst (5 changes 50 ms apart, last change → diagnostics, includes the ${DEBOUNCE_MS} ms debounce):`);
    say(`            seed p50 ${f(seed.burst.p50)} ms, 10× seed p50 ${f(big.burst.p50)} ms`);
    say(
      `Server memory with ${mem.open} reports open: RSS ${f(mem.rssMb)} MB once idle   ` +
        `target < 150 MB: ${ok.memory ? 'met' : 'MISSED'}`,
    );
    say(
      `            (${f(mem.busyMb)} MB right after opening them, peak ${f(mem.peakMb)} MB; ` +
        `${f(mem.idleMb)} MB after start)`,
    );
    say(
      `First diagnostics of a fresh server: didOpen of the seed → diagnostics p50 ${f(first.open.p50)} ms ` +
        `(max ${f(first.open.max)}), start → initialized p50 ${f(first.start.p50)} ms   ` +
        `target ≤ 300 ms after open: ${ok.firstDiagnostics ? 'met' : 'MISSED'}`,
    );
  }
  if (strict && !(ok.seedP95 && ok.memory)) process.exit(1);
}

main().catch((e) => {
  console.error(`bench-lsp: ${e.stack ?? e.message}`);
  rmSync(dir, { recursive: true, force: true });
  process.exit(1);
});
