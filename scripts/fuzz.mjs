// The fuzz harness (npm run fuzz): mutated reports through the built engine (out/), checking on
// every document the invariants the engine promises:
//   - the check never throws;
//   - every finding's span has integer offsets, start <= end, inside its text (the linked file's
//     text for a finding with `path`), and its range is the position of its span (so are the
//     related figures' and every fix edit's);
//   - the edits of one fix do not overlap;
//   - applying the certain fixes (the engine's settle, as `--fix` does, linked files too) gives
//     text that checks without throwing, reaches a fixed point, and every fix settles (the
//     figure it fixed never gets a certain fix again);
//   - the time of a check stays within a bound proportional to the size of the document.
// On a failure the document (shrunk by line deletion while the failure stays) is saved under
// .fuzz/<n>-<failure>/ with its linked file, and the run exits 1.
//
//   node scripts/fuzz.mjs [--count N] [--seed S] [--jobs J] [--only I] [--base-ms B] [--us-per-char U]
//                         [--timeout-ms T] [--no-shrink] [--no-time] [--verbose] [--save]
// --no-time checks the invariants only: no document fails for its time (npm test runs it so on a
// shared machine; the time bound is for a run of its own), a hang still fails at --timeout-ms.
// --save keeps every document run under .fuzz/ (with --only: the document to profile).
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { setTimeout, clearTimeout } from 'node:timers';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const ENGINE = join(ROOT, 'out', 'server', 'src', 'engine', 'index.js');
const TEXT = join(ROOT, 'out', 'server', 'src', 'engine', 'util', 'text.js');

// ---------------------------------------------------------------------------------------------
// The main thread: documents, workers, summary

function parseArgs(argv) {
  const a = { count: 10000, seed: 1, jobs: 1, only: undefined, baseMs: 3000, usPerChar: 4, timeoutMs: 20000 };
  a.shrink = true;
  a.verbose = false;
  a.save = false;
  a.time = true;
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i];
    const num = () => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v)) throw new Error(`${x} needs a number`);
      return v;
    };
    if (x === '--count') a.count = num();
    else if (x === '--seed') a.seed = num();
    else if (x === '--jobs') a.jobs = Math.max(1, num());
    else if (x === '--only') a.only = num();
    else if (x === '--base-ms') a.baseMs = num();
    else if (x === '--us-per-char') a.usPerChar = num();
    else if (x === '--timeout-ms') a.timeoutMs = num();
    else if (x === '--no-shrink') a.shrink = false;
    else if (x === '--verbose') a.verbose = true;
    else if (x === '--save') a.save = true;
    else if (x === '--no-time') a.time = false;
    else throw new Error(`unknown argument ${x}`);
  }
  return a;
}

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`fuzz: ${e.message}`);
    process.exit(2);
  }
  if (!existsSync(ENGINE)) {
    console.error(`fuzz: ${relative(ROOT, ENGINE)} not found (npm run build first)`);
    process.exit(2);
  }
  const seeds = loadSeeds();
  console.error(`fuzz: ${seeds.length} seed documents, ${args.count} mutated documents, seed ${args.seed}`);
  const indices = args.only !== undefined ? [args.only] : [...Array(args.count).keys()];
  const stats = { docs: 0, times: [], worst: [], failures: new Map(), saved: 0 };
  const t0 = Date.now();
  await runPool(indices, args, seeds, stats, t0);
  process.exit(summary(stats, args, Date.now() - t0) ? 1 : 0);
}

/** Runs the documents through `jobs` workers; a worker past the hard timeout is ended and replaced. */
function runPool(indices, args, seeds, stats, t0) {
  let next = 0;
  let running = 0;
  return new Promise((done) => {
    const start = () => {
      if (next >= indices.length) {
        if (running === 0) done();
        return;
      }
      const i = indices[next++];
      running++;
      const doc = makeDocument(seeds, args.seed, i);
      runOne(doc, args).then((res) => {
        running--;
        record(stats, doc, res, args);
        if (args.save) console.error(`fuzz: #${doc.index} saved in ${save(doc, { kind: 'saved' })}`);
        if (stats.docs % 250 === 0)
          console.error(
            `fuzz: ${stats.docs}/${indices.length} documents, ${stats.failures.size} kinds of failure, ` +
              `${((Date.now() - t0) / 1000).toFixed(0)} s`,
          );
        start();
      });
    };
    for (let k = 0; k < args.jobs; k++) start();
  });
}

