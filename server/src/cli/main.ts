/**
 * suanpan — the command-line checker, a thin layer over the engine.
 *   suanpan check <files or folders…> [--format text|json|sarif|html] [-o file] [--fix] [--lang zh-CN|en]
 * Exit 0: no errors; 1: errors found; 2: unusable input (unreadable or too large file, not a report, a file
 * that could not be checked or fixed).
 */
import { lstatSync, readdirSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { relative, join, resolve } from 'node:path';
import { loadProfiles, ProjectConfigs, withProjectConfig } from '../config';
import { createEngine, RULES, type CheckOptions, type Engine, type Finding, type Lang } from '../engine';
import type { DocIdentity } from '../engine/cross';
import { crossGroups } from '../engine/cross/groups';
import { BINARY_EXT } from '../host/binary';
import type { ImportResult } from '../engine/read/import/blocks';
import { checkTask, crossCheck, type CheckHow, type FileOutcome, type FileResult, type FileTask } from './check-file';
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

/** A tables file (YAML) may be linked by a narrative: it is checked after the others, and only when none links it. */
const LINKABLE = /\.ya?ml$/i;

/** The tasks in the order they are checked: the YAML files last. */
function checkOrder(tasks: FileTask[]): FileTask[] {
  return [...tasks.filter((t) => !LINKABLE.test(t.path)), ...tasks.filter((t) => LINKABLE.test(t.path))];
}

/** A tables file a report checked already links: reported with that report, not checked again. */
function linkedOutcome(t: FileTask, linked: Set<string>): FileOutcome | undefined {
  return LINKABLE.test(t.path) && linked.has(resolve(t.path)) ? { i: t.i, problems: [], linked: [] } : undefined;
}

function howOf(args: Args, keep: boolean): CheckHow {
  return { fix: args.fix, format: args.format, lang: args.lang, keep, identity: !keep && !args.noCross };
}

/** `suanpan check`, in this thread: every file checked (and fixed) with one engine, then the findings printed. */
function runCheck(args: Args, io: Io, deps: Deps): number {
  const plan = planCheck(args, io, deps);
  if (typeof plan === 'number') return plan;
  // the incremental caches pay only where the same text is checked again (--fix settles a report
  // over several checks); a batch of distinct reports would copy and keep every block for nothing
  const engine = (deps.createEngine ?? (() => createEngine({ incremental: args.fix })))();
  const how = howOf(args, true);
  const outcomes: FileOutcome[] = [];
  const linked = new Set<string>();
  for (const [n, t] of checkOrder(plan.tasks).entries()) {
    if (plan.tasks.length > 1 && io.isTTY) io.err(`\r[${n + 1}/${plan.tasks.length}] ${t.path}\x1b[K`);
    const o = linkedOutcome(t, linked) ?? checkTask(engine, t, how);
    outcomes[t.i] = o;
    if (o.result) for (const p of o.linked) linked.add(resolve(p));
  }
  const results = reportsOf(outcomes);
  const crossProblems: string[] = [];
  if (!args.noCross)
    crossCheck(engine, results, args.noConfig ? [] : namedSets(results), (_, p) => crossProblems.push(p));
  return finishCheck(args, io, plan, outcomes, results, crossProblems);
}

/** The results of the files checked, in input order. */
function reportsOf(outcomes: FileOutcome[]): FileResult[] {
  return outcomes.filter((o) => o.result).map((o) => o.result!);
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
 * `suanpan check` on many files, on a pool of worker threads (pool.ts). First each report's
 * identity (read, not checked), by which the reports that may pair are grouped (crossGroups);
 * each group is checked and crossed in one worker, every other file alone, the tables files last.
 * The output is the one thread's.
 */
async function runBatch(args: Args, io: Io, deps: Deps, jobs: number): Promise<number> {
  const plan = planCheck(args, io, deps);
  if (typeof plan === 'number') return plan;
  const pool = new Pool(jobs);
  try {
    const how = howOf(args, false);
    const outcomes: FileOutcome[] = [];
    const order = checkOrder(plan.tasks);
    const head = order.filter((t) => !LINKABLE.test(t.path));
    const tail = order.filter((t) => LINKABLE.test(t.path));
    let done = 0;
    const record = (o: FileOutcome) => {
      for (const s of o.notes ?? []) io.err(s);
      if (o.imported) Object.assign(plan.tasks[o.i], { imported: o.imported, importHere: false });
      outcomes[o.i] = o;
      if (io.isTTY) io.err(`\r[${++done}/${plan.tasks.length}] ${plan.tasks[o.i].path}\x1b[K`);
    };
    const failed = (t: FileTask, reply: PoolReply): FileOutcome => ({
      i: t.i,
      problems: [`${t.path}: 检查时出错，未检查完 (internal error while checking: ${failure(reply)})`],
      linked: [],
    });
    const checkOne = async (t: FileTask) => {
      const reply = await pool.run({ kind: 'check', task: t, how });
      record(reply.kind === 'check' ? reply.outcome : failed(t, reply));
    };
    const first = args.noCross ? { groups: [], sets: [] } : await identities(pool, io, head, args.noConfig);
    const grouped = new Set(first.groups.flat().map((t) => t.i));
    const checkGroup = async (g: FileTask[]) => {
      const reply = await pool.run({ kind: 'group', tasks: g, how, sets: first.sets });
      if (reply.kind === 'group') reply.outcomes.forEach(record);
      else g.forEach((t) => record(failed(t, reply)));
    };
    await Promise.all([...first.groups.map(checkGroup), ...head.filter((t) => !grouped.has(t.i)).map(checkOne)]);
    const linked = new Set(outcomes.flatMap((o) => (o?.result ? o.linked.map((p) => resolve(p)) : [])));
    await Promise.all(tail.map((t) => (linkedOutcome(t, linked) ? record(linkedOutcome(t, linked)!) : checkOne(t))));
    const results = reportsOf(outcomes);
    const crossProblems = args.noCross ? [] : await crossSettled(pool, plan, outcomes, first, args.noConfig);
    return finishCheck(args, io, plan, outcomes, results, crossProblems);
  } finally {
    await pool.close();
  }
}

interface FirstLook {
  /** The groups of reports that may pair, by their identities before the check (tasks in input order). */
  groups: FileTask[][];
  /** The sets named by .suanpan.yaml files, as the paths the reports are checked under. */
  sets: string[][];
}

/** The identities of the files before their check (PDF and Word files imported on the way), and their groups. */
async function identities(pool: Pool, io: Io, head: FileTask[], noConfig: boolean): Promise<FirstLook> {
  const ids = await Promise.all(head.map((t) => pool.run({ kind: 'identity', task: t })));
  const members: Array<{ task: FileTask; path: string; identity: DocIdentity }> = [];
  ids.forEach((r, k) => {
    if (r.kind !== 'identity') return;
    for (const s of r.notes) io.err(s);
    if (r.imported) Object.assign(head[k], { imported: r.imported, importHere: false });
    if (r.id) members.push({ task: head[k], ...r.id });
  });
  members.sort((a, b) => a.task.i - b.task.i);
  const sets = noConfig ? [] : namedSets(members.map((m) => ({ path: m.task.path, findings: [], cross: m })));
  return { groups: crossGroups(members, sets).map((g) => g.map((k) => members[k].task)), sets };
}

function failure(reply: PoolReply): string {
  return reply.kind === 'failed' ? reply.message : `unexpected reply ${reply.kind}`;
}

/**
 * The checks across reports of a batch, settled: the groups of the reports as checked, each done
 * already when it lies inside a group checked together; else (a tables file on its own among
 * them, a report that could not be checked) checked again and crossed in one worker. The
 * problems, in the order of the reports.
 */
async function crossSettled(
  pool: Pool,
  plan: Plan,
  outcomes: FileOutcome[],
  first: FirstLook,
  noConfig: boolean,
): Promise<string[]> {
  const reports = outcomes.filter((o) => o?.result);
  const results = reports.map((o) => o.result!);
  const sets = noConfig ? [] : namedSets(results);
  const sameSets = JSON.stringify(sets) === JSON.stringify(first.sets);
  const groupOf = new Map(first.groups.flatMap((g, n) => g.map((t) => [t.i, n])));
  const problems = new Map<number, string>();
  reports.forEach((o, k) => o.crossProblem && problems.set(k, o.crossProblem));
  const members = results.map((r) => ({ path: r.cross?.path, identity: r.cross?.identity ?? {} }));
  const again = crossGroups(members, sets).filter((g) => {
    const n = groupOf.get(reports[g[0]].i);
    return !sameSets || n === undefined || g.some((k) => groupOf.get(reports[k].i) !== n);
  });
  await Promise.all(
    again.map(async (g) => {
      const reply = await pool.run({ kind: 'cross', tasks: g.map((k) => plan.tasks[reports[k].i]), sets });
      if (reply.kind !== 'cross') {
        for (const k of g) problems.set(k, `${results[k].path}: ${CROSS_FAILED} (${failure(reply)})`);
        return;
      }
      reply.results.forEach((x, n) => {
        const k = g[n];
        if (x.findings) results[k].findings = x.findings;
        if (x.problem) problems.set(k, x.problem);
        else problems.delete(k);
      });
    }),
  );
  return [...problems].sort((a, b) => a[0] - b[0]).map(([, p]) => p);
}

const CROSS_FAILED = '跨报告检查时出错 (internal error while checking against other reports)';

/** The end of a check: linked files dropped, the count, the output, the problems, the exit status. */
function finishCheck(
  args: Args,
  io: Io,
  plan: Plan,
  outcomes: FileOutcome[],
  results: FileResult[],
  crossProblems: string[],
): number {
  const problems = [...plan.problems, ...outcomes.flatMap((o) => o.problems), ...crossProblems];
  const skipped = outcomes.filter((o) => o.skipped).length;
  // a file a narrative links (its tables file) is reported with the narrative, not on its own
  const linkedPaths = new Set(outcomes.flatMap((o) => (o.result ? o.linked : [])).map((p) => resolve(p)));
  const shown = results.filter((r) => !linkedPaths.has(resolve(r.path)));
  const n = plan.files.length;
  if (n > 1 && io.isTTY) io.err('\r\x1b[K');
  else if (n > 4) io.err(`suanpan: checked ${shown.length} of ${n} files${skipped ? `, ${skipped} not reports` : ''}`);
  const out: string[] = [];
  const errors = printResults(args, shown, args.output ? { ...io, out: (s) => out.push(s) } : io);
  if (args.output) writeOutput(args.output, out, problems);
  for (const p of problems) io.err(`suanpan: ${p}`);
  if (problems.length) return 2;
  return errors > 0 ? 1 : 0;
}

/**
 * The sets the .suanpan.yaml files of the reports name (`sets:`), as the paths the reports were
 * checked under (a PDF's is that of its import).
 */
function namedSets(results: FileResult[]): string[][] {
  const configs = new ProjectConfigs();
  const docPath = (r: FileResult) => r.result?.doc.path ?? r.cross?.path;
  const byFile = new Map(results.filter((r) => docPath(r)).map((r) => [resolve(r.path), docPath(r)!]));
  const seen = new Set<string>();
  const out: string[][] = [];
  for (const r of results) {
    const cfg = configs.forFile(resolve(r.path));
    if (!cfg || seen.has(cfg.path)) continue;
    seen.add(cfg.path);
    for (const set of cfg.sets) out.push(set.map((p) => byFile.get(resolve(p)) ?? p));
  }
  return out;
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

/** Prints the findings (text, JSON or SARIF); returns the number of errors. */
function printResults(args: Args, results: FileResult[], io: Io): number {
  const count = (s: string) => results.reduce((n, r) => n + r.findings.filter((f) => f.severity === s).length, 0);
  const errors = count('error');
  if (args.format === 'json') {
    io.out(
      JSON.stringify(
        {
          files: byFile(results).map((r) => ({
            path: r.path,
            findings: r.findings.map((f) => ({ ...jsonFinding(f), ...pageOf(r, f) })),
          })),
        },
        null,
        2,
      ),
    );
  } else if (args.format === 'sarif') {
    io.out(JSON.stringify(lazySarif().toSarif(byFile(results), args.lang), null, 2));
  } else if (args.format === 'html') {
    io.out(
      lazyHtml().toHtml(
        results.map((r) => ({ ...r, relations: r.relations! })),
        args.lang,
      ),
    );
  } else {
    const cwd = process.cwd();
    for (const r of byFile(results)) {
      for (const f of r.findings) {
        const p = relative(cwd, resolve(r.path)) || r.path;
        const page = pageOf(r, f).page;
        const at = page ? `${p}:p${page}` : `${p}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
        io.out(`${at}  ${f.severity.padEnd(7)}  ${f.rule.padEnd(19)}  ${f.message}`);
      }
    }
    const en = args.lang === 'en';
    io.out(
      en
        ? `${results.length} file(s): ${errors} error(s), ${count('warning')} warning(s), ${count('info')} info`
        : `${results.length} 个文件：${errors} 个错误，${count('warning')} 个警告，${count('info')} 个提示`,
    );
  }
  return errors;
}

/** The output written to -o's file (a failure is a problem: exit 2). */
function writeOutput(path: string, out: string[], problems: string[]): void {
  try {
    writeFileSync(path, out.join('\n') + '\n', 'utf8');
  } catch (e) {
    problems.push(`${path}: 无法写入 (cannot write: ${(e as Error).message})`);
  }
}

/** The PDF page a finding is on, for a file checked from its import. */
function pageOf(r: FileResult, f: Finding): { page?: number } {
  const page = r.pages?.[f.range.start.line];
  return page ? { page } : {};
}

/** Findings regrouped by the file they are in (a report's linked tables file gets its own entry). */
function byFile(results: FileResult[]): FileResult[] {
  const out = new Map<string, Finding[]>();
  for (const r of results) {
    if (!out.has(r.path)) out.set(r.path, []);
    for (const f of r.findings) {
      const p = f.path ?? r.path;
      if (!out.has(p)) out.set(p, []);
      out.get(p)!.push(f);
    }
  }
  const pages = new Map(results.map((r) => [r.path, r.pages]));
  return [...out].map(([path, findings]) => ({ path, findings, pages: pages.get(path) }));
}

export function jsonFinding(f: Finding) {
  return {
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    range: f.range,
    related: f.related.map((r) => ({
      ...(r.path ? { path: r.path } : {}),
      ...(r.page ? { page: r.page } : {}),
      range: r.range,
      message: r.message,
    })),
    expected: f.expected,
    formula: f.formula,
    fixes: f.fixes.map((x) => ({
      title: x.title,
      certain: x.certain,
      edits: x.edits.map((e) => ({ range: e.range, newText: e.newText })),
    })),
  };
}

/* eslint-disable @typescript-eslint/no-require-imports -- loaded when used: a check of Markdown needs none of them */
/** The PDF and Word importers (pdf.js is loaded by them in turn). */
const lazyImport = () => require('./import') as typeof import('./import');
const lazySarif = () => require('./sarif') as typeof import('./sarif');
const lazyHtml = () => require('./html') as typeof import('./html');
/* eslint-enable @typescript-eslint/no-require-imports */

if (require.main === module && process.argv[2] === 'import') lazyImport().runImportCli(process.argv.slice(3));
else if (require.main === module) {
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
