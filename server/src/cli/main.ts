/**
 * suanpan — the command-line checker, a thin layer over the engine.
 *   suanpan check <files or folders…> [--format text|json|sarif|html] [-o file] [--fix] [--lang zh-CN|en]
 * Exit 0: no errors; 1: errors found; 2: unusable input (unreadable or too large file, not a report, a file
 * that could not be checked or fixed).
 */
import { lstatSync, readdirSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { loadProfiles, ProjectConfigs, withProjectConfig } from '../config';
import {
  createEngine,
  MAX_TEXT,
  RULES,
  type CheckOptions,
  type CheckResult,
  type Engine,
  type Finding,
  type Lang,
  type RelationsView,
} from '../engine';
import { settle } from '../engine/features/settle';
import { confinedReadFile, readUtf8, workspaceRoot, writeAtomic, type Refusal } from '../host/files';
import { toSarif } from './sarif';
import { toHtml } from './html';
import { BINARY_EXT, importFile, runImportCli } from './import';
import type { ImportResult } from '../engine/read/import/blocks';

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
    else if (x === '-h' || x === '--help') a.cmd = 'help';
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

interface FileResult {
  path: string;
  findings: Finding[];
  /** For an imported PDF: the page of each line of the imported Markdown. */
  pages?: number[];
  /** Every relation checked (--format html). */
  relations?: RelationsView;
  /** The check, for the checks across reports. */
  result?: CheckResult;
  options?: CheckOptions;
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
  for (const f of collect(args.paths, [])) if (BINARY_EXT.test(f.path)) out.set(f.path, await importFile(f.path, io));
  return out;
}

export function run(argv: string[], io: Io, deps: Deps = {}): number {
  let args: Args | string;
  try {
    args = parseArgs(argv);
  } catch (e) {
    args = (e as Error).message;
  }
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

/** `suanpan check`: every file checked (and fixed) with one engine, then the findings printed. */
function runCheck(args: Args, io: Io, deps: Deps): number {
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
  const engine = (deps.createEngine ?? createEngine)();
  const results: FileResult[] = [];
  const linkedOf: string[] = [];
  let skipped = 0;
  const view = (r: CheckResult) => (args.format === 'html' ? { relations: engine.relations(r, args.lang) } : {});
  files.forEach((file, i) => {
    if (files.length > 1 && io.isTTY) io.err(`\r[${i + 1}/${files.length}] ${file.path}\x1b[K`);
    let r: CheckResult | undefined;
    try {
      const imported = deps.imported?.get(file.path);
      if (BINARY_EXT.test(file.path)) {
        const opts = optionsFor(file.path);
        r = checkImported(engine, file.path, imported, opts, problems);
        const pages = (imported as ImportResult).pages;
        if (r?.isReport)
          results.push({ path: file.path, findings: r.findings, pages, result: r, options: opts, ...view(r) });
        else if (r) results.push({ path: file.path, findings: r.findings, pages });
        return;
      }
      r = checkFile(engine, file.path, optionsFor(file.path), args.fix, problems);
    } catch (e) {
      // one file's failure is that file's problem: the others are still checked and printed
      const why = e instanceof Error ? e.message : String(e);
      problems.push(`${file.path}: 检查时出错，未检查完 (internal error while checking: ${why})`);
      return;
    }
    if (!r) return;
    if (!r.isReport) {
      if (file.explicit)
        problems.push(
          `${file.path}: 不是决算/预算公开报告 (not a report: no 类型 in front matter and no title naming 决算/预算)`,
        );
      else skipped++;
      return;
    }
    results.push({ path: file.path, findings: r.findings, result: r, options: optionsFor(file.path), ...view(r) });
    for (const d of r.linked) if (d.path) linkedOf.push(d.path);
  });
  if (!args.noCross) crossCheck(engine, results, args.noConfig ? [] : namedSets(results), problems);
  // a tables file a narrative links is reported with the narrative, not twice
  const linkedPaths = new Set(linkedOf.map((p) => resolve(p)));
  for (let i = results.length - 1; i >= 0; i--) if (linkedPaths.has(resolve(results[i].path))) results.splice(i, 1);
  if (files.length > 1 && io.isTTY) io.err('\r\x1b[K');
  else if (files.length > 4)
    io.err(`suanpan: checked ${results.length} of ${files.length} files${skipped ? `, ${skipped} not reports` : ''}`);
  const out: string[] = [];
  const errors = printResults(args, results, args.output ? { ...io, out: (s) => out.push(s) } : io);
  if (args.output) writeOutput(args.output, out, problems);
  for (const p of problems) io.err(`suanpan: ${p}`);
  if (problems.length) return 2;
  return errors > 0 ? 1 : 0;
}

/**
 * The reports checked against each other: each one indexed once, then each checked against the
 * others (the engine pairs them by identity: last year's report, the budget and its 决算, a
 * department and its units). A PDF's partner figures are pointed at in the PDF, with their page.
 */
function crossCheck(engine: Engine, results: FileResult[], sets: string[][], problems: string[]): void {
  const checked = results.filter((r) => r.result);
  if (checked.length < 2) return;
  const entries = checked.map((r) => engine.crossEntry(r.result!));
  const imported = new Map(checked.filter((r) => r.pages).map((r) => [r.result!.doc.path!, r]));
  for (const r of checked) {
    try {
      const x = engine.crossCheck(r.result!, { partners: entries, sets }, r.options);
      r.findings = x.findings.map((f) => withPartnerFiles(f, imported));
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      problems.push(`${r.path}: 跨报告检查时出错 (internal error while checking against other reports: ${why})`);
    }
  }
}

/**
 * The sets the .suanpan.yaml files of the reports name (`sets:`), as the paths the reports were
 * checked under (a PDF's is that of its import).
 */
function namedSets(results: FileResult[]): string[][] {
  const configs = new ProjectConfigs();
  const byFile = new Map(results.filter((r) => r.result).map((r) => [resolve(r.path), r.result!.doc.path!]));
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

/** Related figures in an imported PDF point at the PDF (and its page), not at the Markdown in memory. */
function withPartnerFiles(f: Finding, imported: Map<string, FileResult>): Finding {
  if (!f.related.some((x) => x.path && imported.has(x.path))) return f;
  const related = f.related.map((x) => {
    const src = x.path ? imported.get(x.path) : undefined;
    if (!src) return x;
    const page = src.pages?.[x.range.start.line];
    return { ...x, path: src.path, ...(page ? { page } : {}) };
  });
  return { ...f, related };
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

/** Checks one file (fixing it with --fix); undefined when it cannot be checked (a problem is noted). */
function checkFile(
  engine: Engine,
  path: string,
  opts: CheckOptions,
  fix: boolean,
  problems: string[],
): CheckResult | undefined {
  const read = readUtf8(path);
  if (!read.ok) {
    problems.push(`${path}: 无法读取：${read.reason['zh-CN']} (cannot read: ${read.reason.en})`);
    return undefined;
  }
  if (read.text.length > MAX_TEXT) {
    const n = read.text.length;
    problems.push(
      `${path}: 文件过大，未检查（${n} 字符，上限 ${MAX_TEXT}）(too large to check: ${n} characters, limit ${MAX_TEXT})`,
    );
    return undefined;
  }
  // a linked file (数据: tables.yaml) is read only from inside the workspace
  const withFiles: CheckOptions = { ...opts, path, readFile: confinedReadFile(workspaceRoot(path), path) };
  const r = engine.check(read.text, withFiles);
  if (!r.isReport || !fix) return r;
  if (read.invalidUtf8At !== undefined) {
    const at = read.invalidUtf8At;
    problems.push(
      `${path}: 不是有效的 UTF-8 文本（第 ${at} 字节起），未修复；请先转为 UTF-8 ` +
        `(not valid UTF-8 from byte ${at}; not fixed: convert it to UTF-8 first)`,
    );
    return r;
  }
  return fixFile(engine, read.text, withFiles, r, problems);
}

/** Checks a PDF or Word file from its import (never fixed: the Markdown is `suanpan import`'s to write). */
function checkImported(
  engine: Engine,
  path: string,
  imported: ImportResult | string | undefined,
  opts: CheckOptions,
  problems: string[],
): CheckResult | undefined {
  if (imported === undefined || typeof imported === 'string') {
    problems.push(`${path}: ${imported ?? '未导入 (not imported)'}`);
    return undefined;
  }
  for (const w of imported.warnings) problems.push(`${path}: ${w}`);
  return engine.check(imported.markdown, { ...opts, path: `${path}.md` });
}

/**
 * Applies the certain fixes to a fixed point (settle: at most 5 rounds, a fix that does not settle
 * held back), then writes back each file whose text changed, atomically, refusing when it changed
 * on disk since it was read.
 */
function fixFile(
  engine: Engine,
  original: string,
  opts: CheckOptions,
  first: CheckResult,
  problems: string[],
): CheckResult {
  const path = opts.path!;
  const readFile = opts.readFile!;
  // edits may land in the linked tables file too: each file gets its own edits
  const read = new Map(first.linked.filter((d) => d.path).map((d) => [d.path!, d.source]));
  const s = settle(first, { text: original, files: read }, (t) =>
    engine.check(t.text, { ...opts, readFile: (p) => t.files.get(p) ?? readFile(p) }),
  );
  const root = workspaceRoot(path);
  if (s.texts.text !== original) noteRefusal(problems, path, writeAtomic(path, s.texts.text, original));
  for (const [p, src] of s.texts.files)
    if (src !== read.get(p)) noteRefusal(problems, p, writeAtomic(p, src, read.get(p)!, { root }));
  return s.result;
}

function noteRefusal(problems: string[], path: string, w: { ok: true } | Refusal): void {
  if (!w.ok) problems.push(`${path}: 未写入修复：${w.reason['zh-CN']} (fix not written: ${w.reason.en})`);
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
    io.out(JSON.stringify(toSarif(byFile(results), args.lang), null, 2));
  } else if (args.format === 'html') {
    io.out(
      toHtml(
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

if (require.main === module && process.argv[2] === 'import') runImportCli(process.argv.slice(3));
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
  const argv = process.argv.slice(2);
  importAll(argv, io)
    .then((imported) => run(argv, io, { imported }))
    .catch((e) => {
      process.stderr.write(`suanpan: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
      return 2;
    })
    .then((code) => (process.exitCode = code));
}