const idle = [];
/** A worker with one lasting listener each for messages and errors, pointed at the current document. */
function getWorker() {
  const reused = idle.pop();
  if (reused) return reused;
  const w = new Worker(fileURLToPath(import.meta.url));
  const slot = { w, onMessage: undefined, onError: undefined };
  w.on('message', (m) => slot.onMessage?.(m));
  w.on('error', (e) => slot.onError?.(e));
  return slot;
}

/**
 * One document in a worker; resolves with its result, or a timeout after the hard limit (the
 * worker is then ended). A failing document is shrunk afterwards, within its own time limit.
 */
function runOne(doc, args) {
  const bound = boundFor(doc.text.length, args);
  const hard = args.time ? Math.max(args.timeoutMs, 3 * bound) : args.timeoutMs;
  const shrinkBudgetMs = Math.min(hard, 30000);
  const slot = getWorker();
  return new Promise((resolve) => {
    let res;
    const finish = (out, keep) => {
      clearTimeout(timer);
      slot.onMessage = slot.onError = undefined;
      if (keep) idle.push(slot);
      else slot.w.terminate();
      resolve(out);
    };
    let timer = setTimeout(
      () =>
        finish({
          ms: hard,
          timeout: true,
          failures: [{ kind: 'timeout', rule: opKinds(doc), detail: `> ${hard} ms` }],
        }),
      hard,
    );
    slot.onMessage = (m) => {
      if (m.type === 'result') {
        res = m;
        if (!(args.shrink && m.failures.length)) return finish(res, true);
        clearTimeout(timer);
        // shrinking stops itself at its deadline; past it (and a check's worth), keep what we have
        timer = setTimeout(() => finish(res, false), shrinkBudgetMs + hard);
      } else finish({ ...res, shrunk: m.shrunk }, true);
    };
    slot.onError = (e) =>
      finish({ ms: 0, failures: [{ kind: 'worker-crash', rule: opKinds(doc), detail: String(e?.stack ?? e) }] }, false);
    slot.w.postMessage({ doc, shrink: args.shrink, shrinkBudgetMs });
  });
}

function boundFor(size, args) {
  return args.baseMs + (args.usPerChar * size) / 1000;
}

