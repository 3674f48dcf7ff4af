/**
 * "Check all reports": every report candidate under the workspace folders, checked from disk
 * (or from the editor when open), its findings published and summed up. Once run, the unopened
 * reports are kept checked as their files change (recheckFromDisk).
 */
import { pathToFileURL } from 'node:url';
import type { CancellationToken, WorkDoneProgressServerReporter } from 'vscode-languageserver';
import type { EditorSettings } from '../config';
import { LINKABLE } from '../host/files';
import type { CheckOptions, CheckResult, CrossEntry, Finding } from '../engine';
import { openEntries } from './disk-cross';
import { clearCheck, currentResult, optionsForPath, pathToUri, runEngine, treatAsReport } from './checks';
import type { ServerContext } from './context';
import { toDiagnostics } from './convert';
import type { WorkspaceSummary } from './protocol';
import type { CheckView } from './check-protocol';
import { findReportFiles } from './workspace';

interface Checked {
  report: boolean;
  result?: { findings: Finding[] };
  /** A report checked from disk: its result and text (crossed with the others once all are checked). */
  disk?: { result: CheckResult; text: string; options: CheckOptions; changed: boolean };
}

/**
 * A tables file a checked report links (数据: tables.yaml; the report read from disk or open): part
 * of that report, its findings the report's, never checked or counted on its own.
 */
function linkedByReport(ctx: ServerContext, path: string): boolean {
  if (!LINKABLE.test(path)) return false;
  const self = pathToUri(ctx, path);
  return ctx.dependents.of(path).some((u) => u !== self);
}

/** Checks a file that is not open, from the disk's text, and publishes its findings if it is a report. */
export function checkFileFromDisk(ctx: ServerContext, path: string, settings: EditorSettings): Checked {
  const uri = pathToUri(ctx, path);
  const text = ctx.documents.readFile(path);
  if (text === undefined || linkedByReport(ctx, path)) {
    ctx.cross.remove(uri);
    if (ctx.fromDisk.delete(path)) clearCheck(ctx, uri);
    return { report: false };
  }
  const options = optionsForPath(ctx, path, settings);
  const result = runEngine(ctx, text, options, path);
  const report = !!result && settings.enable && treatAsReport(ctx, uri, result, settings);
  if (report && result) {
    ctx.fromDisk.set(path, uri);
    ctx.dependents.note(uri, result);
    const changed = result.isReport ? ctx.cross.index(uri, ctx.engine.crossEntry(result)) : false;
    if (!result.isReport) ctx.cross.remove(uri);
    publishFromDisk(ctx, uri, text, result);
    return { report, result, disk: { result, text, options, changed } };
  }
  ctx.cross.remove(uri);
  if (ctx.fromDisk.delete(path)) clearCheck(ctx, uri);
  return { report, result };
}

function publishFromDisk(ctx: ServerContext, uri: string, text: string, result: CheckResult): void {
  const uriOf = (p: string) => pathToUri(ctx, p);
  ctx.publisher.publishCheck(uri, toDiagnostics(result, { uri, version: 0, text, uriOf, docUrl: ctx.ruleDocUrl }));
}

/**
 * A report checked from disk against the others (those checked from disk and the open ones):
 * published again with the cross findings when it has any; the result with them.
 */
function crossFromDisk(
  ctx: ServerContext,
  path: string,
  disk: NonNullable<Checked['disk']>,
  partners: CrossEntry[],
): CheckResult {
  const { result, text, options } = disk;
  if (!result.isReport || partners.length < 2) return result;
  let out: CheckResult;
  try {
    out = ctx.engine.crossCheck(result, { partners, sets: ctx.projects.forFile(path)?.sets ?? [] }, options);
  } catch (e) {
    ctx.logError(`cross check of ${path}`, e);
    return result;
  }
  if (out.findings.length !== result.findings.length) publishFromDisk(ctx, pathToUri(ctx, path), text, out);
  return out;
}

