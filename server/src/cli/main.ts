/**
 * suanpan — the command-line checker, a thin layer over the engine.
 *   suanpan check <files or folders…> [--format text|json|sarif|html] [-o file] [--fix] [--lang zh-CN|en]
 * Exit 0: no errors; 1: errors found; 2: unusable input (unreadable or too large file, not a report, a file
 * that could not be checked or fixed).
 */
import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { loadProfiles, ProjectConfigs, withProjectConfig } from '../config';
import { createEngine, RULES, type CheckOptions, type Engine, type Lang } from '../engine';
import { BINARY_EXT } from '../host/binary';
import type { ImportResult } from '../engine/read/import/blocks';
import { LINKABLE } from '../host/files';
import { Batch, heldFiles, namedSets } from './batch';
import {
  checkGroup,
  checkTask,
  crossCheck,
  lookTask,
  type CheckHow,
  type FileOutcome,
  type FileTask,
  type Look,
} from './check-file';
import { Output } from './output';
import { Pool } from './pool';
import type { PoolReply } from './worker';

const VERSION = '0.1.0';
const REPORT_EXT = /\.(md|markdown|txt|ya?ml|pdf|docx)$/i;

interface Args {
  cmd?: string;
  paths: string[];
  format: 'text' | 'json' | 'sarif' | 'html';
  /** -o: the file the output is written to (else stdout). */
  output?: string;
  fix: boolean;
  lang: Lang;
  rounding: 'info' | 'hide';
  /** Layout profile files (YAML) to add to the built-in ones. */
  profiles: string[];
  /** Ignore .suanpan.yaml files. */
  noConfig: boolean;
  /** --rounding was given (it then wins over .suanpan.yaml). */
  roundingSet: boolean;
  /** --no-cross: the reports are not checked against each other. */
  noCross: boolean;
  /** --jobs: the threads a batch is checked on (default: the machine's parallelism). */
  jobs?: number;
}

const HELP = `suanpan ${VERSION} — 部门决算/预算公开报告检查 (checks budget and final-accounts reports)

Usage:
  suanpan check <files or folders…> [options]
  suanpan rules [--lang en]

Options:
  --format text|json|sarif|html  output format (default text); html: a standalone page per
                             run with the findings and every relation checked
  -o, --output <file>        write the output to a file instead of stdout
  --fix                      write the certain fixes back to the files
  --lang zh-CN|en            message language (default zh-CN)
  --rounding info|hide       show rounding differences (尾差) as info or hide them
  --profile <file>           add a layout profile (YAML, docs/profiles.md); repeatable
  --no-config                ignore .suanpan.yaml (by default the nearest one up from each
                             file sets rules, rounding differences and layout profiles)
  --no-cross                 do not check the reports against each other (last year's report,
                             the budget and its 决算, a department and its units)
  -j, --jobs <n>             threads a batch of files is checked on (default: the machine's
                             cores; 1: in one thread; --fix always runs in one thread)
  -h, --help                 this help
  -v, --version              the version

Exit status: 0 no errors, 1 errors found, 2 unusable input.`;