function opKinds(doc) {
  return [...new Set(doc.ops.map((o) => o.split(/[ @(]/)[0]))].sort().join('+');
}

function record(stats, doc, res, args) {
  stats.docs++;
  const failures = [...(res.failures ?? [])];
  if (!res.timeout) {
    stats.times.push(res.ms);
    stats.worst.push({ ms: res.ms, size: doc.text.length, i: doc.index, ops: doc.ops });
    stats.worst.sort((a, b) => b.ms - a.ms);
    stats.worst.length = Math.min(stats.worst.length, 5);
    if (args.time && res.ms > boundFor(doc.text.length, args))
      failures.push({
        kind: 'slow',
        rule: opKinds(doc),
        detail: `${res.ms.toFixed(0)} ms for ${doc.text.length} chars`,
      });
  }
  for (const f of failures) {
    const sig = `${f.kind}:${f.rule ?? ''}`;
    let entry = stats.failures.get(sig);
    if (!entry) stats.failures.set(sig, (entry = { count: 0, examples: [] }));
    entry.count++;
    if (entry.examples.length < 3) {
      const dir = save(doc, f, res.shrunk?.[sig]);
      entry.examples.push({ i: doc.index, dir, detail: f.detail, ops: doc.ops });
    }
    if (args.verbose) console.error(`fuzz: #${doc.index} ${sig} ${f.detail?.split('\n')[0]}`);
  }
}

/** Saves a failing document (and its shrunk form) under .fuzz/<index>-<kind>/. */
function save(doc, failure, shrunk) {
  const dir = join(ROOT, '.fuzz', `${doc.index}-${failure.kind}-${(failure.rule ?? '').replace(/[^\w+-]/g, '_')}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const name = basename(doc.path);
  writeFileSync(join(dir, name), doc.text);
  for (const [p, text] of Object.entries(doc.files)) writeFileSync(join(dir, basename(p)), text);
  if (shrunk) {
    mkdirSync(join(dir, 'min'), { recursive: true });
    writeFileSync(join(dir, 'min', name), shrunk.text);
    for (const [p, text] of Object.entries(shrunk.files)) writeFileSync(join(dir, 'min', basename(p)), text);
  }
  writeFileSync(
    join(dir, 'failure.txt'),
    `document #${doc.index} from ${doc.seed}\nmutations: ${doc.ops.join('; ')}\n` +
      `${failure.kind} ${failure.rule ?? ''}\n${failure.detail ?? ''}\n`,
  );
  return relative(ROOT, dir);
}

function percentile(sorted, p) {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function summary(stats, args, wall) {
  const t = [...stats.times].sort((a, b) => a - b);
  console.log(`\nfuzz: ${stats.docs} documents in ${(wall / 1000).toFixed(0)} s (seed ${args.seed})`);
  console.log(
    `time per check: p50 ${percentile(t, 50).toFixed(0)} ms, p99 ${percentile(t, 99).toFixed(0)} ms, ` +
      `max ${(t[t.length - 1] ?? 0).toFixed(0)} ms ` +
      (args.time ? `(bound ${args.baseMs} ms + ${args.usPerChar} µs/char)` : `(not bounded: --no-time)`),
  );
  for (const w of stats.worst.slice(0, 3))
    console.log(`  slowest: #${w.i} ${w.ms.toFixed(0)} ms, ${w.size} chars: ${w.ops.join('; ').slice(0, 160)}`);
  if (!stats.failures.size) {
    console.log('no failures');
    return false;
  }
  const total = [...stats.failures.values()].reduce((n, e) => n + e.count, 0);
  console.log(`${total} failures of ${stats.failures.size} kinds:`);
  const sorted = [...stats.failures.entries()].sort((a, b) => b[1].count - a[1].count);
  for (const [sig, e] of sorted) {
    console.log(`\n  ${sig}  ×${e.count}`);
    for (const x of e.examples) {
      console.log(`    #${x.i} → ${x.dir}   (${x.ops.join('; ').slice(0, 120)})`);
      if (x.detail) console.log(`      ${x.detail.split('\n').slice(0, 2).join(' | ').slice(0, 300)}`);
    }
  }
  console.log(`\nreproduce one: node scripts/fuzz.mjs --seed ${args.seed} --only <#>; the files are in .fuzz/`);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Seeds and mutations

function loadSeeds() {
  const seeds = [];
  const walk = (d) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(md|ya?ml)$/i.test(n)) seeds.push(seedOf(p));
    }
  };
  walk(join(ROOT, 'samples'));
  const corpus = [
    join(ROOT, '..', 'shared', 'corpus'),
    join(ROOT, '..', '..', 'shared', 'corpus'),
    '/work/shared/corpus',
  ];
  const dir = corpus.find((p) => existsSync(p));
  if (dir) for (const n of readdirSync(dir).sort()) if (n.endsWith('.txt')) seeds.push(seedOf(join(dir, n)));
  return seeds;
}

/** A seed document and the file it links (数据: …), both by their real path. */
function seedOf(path) {
  const text = readFileSync(path, 'utf8');
  const files = {};
  const m = /^---\r?\n[\s\S]*?^数据:\s*(\S+)\s*$/m.exec(text);
  if (m) {
    const linked = join(dirname(path), m[1]);
    if (existsSync(linked)) files[linked] = readFileSync(linked, 'utf8');
  }
  return { path, text, files };
}

