/**
 * One file of `suanpan check`, checked (and fixed) by an engine: what the sequential run and the
 * batch workers (worker.ts) both do, so their outputs are the same. An outcome is plain data (it
 * crosses threads); the check itself stays where it ran.
 */
import { MAX_TEXT, type CheckOptions, type CheckResult, type Engine, type Finding, type Lang } from '../engine';
import type { RelationsView } from '../engine';
import type { DocIdentity } from '../engine/cross';
import { firstLook } from '../engine/cross/first-look';
import { settle } from '../engine/features/settle';
import type { ImportResult } from '../engine/read/import/blocks';
import { BINARY_EXT } from '../host/binary';
import { confinedReadFile, readUtf8, workspaceRoot, writeAtomic, type Refusal } from '../host/files';

export interface FileResult {
  path: string;
  findings: Finding[];
  /** For an imported PDF: the page of each line of the imported Markdown. */
  pages?: number[];
  /** Every relation checked (--format html). */
  relations?: RelationsView;
  /** The check, for the checks across reports (kept until they are done, never sent across threads). */
  result?: CheckResult;
  options?: CheckOptions;
}

/** One file to check. `options` has no readFile (it is added where the check runs). */
export interface FileTask {
  i: number;
  path: string;
  explicit: boolean;
  options: CheckOptions;
  /** A PDF or Word file's import, or why it could not be imported. */
  imported?: ImportResult | string;
  /** A PDF or Word file imported where it is checked (a batch's worker), not before. */
  importHere?: boolean;
}

export interface FileOutcome {
  i: number;
  /** The problems met, in order (the run prints them at its end). */
  problems: string[];
  /** The report's findings (or a non-report import's), as printed. */
  result?: FileResult;
  /** A file found in a folder that is not a report. */
  skipped?: boolean;
  /** The files a report links (its tables file): reported with it, not on their own. */
  linked: string[];
  /** What the import said on the way (its pages, when stderr is not a terminal). */
  notes?: string[];
  /** The problem of the checks across reports (a group checked together). */
  crossProblem?: string;
}

/** A report's first look (cross/first-look.ts), with the path it is checked under. */
export interface Look {
  path: string;
  identity: DocIdentity;
  /** The file the report links (数据), when the check will read it. */
  link?: string;
}

/**
 * A file's first look before its check (a batch groups the reports that may pair by it, and
 * holds a tables file back for the report that links it): the identity and the linked file the
 * check will find, undefined when it is not a report or cannot be read (the check says why).
 * The linked file's name is kept only when the check may read it (inside the workspace).
 * Without `identity` (no checks across reports) only the link is wanted.
 */
export function lookTask(task: FileTask, identity = true): Look | undefined {
  let text: string;
  let path = task.path;
  if (BINARY_EXT.test(path)) {
    if (!task.imported || typeof task.imported === 'string') return undefined;
    text = task.imported.markdown;
    path = `${path}.md`;
  } else {
    const read = readUtf8(path);
    if (!read.ok) return undefined;
    text = read.text;
  }
  // without the checks across reports only the link is wanted: none without the word
  if (!identity && !text.includes('数据')) return undefined;
  const look = firstLook(text, path);
  if (!look) return undefined;
  // an import is checked without file access (checkImported): it links nothing
  const link = look.link && !BINARY_EXT.test(task.path) && readable(path, look.link) ? look.link : undefined;
  return { path, identity: look.identity, ...(link ? { link } : {}) };
}

/** Whether the check of the report at `from` reads `path` (its readFile: confined to the workspace). */
function readable(from: string, path: string): boolean {
  try {
    return confinedReadFile(workspaceRoot(from), from)(path) !== undefined;
  } catch {
    return false;
  }
}

/**
 * A group of a batch's reports that may pair (crossGroups), checked and crossed in one worker:
 * each report's outcome as in checkTask, its findings with the cross rules'. Only the group's
 * reports are partners: the same pairs as in the whole batch.
 */
export function checkGroup(engine: Engine, tasks: FileTask[], how: CheckHow, sets: string[][]): FileOutcome[] {
  const outcomes = tasks.map((t) => checkTask(engine, t, { ...how, keep: true }));
  const results = outcomes.filter((o) => o.result).map((o) => o.result!);
  const byResult = new Map(outcomes.filter((o) => o.result).map((o) => [o.result!, o]));
  crossCheck(engine, results, sets, (k, p) => (byResult.get(results[k])!.crossProblem = p));
  for (const o of outcomes)
    if (o.result) {
      delete o.result.result;
      delete o.result.options;
    }
  return outcomes;
}

export interface CheckHow {
  fix: boolean;
  format: 'text' | 'json' | 'sarif' | 'html';
  lang: Lang;
  /** Keep the CheckResult (for the checks across reports). */
  keep: boolean;
}

/** Checks one file; one file's failure is that file's problem (the others are still checked). */
export function checkTask(engine: Engine, task: FileTask, how: CheckHow): FileOutcome {
  const out: FileOutcome = { i: task.i, problems: [], linked: [] };
  const { path, options } = task;
  const done = (r: CheckResult, pages?: number[]): FileResult => ({
    path,
    findings: r.findings,
    ...(pages ? { pages } : {}),
    ...(how.format === 'html' ? { relations: engine.relations(r, how.lang) } : {}),
    ...(how.keep ? { result: r, options } : {}),
  });
  try {
    if (BINARY_EXT.test(path)) {
      const r = checkImported(engine, path, task.imported, options, out.problems);
      const pages = (task.imported as ImportResult | undefined)?.pages;
      if (r?.isReport) out.result = done(r, pages);
      else if (r) out.result = { path, findings: r.findings, pages };
      return out;
    }
    const r = checkFile(engine, path, options, how.fix, out.problems);
    if (!r) return out;
    if (!r.isReport) {
      if (task.explicit)
        out.problems.push(
          `${path}: 不是决算/预算公开报告 (not a report: no 类型 in front matter and no title naming 决算/预算)`,
        );
      else out.skipped = true;
      return out;
    }
    out.result = done(r);
    for (const d of r.linked) if (d.path) out.linked.push(d.path);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    out.problems.push(`${path}: 检查时出错，未检查完 (internal error while checking: ${why})`);
    delete out.result;
  }
  return out;
}

/** Checks one file (fixing it with --fix); undefined when it cannot be checked (a problem is noted). */
export function checkFile(
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
export function checkImported(
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

/**
 * The reports checked against each other: each one indexed once, then each checked against the
 * others (the engine pairs them by identity: last year's report, the budget and its 决算, a
 * department and its units). A PDF's partner figures are pointed at in the PDF, with their page.
 * Each report's findings are replaced by its findings with the cross rules'; a failure is a
 * problem of that report (by index in `results`).
 */
export function crossCheck(
  engine: Engine,
  results: FileResult[],
  sets: string[][],
  problems: (i: number, p: string) => void,
): void {
  const checked = results.filter((r) => r.result);
  if (checked.length < 2) return;
  const entries = checked.map((r) => engine.crossEntry(r.result!));
  const imported = new Map(checked.filter((r) => r.pages).map((r) => [r.result!.doc.path!, r]));
  results.forEach((r, i) => {
    if (!r.result) return;
    try {
      const x = engine.crossCheck(r.result, { partners: entries, sets }, r.options);
      r.findings = x.findings.map((f) => withPartnerFiles(f, imported));
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      problems(i, `${r.path}: 跨报告检查时出错 (internal error while checking against other reports: ${why})`);
    }
  });
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