export function parseArgs(argv: string[]): Args | string {
  const a: Args = {
    paths: [],
    format: 'text',
    fix: false,
    lang: 'zh-CN',
    rounding: 'info',
    profiles: [],
    noConfig: false,
    roundingSet: false,
    noCross: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${x} needs a value`);
      return v;
    };
    if (x === '--format') {
      const v = val();
      if (v !== 'text' && v !== 'json' && v !== 'sarif' && v !== 'html') return `unknown format: ${v}`;
      a.format = v;
    } else if (x === '-o' || x === '--output') a.output = val();
    else if (x === '--fix') a.fix = true;
    else if (x === '--lang') {
      const v = val();
      if (v !== 'en' && v !== 'zh-CN' && v !== 'zh') return `unknown language: ${v}`;
      a.lang = v === 'en' ? 'en' : 'zh-CN';
    } else if (x === '--rounding') {
      const v = val();
      if (v !== 'info' && v !== 'hide') return `--rounding takes info or hide`;
      a.rounding = v;
      a.roundingSet = true;
    } else if (x === '--profile') a.profiles.push(val());
    else if (x === '--no-config') a.noConfig = true;
    else if (x === '--no-cross') a.noCross = true;
    else if (x === '--jobs' || x === '-j') {
      const v = val();
      if (!/^[1-9]\d{0,3}$/.test(v)) return `--jobs takes a number of threads (1 or more): ${v}`;
      a.jobs = Number(v);
    } else if (x === '-h' || x === '--help') a.cmd = 'help';
    else if (x === '-v' || x === '--version') a.cmd = 'version';
    else if (x.startsWith('-')) return `unknown option: ${x}`;
    else if (!a.cmd) a.cmd = x;
    else a.paths.push(x);
  }
  return a;
}

/**
 * The files to check: those named, and the report files under the folders named. A walk never
 * follows a symlinked folder (so a link loop cannot trap it), skips anything but regular files
 * and visits each real folder once.
 */
function collect(paths: string[], errors: string[]): Array<{ path: string; explicit: boolean }> {
  const out: Array<{ path: string; explicit: boolean }> = [];
  const seen = new Set<string>();
  const walk = (dir: string) => {
    const real = realOf(dir);
    if (seen.has(real)) return;
    seen.add(real);
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (e) {
      errors.push(`${dir}: 无法读取文件夹 (cannot read the folder: ${(e as Error).message})`);
      return;
    }
    for (const name of names) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const p = join(dir, name);
      const kind = entryKind(p);
      if (kind === 'dir') walk(p);
      else if (kind === 'file' && REPORT_EXT.test(name)) out.push({ path: p, explicit: false });
    }
  };
  for (const p of paths) {
    try {
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else out.push({ path: p, explicit: true });
    } catch {
      errors.push(`${p}: 无法读取 (cannot read: no such file or directory)`);
    }
  }
  return out;
}

function realOf(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
}

/** A folder entry: a real folder (a symlinked one is not followed), a regular file (or a link to one), or other. */
function entryKind(p: string): 'dir' | 'file' | 'other' {
  try {
    const st = lstatSync(p);
    if (st.isDirectory()) return 'dir';
    if (st.isFile()) return 'file';
    return st.isSymbolicLink() && statSync(p).isFile() ? 'file' : 'other';
  } catch {
    return 'other';
  }
}

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  isTTY?: boolean;
}

/** What a test may replace (an engine that fails on one file). */
export interface Deps {
  createEngine?: () => Engine;
  /** PDF and Word files imported before the check (importAll), or why they could not be. */
  imported?: Map<string, ImportResult | string>;
}

/** Imports the PDF and Word files a `check` names or finds in its folders, in memory. */
export async function importAll(argv: string[], io: Io): Promise<Map<string, ImportResult | string>> {
  const out = new Map<string, ImportResult | string>();
  const args = parseArgs(argv);
  if (typeof args === 'string' || args.cmd !== 'check') return out;
  for (const f of collect(args.paths, []))
    if (BINARY_EXT.test(f.path)) out.set(f.path, await lazyImport().importFile(f.path, io));
  return out;
}

/**
 * The command line, run to its end: a `check` of many files on a pool of worker threads (runBatch),
 * anything else (and a batch of one or two files, a --fix, --jobs 1) in this thread (run).
 */
export async function runAsync(argv: string[], io: Io, deps: Deps = {}): Promise<number> {
  const args = parsed(argv);
  const inThread = async () => run(argv, io, { ...deps, imported: deps.imported ?? (await importAll(argv, io)) });
  if (typeof args === 'string' || args.cmd !== 'check' || !args.paths.length || args.fix || deps.createEngine)
    return inThread();
  const n = collect(args.paths, []).length; // walked again by the check: cheap next to one check
  const jobs = threadsFor(n, args.jobs);
  if (jobs < 2) return inThread();
  // the PDF and Word files are imported by the workers
  return runBatch(args, io, deps, jobs);
}

function parsed(argv: string[]): Args | string {
  try {
    return parseArgs(argv);
  } catch (e) {
    return (e as Error).message;
  }
}

/** The command line in this thread (a `check` on one engine, file after file). */
export function run(argv: string[], io: Io, deps: Deps = {}): number {
  const args = parsed(argv);
  if (typeof args === 'string') {
    io.err(`suanpan: ${args}\n\n${HELP}`);
    return 2;
  }
  if (!args.cmd || args.cmd === 'help') {
    io.out(HELP);
    return args.cmd ? 0 : 2;
  }
  if (args.cmd === 'version') {
    io.out(VERSION);
    return 0;
  }
  if (args.cmd === 'rules') {
    for (const r of RULES) io.out(`${r.id.padEnd(20)} ${r.severity.padEnd(8)} ${r.title[args.lang]}`);
    return 0;
  }
  if (args.cmd !== 'check') {
    io.err(`suanpan: unknown command: ${args.cmd}\n\n${HELP}`);
    return 2;
  }
  if (!args.paths.length) {
    io.err('suanpan: no files given (usage: suanpan check <files or folders…>)');
    return 2;
  }
  return runCheck(args, io, deps);
}

/** What a check of many files starts from: the files, each with its options and import, in input order. */
interface Plan {
  files: Array<{ path: string; explicit: boolean }>;
  tasks: FileTask[];
  /** Problems met before any check (unreadable paths). */
  problems: string[];
}

function planCheck(args: Args, io: Io, deps: Deps): Plan | number {
  const problems: string[] = [];
  const files = collect(args.paths, problems);
  const base: CheckOptions = { lang: args.lang, roundingDifferences: args.rounding };
  if (args.profiles.length) {
    const loaded = loadProfiles(args.profiles);
    if (typeof loaded === 'string') {
      io.err(`suanpan: ${loaded}`);
      return 2;
    }
    base.profiles = loaded;
  }
  const optionsFor = projectOptions(args, base, io);
  const tasks = files.map((f, i) => ({
    i,
    path: f.path,
    explicit: f.explicit,
    options: optionsFor(f.path),
    ...(!BINARY_EXT.test(f.path) ? {} : deps.imported ? { imported: deps.imported.get(f.path) } : { importHere: true }),
  }));
  return { files, tasks, problems };
}

function howOf(args: Args): CheckHow {
  return { fix: args.fix, format: args.format, lang: args.lang, keep: false };
}

/** A file's first look: its identity and link for the checks across reports, else only the link (and no import). */
function lookOf(t: FileTask, cross: boolean): boolean {
  return cross || !BINARY_EXT.test(t.path);
}

/**
 * `suanpan check`, in this thread: a batch (from 3 files, no --fix) as on the pool (batch.ts),
 * printed as it goes; one or two files, and --fix, checked (and fixed) with one engine, then printed.
 */
function runCheck(args: Args, io: Io, deps: Deps): number {
  const plan = planCheck(args, io, deps);
  if (typeof plan === 'number') return plan;
  // the incremental caches pay only where the same text is checked again (--fix settles a report
  // over several checks); a batch of distinct reports would copy and keep every block for nothing
  const engine = (deps.createEngine ?? (() => createEngine({ incremental: args.fix })))();
  if (args.fix || plan.tasks.length < POOL_FROM) return checkAll(args, io, plan, engine);
  const how = howOf(args);
  const cross = !args.noCross;
  const looks: Array<Look | undefined> = [];
  const look = (ts: FileTask[]) => ts.forEach((t) => lookOf(t, cross) && (looks[t.i] = lookTask(t, cross)));
  look(plan.tasks.filter((t) => !LINKABLE.test(t.path)));
  const held = heldFiles(plan.tasks, looks);
  look(plan.tasks.filter((t) => LINKABLE.test(t.path) && !held.has(t.i)));
  const output = outputOf(args, io);
  const batch = new Batch(plan.tasks, looks, held, { on: cross, noConfig: args.noConfig }, output, io);
  const take = (o: FileOutcome): void => batch.record(o).forEach((t) => take(checkTask(engine, t, how)));
  for (const u of batch.units)
    if (u.kind === 'check') take(checkTask(engine, u.task, how));
    else checkGroup(engine, u.tasks, how, batch.sets).forEach(take);
  return endBatch(args, io, plan, batch, output);
}

/** One or two files, or --fix: every file checked (and fixed) with one engine, crossed, then printed. */
function checkAll(args: Args, io: Io, plan: Plan, engine: Engine): number {
  const how = { ...howOf(args), keep: true };
  const outcomes: FileOutcome[] = [];
  const linked = new Set<string>();
  // the tables files last: one a report links is reported with it, not checked again
  const order = [
    ...plan.tasks.filter((t) => !LINKABLE.test(t.path)),
    ...plan.tasks.filter((t) => LINKABLE.test(t.path)),
  ];
  for (const [n, t] of order.entries()) {
    if (plan.tasks.length > 1 && io.isTTY) io.err(`\r[${n + 1}/${plan.tasks.length}] ${t.path}\x1b[K`);
    const o =
      LINKABLE.test(t.path) && linked.has(resolve(t.path))
        ? { i: t.i, problems: [], linked: [] }
        : checkTask(engine, t, how);
    outcomes[t.i] = o;
    if (o.result) for (const p of o.linked) linked.add(resolve(p));
  }
  const results = outcomes.filter((o) => o.result).map((o) => o.result!);
  const crossProblems: string[] = [];
  if (!args.noCross) {
    const sets = args.noConfig ? [] : namedSets(results.map((r) => ({ path: r.path, docPath: r.result?.doc.path })));
    crossCheck(engine, results, sets, (_, p) => crossProblems.push(p));
  }
  const output = outputOf(args, io);
  output.add(results.filter((r) => !linked.has(resolve(r.path))));
  const problems = [...plan.problems, ...outcomes.flatMap((o) => o.problems), ...crossProblems];
  return endCheck(io, plan.files.length, output, problems, outcomes.filter((o) => o.skipped).length);
}

/** A batch is checked in this thread below this many files (a pool's start-up would cost more). */
const POOL_FROM = 3;
/**
 * Files per worker below which another worker costs more CPU than it saves: a worker's start-up
 * and its engine's warming up take about 0.5 s of CPU, as long as 10 to 20 reports checked warm.
 */
const FILES_PER_WORKER = 8;

/** The threads of a batch of n files: --jobs when given (from 3 files on), else as many cores as the batch pays for. */
export function threadsFor(n: number, jobs: number | undefined): number {
  if (n < POOL_FROM) return 1;
  if (jobs !== undefined) return Math.min(jobs, n);
  return Math.min(availableParallelism(), Math.floor(n / FILES_PER_WORKER));
}

/**
 * `suanpan check` on many files, on a pool of worker threads (pool.ts), as runCheck does it in
 * this thread (batch.ts): the first looks, then the groups and the files alone, each outcome
 * printed in input order as soon as its turn comes.
 */
async function runBatch(args: Args, io: Io, deps: Deps, jobs: number): Promise<number> {
  const plan = planCheck(args, io, deps);
  if (typeof plan === 'number') return plan;
  const pool = new Pool(jobs);
  try {
    const how = howOf(args);
    const cross = !args.noCross;
    const looks: Array<Look | undefined> = [];
    const look = async (ts: FileTask[]) => {
      const replies = await Promise.all(ts.map((t) => pool.run({ kind: 'look', task: t, identity: cross })));
      replies.forEach((r, k) => {
        if (r.kind !== 'look') return;
        for (const s of r.notes) io.err(s);
        // a PDF or Word file imported by its look is not imported again by its check
        if (r.imported) Object.assign(ts[k], { imported: r.imported, importHere: false });
        looks[ts[k].i] = r.look;
      });
    };
    await look(plan.tasks.filter((t) => !LINKABLE.test(t.path) && lookOf(t, cross)));
    const held = heldFiles(plan.tasks, looks);
    await look(plan.tasks.filter((t) => LINKABLE.test(t.path) && !held.has(t.i)));
    const output = outputOf(args, io);
    const batch = new Batch(plan.tasks, looks, held, { on: cross, noConfig: args.noConfig }, output, io);
    const pending: Array<Promise<void>> = [];
    const take = (o: FileOutcome) => {
      for (const s of o.notes ?? []) io.err(s);
      for (const t of batch.record(o)) pending.push(checkOne(t));
    };
    const failed = (t: FileTask, reply: PoolReply): FileOutcome => ({
      i: t.i,
      problems: [`${t.path}: 检查时出错，未检查完 (internal error while checking: ${failure(reply)})`],
      linked: [],
    });
    const checkOne = async (t: FileTask) => {
      const reply = await pool.run({ kind: 'check', task: t, how });
      take(reply.kind === 'check' ? reply.outcome : failed(t, reply));
    };
    const group = async (g: FileTask[]) => {
      const reply = await pool.run({ kind: 'group', tasks: g, how, sets: batch.sets });
      if (reply.kind === 'group') reply.outcomes.forEach(take);
      else g.forEach((t) => take(failed(t, reply)));
    };
    for (const u of batch.units) pending.push(u.kind === 'check' ? checkOne(u.task) : group(u.tasks));
    while (pending.length) await pending.shift();
    return endBatch(args, io, plan, batch, output);
  } finally {
    await pool.close();
  }
}

function failure(reply: PoolReply): string {
  return reply.kind === 'failed' ? reply.message : `unexpected reply ${reply.kind}`;
}

/** The output of a check, to stdout or -o's file; on a terminal the progress line is cleared before each write. */
function outputOf(args: Args, io: Io): Output {
  return new Output(args, io, io.isTTY ? () => io.err('\r\x1b[K') : undefined);
}

function endBatch(args: Args, io: Io, plan: Plan, batch: Batch, output: Output): number {
  const { problems, crossProblems, skipped } = batch.end();
  return endCheck(io, plan.files.length, output, [...plan.problems, ...problems, ...crossProblems], skipped);
}

/** The end of a check: the count, the end of the output, the problems, the exit status. */
function endCheck(io: Io, n: number, output: Output, problems: string[], skipped: number): number {
  if (n > 1 && io.isTTY) io.err('\r\x1b[K');
  else if (n > 4) io.err(`suanpan: checked ${output.files} of ${n} files${skipped ? `, ${skipped} not reports` : ''}`);
  const { errors, problem } = output.finish();
  if (problem) problems.push(problem);
  for (const p of problems) io.err(`suanpan: ${p}`);
  if (problems.length) return 2;
  return errors > 0 ? 1 : 0;
}

/**
 * The team's settings: the nearest .suanpan.yaml up the folder tree of each file (rules,
 * rounding differences, layout profiles); the command line's own flags come first. The
 * problems of each project file are printed once.
 */
function projectOptions(args: Args, base: CheckOptions, io: Io): (path: string) => CheckOptions {
  const configs = new ProjectConfigs();
  const reported = new Set<string>();
  return (path) => {
    if (args.noConfig) return base;
    const cfg = configs.forFile(resolve(path));
    if (!cfg) return base;
    const loaded = configs.profilesOf(cfg);
    if (!reported.has(cfg.path)) {
      reported.add(cfg.path);
      for (const p of [...cfg.problems, ...loaded.problems])
        io.err(`suanpan: ${cfg.path}:${p.start.line + 1}:${p.start.character + 1}: ${p.message[args.lang]}`);
    }
    return withProjectConfig(base, cfg, loaded, { value: args.rounding, given: args.roundingSet });
  };
}

export { jsonFinding } from './output';

/* eslint-disable @typescript-eslint/no-require-imports -- loaded when used: a check of Markdown needs none of them */
/** The PDF and Word importers (pdf.js is loaded by them in turn). */
const lazyImport = () => require('./import') as typeof import('./import');
/* eslint-enable @typescript-eslint/no-require-imports */

/** The command line of this process (dist/cli.js runs it: launch.ts). */
export function main(): void {
  if (process.argv[2] === 'import') return void lazyImport().runImportCli(process.argv.slice(3));
  // a crash is unusable input (2), never "errors found" (1)
  process.on('uncaughtException', (e) => {
    process.stderr.write(`suanpan: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(2);
  });
  const io: Io = {
    out: (s) => process.stdout.write(s + '\n'),
    err: (s) => process.stderr.write(s.endsWith('\x1b[K') || s.startsWith('\r') ? s : s + '\n'),
    isTTY: !!process.stderr.isTTY,
  };
  runAsync(process.argv.slice(2), io)
    .catch((e) => {
      process.stderr.write(`suanpan: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
      return 2;
    })
    .then((code) => (process.exitCode = code));
}

if (require.main === module) main();