/** mulberry32 */
function rngOf(seed, index) {
  let a = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35)) >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng = {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    /** log-uniform integer in [lo, hi] */
    log: (lo, hi) => Math.floor(Math.exp(Math.log(lo) + next() * (Math.log(hi + 1) - Math.log(lo)))),
  };
  return rng;
}

function makeDocument(seeds, seed, index) {
  const rng = rngOf(seed, index);
  const s = rng.pick(seeds);
  const doc = { index, seed: relative(ROOT, s.path), path: s.path, text: s.text, files: { ...s.files }, ops: [] };
  const linked = Object.keys(doc.files);
  const n = 1 + rng.int(3);
  for (let k = 0; k < n; k++) {
    const intoLinked = linked.length && rng.next() < 0.2;
    const target = intoLinked ? linked[0] : undefined;
    const text = target ? doc.files[target] : doc.text;
    const op = pickOp(rng);
    const out = op.apply(text, rng, seeds);
    doc.ops.push(`${op.name}${out.note ? ` ${out.note}` : ''}${target ? ' (in linked)' : ''}`);
    if (target) doc.files[target] = out.text;
    else doc.text = out.text;
  }
  return doc;
}

function pickOp(rng) {
  const total = OPS.reduce((n, o) => n + o.weight, 0);
  let x = rng.next() * total;
  for (const o of OPS) if ((x -= o.weight) < 0) return o;
  return OPS[0];
}

const lines = (t) => t.split('\n');
const UNICODE = [
  '\u0000',
  '\uFEFF',
  '\u200B',
  '\u00A0',
  '\u3000',
  '\r',
  '\r\n',
  '\t',
  '\uD83D\uDE00',
  '\uD800',
  '\uDC00',
  '\u0301',
  '\uFFFD',
  '０',
  '１',
  '９',
  '．',
  '％',
  '（',
  '）',
  '|',
  '#',
  '---\n',
  '：',
  '，',
  '。',
  '万元',
  '%',
  '-',
  '*',
  '`',
  '$',
  '{',
  '}',
  '[',
  ']',
  '\\',
  '"',
  "'",
  '&',
  '<',
  '>',
  '\u202E',
  '\u2028',
  '亿元',
  '元',
  '合计',
  '占',
  '增长',
];

function digitPositions(t) {
  const out = [];
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 48 && c <= 57) out.push(i);
  }
  return out;
}

function atLineStart(t, rng) {
  const ls = lines(t);
  return ls.slice(0, rng.int(ls.length + 1)).reduce((n, l) => n + l.length + 1, 0);
}

function insertAt(t, at, s) {
  const i = Math.min(at, t.length);
  return t.slice(0, i) + s + t.slice(i);
}

function numberCell(rng) {
  return rng.next() < 0.1 ? '' : (rng.int(100000) / 100).toFixed(2);
}

function pipeTable(rng, cols, rows, emptyHeader) {
  const head = Array.from({ length: cols }, (_, c) => (emptyHeader && rng.next() < 0.4 ? '' : `列${c}`));
  head[0] = '科目编码';
  const out = [`|${head.join('|')}|`, `|${Array(cols).fill('-').join('|')}|`];
  for (let r = 0; r < rows; r++) {
    const code = String(2010000 + rng.int(90000)).slice(0, 3 + rng.int(5));
    out.push(`|${[code, ...Array.from({ length: cols - 1 }, () => numberCell(rng))].join('|')}|`);
  }
  return out.join('\n') + '\n';
}