export async function checkWorkspace(ctx: ServerContext, token?: CancellationToken): Promise<WorkspaceSummary> {
  ctx.workspaceMode = true;
  const summary: WorkspaceSummary = { files: 0, reports: 0, errors: 0, warnings: 0, infos: 0, cancelled: false };
  const progress = ctx.caps.progress
    ? await ctx.connection.window.createWorkDoneProgress().catch(() => undefined)
    : undefined;
  const rootSettings = new Map<string, EditorSettings>();
  for (const r of ctx.roots) rootSettings.set(r, await ctx.settings.get(pathToFileURL(r).href));
  const globs = [...new Set([...rootSettings.values()].flatMap((s) => s.files))];
  // the tables files last: one a report links is checked with that report, not on its own
  const found = await findReportFiles(ctx.roots, globs);
  const files = [...found.filter((p) => !LINKABLE.test(p)), ...found.filter((p) => LINKABLE.test(p))];
  progress?.begin('Suanpan', 0, `0/${files.length}`, true);
  const checked: Array<{ path: string; checked: Checked }> = [];
  try {
    for (let i = 0; i < files.length; i++) {
      if (token?.isCancellationRequested || progress?.token.isCancellationRequested) {
        summary.cancelled = true;
        break;
      }
      const path = files[i];
      const root = ctx.roots.find((r) => path.startsWith(r)) ?? ctx.roots[0];
      summary.files++;
      checked.push({ path, checked: await checkOne(ctx, path, rootSettings.get(root) ?? ctx.settings.global) });
      reportProgress(progress, i, files.length);
      // stay responsive: let queued requests in between files
      await new Promise((r) => setImmediate(r));
    }
  } finally {
    progress?.done();
  }
  // the reports read from disk against each other and the open ones
  const partners = crossPartners(ctx);
  for (const x of checked) if (x.checked.disk) x.checked.result = crossFromDisk(ctx, x.path, x.checked.disk, partners);
  // the reports, not their linked tables files (an open one too: the report's findings hold its)
  for (const x of checked) if (!linkedByReport(ctx, x.path)) count(summary, x.checked);
  ctx.log(
    `workspace: ${summary.reports} reports in ${summary.files} files, ` +
      `${summary.errors} errors, ${summary.warnings} warnings`,
  );
  return summary;
}

/** One file of the workspace check: the editor's result when it is open, else a check from disk. */
async function checkOne(ctx: ServerContext, path: string, settings: EditorSettings): Promise<Checked> {
  const open = ctx.documents.byPath(path);
  if (!open) return checkFileFromDisk(ctx, path, settings);
  const cur = await currentResult(ctx, open.uri, true);
  if (!cur) return { report: false };
  const view = cur.finished.view;
  return { result: view, report: treatAsReport(ctx, open.uri, view, cur.settings) };
}

function count(summary: WorkspaceSummary, { report, result }: Checked): void {
  if (!report || !result) return;
  summary.reports++;
  for (const f of result.findings) {
    if (f.severity === 'error') summary.errors++;
    else if (f.severity === 'warning') summary.warnings++;
    else summary.infos++;
  }
}

function reportProgress(progress: WorkDoneProgressServerReporter | undefined, i: number, n: number): void {
  if (i % 10 === 9) progress?.report(Math.round(((i + 1) / n) * 100), `${i + 1}/${n}`);
}

/**
 * Checks an unopened file again from disk, with the settings of its workspace folder, and against
 * its partners; when its figures changed, its partners read from disk are crossed again.
 */
export function recheckFromDisk(ctx: ServerContext, path: string, partnersToo = true): void {
  const root = ctx.roots.find((r) => path.startsWith(r));
  ctx.settings
    .get(pathToFileURL(root ?? path).href)
    .then((s) => {
      const checked = checkFileFromDisk(ctx, path, s);
      if (!checked.disk) return;
      const out = crossFromDisk(ctx, path, checked.disk, crossPartners(ctx));
      if (!partnersToo || !checked.disk.changed) return;
      for (const pair of out.cross?.pairs ?? [])
        for (const p of pair.partners)
          if (p.path && p.path !== path && ctx.fromDisk.has(p.path)) recheckFromDisk(ctx, p.path, false);
    })
    .catch((e) => ctx.logError('recheck', e));
}

/** The reports a report read from disk is crossed with: the others read from disk, and the open reports. */
function crossPartners(ctx: ServerContext): CrossEntry[] {
  const open = openEntries(ctx);
  const openPaths = new Set(open.map((e) => e.path));
  return [...ctx.cross.all().filter((e) => !openPaths.has(e.path) && !ctx.documents.byPath(e.path ?? '')), ...open];
}

/** The workspace check again, in the background, if it has run. */
export function recheckWorkspace(ctx: ServerContext): void {
  if (ctx.workspaceMode) checkWorkspace(ctx).catch((e) => ctx.logError('workspace check', e));
}

/**
 * An open report whose identity, figures or names changed: its partners read from disk by the
 * workspace check are crossed again (their cross findings compare with the editor's text).
 */
export function crossedPartnersOnDisk(ctx: ServerContext, view: CheckView): void {
  if (!ctx.workspaceMode || !view.crossChanged) return;
  for (const p of view.diskPartners ?? []) if (ctx.fromDisk.has(p)) recheckFromDisk(ctx, p, false);
}