const OPS = [
  { name: 'line-delete', weight: 8, apply: (t, r) => lineOp(t, r, (ls, i) => ls.splice(i, 1)) },
  { name: 'line-duplicate', weight: 6, apply: (t, r) => lineOp(t, r, (ls, i) => ls.splice(i, 0, ls[i])) },
  {
    name: 'line-swap',
    weight: 5,
    apply: (t, r) =>
      lineOp(t, r, (ls, i) => {
        const j = r.int(ls.length);
        [ls[i], ls[j]] = [ls[j], ls[i]];
      }),
  },
  { name: 'digit', weight: 20, apply: digitOp },
  { name: 'digits', weight: 6, apply: (t, r) => repeatOp(t, r, digitOp, 2 + r.int(8)) },
  { name: 'unicode', weight: 10, apply: unicodeOp },
  { name: 'truncate', weight: 4, apply: (t, r) => ({ text: t.slice(0, r.int(t.length + 1)), note: '' }) },
  { name: 'crlf', weight: 2, apply: (t) => ({ text: t.replace(/\r?\n/g, '\r\n') }) },
  { name: 'bom', weight: 1, apply: (t) => ({ text: '\uFEFF' + t }) },
  {
    name: 'splice',
    weight: 4,
    apply: (t, r, seeds) => {
      const o = r.pick(seeds).text;
      const a = r.int(o.length);
      const piece = o.slice(a, a + r.log(10, 4000));
      return { text: insertAt(t, atLineStart(t, r), piece + '\n'), note: `${piece.length} chars` };
    },
  },
  {
    name: 'wide-table',
    weight: 2,
    apply: (t, r) => {
      const cols = r.log(8, 3000);
      return {
        text: insertAt(t, atLineStart(t, r), pipeTable(r, cols, 1 + r.int(4), r.next() < 0.3)),
        note: `${cols} cols`,
      };
    },
  },
  {
    name: 'long-table',
    weight: 2,
    apply: (t, r) => {
      const rows = r.log(20, 20000);
      return {
        text: insertAt(t, atLineStart(t, r), pipeTable(r, 2 + r.int(7), rows, r.next() < 0.3)),
        note: `${rows} rows`,
      };
    },
  },
  {
    name: 'empty-header-table',
    weight: 2,
    apply: (t, r) => ({
      text: insertAt(
        t,
        atLineStart(t, r),
        '科目编码||合计|基本支出|项目支出||||\n-|-|-|-|-|-|-|-\n2080|||\n8050||8 6\n' +
          (r.next() < 0.5 ? `${r.int(9000) + 1000}|${numberCell(r)}||${numberCell(r)} ${r.int(10)}\n` : ''),
      ),
    }),
  },
  { name: 'deep-nesting', weight: 2, apply: nestingOp },
  {
    name: 'zhan-line',
    weight: 2,
    apply: (t, r) => {
      const n = r.log(5, 4000);
      const clause = () =>
        `${r.pick(['基本支出', '项目支出', '人员经费', '公用经费'])}${numberCell(r) || '1.00'}万元，占${r.int(100)}.${r.int(100)}%，`;
      const line = '其中：' + Array.from({ length: n }, clause).join('') + '。\n';
      return { text: insertAt(t, atLineStart(t, r), line), note: `${n} clauses` };
    },
  },
  {
    name: 'spaces',
    weight: 3,
    apply: (t, r) => {
      const n = r.log(2, 200000);
      if (r.next() < 0.5) return { text: insertAt(t, r.int(t.length + 1), ' '.repeat(n)), note: `${n} spaces` };
      // a paragraph with spaces between every character
      const a = atLineStart(t, r);
      const e = t.indexOf('\n', a);
      const line = t.slice(a, e < 0 ? t.length : e);
      return {
        text: t.slice(0, a) + [...line].join(' '.repeat(1 + (n % 7))) + t.slice(a + line.length),
        note: 'spaced line',
      };
    },
  },
  {
    name: 'long-line',
    weight: 2,
    apply: (t, r) => {
      const n = r.log(100, 500000);
      const unit = r.pick(['合计', '1', '12.34万元', '，', '|', '#', '（一）', '2024年']);
      return {
        text: insertAt(t, atLineStart(t, r), unit.repeat(Math.ceil(n / unit.length)) + '\n'),
        note: `${n} chars of ${unit}`,
      };
    },
  },
  { name: 'front-matter', weight: 3, apply: frontMatterOp },
];

function lineOp(t, rng, f) {
  const ls = lines(t);
  if (!ls.length) return { text: t };
  const i = rng.int(ls.length);
  f(ls, i);
  return { text: ls.join('\n'), note: `@${i + 1}` };
}

function repeatOp(t, rng, op, n) {
  let x = t;
  for (let k = 0; k < n; k++) x = op(x, rng).text;
  return { text: x, note: `×${n}` };
}

function digitOp(t, rng) {
  const ds = digitPositions(t);
  if (!ds.length) return { text: t };
  const i = rng.pick(ds);
  const kind = rng.int(6);
  const d = String(rng.int(10));
  if (kind <= 2) return { text: t.slice(0, i) + d + t.slice(i + 1), note: `@${i} ${t[i]}→${d}` };
  if (kind === 3) return { text: t.slice(0, i) + t.slice(i + 1), note: `@${i} deleted` };
  if (kind === 4) return { text: insertAt(t, i, d), note: `@${i} +${d}` };
  const s = rng.pick(['.', '-', ',', ' ', '０', '万']);
  return { text: insertAt(t, i, s), note: `@${i} +${s}` };
}

function unicodeOp(t, rng) {
  const s = rng.pick(UNICODE);
  const i = rng.int(t.length + 1);
  if (rng.next() < 0.5) return { text: insertAt(t, i, s), note: `@${i} +${JSON.stringify(s)}` };
  return { text: t.slice(0, i) + s + t.slice(i + 1), note: `@${i} =${JSON.stringify(s)}` };
}

function nestingOp(t, rng) {
  const depth = rng.log(10, 5000);
  const open = rng.pick(['[', '{', '[{', '- ']);
  const close =
    rng.next() < 0.3 ? (open === '- ' ? '' : open.replace(/\[/g, ']').replace(/\{/g, '}')).repeat(depth) : '';
  const value =
    open === '- '
      ? Array.from({ length: Math.min(depth, 300) }, (_, k) => ' '.repeat(k * 2) + '- a').join('\n')
      : open.repeat(depth) + close;
  const line = `嵌套: ${value}\n`;
  const m = /^---\r?\n/.exec(t);
  const text = m ? t.slice(0, m[0].length) + line + t.slice(m[0].length) : `---\n类型: 部门决算\n${line}---\n${t}`;
  return { text, note: `${depth} × ${JSON.stringify(open)}${close ? ' closed' : ''}` };
}

function frontMatterOp(t, rng) {
  const bad = rng.pick([
    '数据: {',
    '数据: [',
    '类型: {',
    '年度: "2024',
    '金额单位: 亿',
    '数据: ../../../../etc/passwd',
    '数据: /dev/zero',
    '数据: tables.yaml',
    '数据: 12',
    '类型: [部门决算]',
    '年度: 99999999999999999999',
    ': :',
    '&a [*a]',
    '*x',
    '? a',
    '金额单位: 元',
    '年度: 2023',
  ]);
  const m = /^---\r?\n/.exec(t);
  const text = m ? t.slice(0, m[0].length) + bad + '\n' + t.slice(m[0].length) : `---\n${bad}\n---\n${t}`;
  return { text, note: JSON.stringify(bad) };
}

// ---------------------------------------------------------------------------------------------
// The worker: one document's invariants (and shrinking on failure)

let LineIndex;
function worker() {
  const require = createRequire(import.meta.url);
  const engine = require(ENGINE);
  LineIndex = require(TEXT).LineIndex;
  parentPort.on('message', ({ doc, shrink, shrinkBudgetMs }) => {
    const res = invariants(engine, doc);
    parentPort.postMessage({ type: 'result', ...res });
    if (!shrink || !res.failures.length) return;
    const shrunk = {};
    const deadline = performance.now() + shrinkBudgetMs;
    for (const f of res.failures) {
      const sig = `${f.kind}:${f.rule ?? ''}`;
      if (!shrunk[sig]) shrunk[sig] = shrinkDoc(engine, doc, sig, deadline);
    }
    parentPort.postMessage({ type: 'shrunk', shrunk });
  });
}

function checkOf(engine, doc) {
  return engine.check(doc.text, { path: doc.path, readFile: (p) => doc.files[p] });
}

/** Runs one document and returns its time and the invariants it breaks. */
function invariants(engine, doc) {
  const failures = [];
  let r;
  const t0 = performance.now();
  try {
    r = checkOf(engine, doc);
  } catch (e) {
    return { ms: performance.now() - t0, failures: [{ kind: 'exception', rule: errName(e), detail: stackOf(e) }] };
  }
  const ms = performance.now() - t0;
  validate(doc, r, failures, '');
  if (!failures.length) fixRounds(engine, doc, r, failures);
  return { ms, failures: dedupe(failures) };
}

function errName(e) {
  return (e?.constructor?.name ?? 'Error') + (/Maximum call stack/.test(String(e?.message)) ? '(stack)' : '');
}

function stackOf(e) {
  return String(e?.stack ?? e)
    .split('\n')
    .slice(0, 6)
    .join('\n');
}

function dedupe(failures) {
  const seen = new Set();
  return failures.filter((f) => {
    const k = `${f.kind}:${f.rule}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Positions as the engine counts lines (\n, \r\n, \r): its own LineIndex, kept per text. */
const lineIndexes = new Map();
function positionIn(text, offset) {
  let index = lineIndexes.get(text);
  if (!index) {
    index = new LineIndex(text);
    if (lineIndexes.size > 8) lineIndexes.clear();
    lineIndexes.set(text, index);
  }
  return index.position(offset);
}

/** Checks a span and its range against the text it is in; returns a problem or undefined. */
function spanProblem(text, span, range) {
  if (text === undefined) return 'its path is not the checked file nor a linked file';
  if (!span || !Number.isInteger(span.start) || !Number.isInteger(span.end))
    return `span not integers: ${JSON.stringify(span)}`;
  if (span.start < 0 || span.start > span.end || span.end > text.length)
    return `span ${span.start}-${span.end} outside 0-${text.length}`;
  if (!range) return 'no range';
  const a = positionIn(text, span.start);
  const b = positionIn(text, span.end);
  const same = (p, q) => p && q && p.line === q.line && p.character === q.character;
  if (!same(range.start, a) || !same(range.end, b))
    return `range ${JSON.stringify(range)} is not the span's ${JSON.stringify({ start: a, end: b })}`;
  return undefined;
}

function textsOf(doc, r) {
  const texts = new Map([['', doc.text]]);
  for (const d of r.linked ?? []) if (d.path) texts.set(d.path, d.source);
  return texts;
}

function validate(doc, r, failures, when) {
  const texts = textsOf(doc, r);
  const add = (kind, f, detail) => failures.push({ kind: when + kind, rule: f.rule, detail });
  for (const f of r.findings) {
    const text = texts.get(f.path ?? '');
    const p = spanProblem(text, f.span, f.range);
    if (p) add('bad-span', f, `${f.rule} ${p}: ${f.message}`);
    for (const rel of f.related ?? []) {
      // like a finding's, a related figure's path is absent for the checked file
      const q = spanProblem(texts.get(rel.path ?? ''), rel.span, rel.range);
      if (q) add('bad-related', f, `${f.rule} related ${rel.message}: ${q}`);
    }
    for (const fix of f.fixes ?? []) validateFix(texts, f, fix, add);
  }
}

function validateFix(texts, f, fix, add) {
  const byTarget = new Map();
  for (const e of fix.edits) {
    const p = spanProblem(texts.get(e.path ?? ''), e.span, e.range);
    if (p) add('bad-edit', f, `${f.rule} fix "${fix.title}" edit ${JSON.stringify(e.newText)}: ${p}`);
    if (typeof e.newText !== 'string') add('bad-edit', f, `${f.rule} fix "${fix.title}": newText not a string`);
    const list = byTarget.get(e.path ?? '') ?? [];
    list.push(e);
    byTarget.set(e.path ?? '', list);
  }
  for (const list of byTarget.values()) {
    const s = [...list].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
    for (let k = 1; k < s.length; k++) {
      const a = s[k - 1].span;
      const b = s[k].span;
      if (b.start < a.end || (a.start === b.start && a.end === b.end))
        add('overlapping-edits', f, `${f.rule} fix "${fix.title}": ${a.start}-${a.end} and ${b.start}-${b.end}`);
    }
  }
}

/**
 * As `--fix` (the engine's settle, linked files too): the certain fixes applied and checked again,
 * each check valid, to a fixed point within 5 rounds, and every fix settling (the figure it fixed
 * never gets a certain fix again: settle holds such a fix back, which is a failure here).
 */
function fixRounds(engine, doc, first, failures) {
  let broken = false;
  const check = (t) => {
    const cur = { ...doc, text: t.text, files: Object.fromEntries(t.files) };
    if (broken) return first;
    try {
      const r = checkOf(engine, cur);
      validate(cur, r, failures, 'after-fix-');
      broken = failures.length > 0;
      return r;
    } catch (e) {
      failures.push({ kind: 'exception-after-fix', rule: errName(e), detail: stackOf(e) });
      broken = true;
      return first;
    }
  };
  let s;
  try {
    s = engine.settle(first, { text: doc.text, files: new Map(Object.entries(doc.files)) }, check);
  } catch (e) {
    failures.push({ kind: 'exception-in-settle', rule: errName(e), detail: stackOf(e) });
    return;
  }
  if (broken) return;
  for (const h of s.held.slice(0, 3)) {
    const e = h.fix.edits[0];
    failures.push({
      kind: 'fix-not-settled',
      rule: h.finding.rule,
      detail:
        `round ${h.round + 1}: "${h.fix.title}" at ${e.path ? 'linked ' : ''}${e.span.start}-${e.span.end}, ` +
        `then "${h.again.title}" at the same place: ${h.finding.message}`,
    });
  }
  if (!s.settled) {
    const rules = [...new Set(engine.certainFixes(s.result.findings).map((f) => ruleOfFix(s.result, f)))].join(',');
    failures.push({
      kind: 'fix-not-idempotent',
      rule: rules,
      detail:
        `certain fixes still change the text after ${s.rounds.length} rounds: ` +
        `${doc.text.length} → ${s.texts.text.length} chars`,
    });
  }
}

function ruleOfFix(r, fix) {
  return r.findings.find((f) => f.fixes.includes(fix))?.rule ?? '?';
}

/** Deletes chunks of lines (halving the chunk size) while the same failure stays, within the deadline. */
function shrinkDoc(engine, doc, sig, deadline) {
  const fails = (d) => {
    try {
      return invariants(engine, d).failures.some((f) => `${f.kind}:${f.rule ?? ''}` === sig);
    } catch {
      return false;
    }
  };
  let best = { ...doc, files: { ...doc.files } };
  const shrinkText = (get, set) => {
    let ls = get(best).split('\n');
    for (let chunk = Math.max(1, ls.length >> 1); chunk >= 1; chunk >>= 1) {
      for (let i = 0; i < ls.length && performance.now() < deadline;) {
        const trial = [...ls.slice(0, i), ...ls.slice(i + chunk)];
        const cand = set(best, trial.join('\n'));
        if (fails(cand)) {
          ls = trial;
          best = cand;
        } else i += chunk;
      }
    }
  };
  shrinkText(
    (d) => d.text,
    (d, t) => ({ ...d, text: t }),
  );
  for (const p of Object.keys(best.files))
    shrinkText(
      (d) => d.files[p],
      (d, t) => ({ ...d, files: { ...d.files, [p]: t } }),
    );
  return { text: best.text, files: best.files };
}

// last, once every constant above is defined
if (isMainThread) await main();
else worker();
