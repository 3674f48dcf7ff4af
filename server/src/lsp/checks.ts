/**
 * Checking documents: the engine options of a file (editor settings and its `.suanpan.yaml`),
 * the current result of an open document, and the check run by the scheduler, whose findings
 * are published on every file they are in.
 */
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  checkOptions,
  parseProjectConfig,
  PROJECT_FILE,
  type EditorSettings,
  type LoadedProfiles,
  type ProjectConfig,
} from '../config';
import { confinedReadFile, workspaceRoot } from '../host/files';
import { deadlineFinding } from './timeout';
import { viewOf, type Finished } from './views';
import { hoverIndex, type CheckOptions, type Finding } from '../engine';
import type { CheckView, WireOptions } from './check-protocol';
import type { ServerContext } from './context';
import { configDiagnostics, toDiagnostics } from './convert';
import { matchesAny } from './glob';
import type { Reason } from './scheduler';
import { uriToPath } from './uri';

/** The latest finished check of an open report, with the settings it was made with. */
export interface Current {
  doc: TextDocument;
  finished: Finished;
  settings: EditorSettings;
}

export function pathToUri(ctx: ServerContext, path: string): string {
  return ctx.fromDisk.get(path) ?? ctx.documents.byPath(path)?.uri ?? pathToFileURL(path).href;
}

export function isProjectFile(uri: string): boolean {
  return basename(uriToPath(uri) ?? uri) === PROJECT_FILE;
}

export function optionsFor(ctx: ServerContext, uri: string, settings: EditorSettings): CheckOptions {
  // an untitled document has no path: its format is sniffed and it links no file
  return optionsForPath(ctx, uriToPath(uri), settings);
}

/**
 * Engine options for a file: editor settings, its `.suanpan.yaml` and the layout profiles that names,
 * and the engine's time budget (budgetMs), wherever the check runs: in the check worker, on the
 * server's thread (the web build, the workspace check from disk) or as fix-all's checks.
 */
export function optionsForPath(ctx: ServerContext, path: string | undefined, settings: EditorSettings): CheckOptions {
  const project = path ? ctx.projects.forFile(path) : undefined;
  const opts = checkOptions(settings, project, ctx.settings.langOf(settings), path, workspaceProfiles(ctx, project));
  opts.timeBudgetMs ??= budgetMs(ctx.checker.deadlineMs);
  // a linked file (数据: tables.yaml) is read only from inside the workspace: the editor's text if open
  if (path)
    opts.readFile = confinedReadFile(workspaceRoot(path, ctx.roots), path, {}, (p) =>
      ctx.documents.byPath(p)?.getText(),
    );
  return opts;
}

/** The layout profiles a project file names: none in an untrusted workspace. */
export function workspaceProfiles(ctx: ServerContext, project: ProjectConfig | undefined): LoadedProfiles {
  return ctx.trusted ? ctx.projects.profilesOf(project) : ctx.projects.profilesOf(undefined);
}

export function treatAsReport(
  ctx: ServerContext,
  uri: string,
  result: { isReport: boolean; findings: Finding[] },
  settings: EditorSettings,
): boolean {
  // a file too large to check is said so (input-limit), not shown as nothing
  if (result.isReport || result.findings.some((f) => f.rule === 'input-limit')) return true;
  const path = uriToPath(uri);
  return !!path && matchesAny(settings.files, path, ctx.roots);
}

/** The engine's check on this thread, or undefined (logged) if it throws. */
export function runEngine(ctx: ServerContext, text: string, options: CheckOptions, what: string) {
  try {
    return ctx.engine.check(text, options);
  } catch (e) {
    ctx.logError(`engine failed on ${what}`, e);
    return undefined;
  }
}

/**
 * The engine's time budget of a check in the editor: most of the deadline. A check that spends it
 * stops at its next stage and says what it skipped (input-limit); the deadline stops a check in the
 * worker that does not get there. With no worker (the web build) the budget is all there is: a
 * huge document is cut short the same way and never holds the server's thread for long.
 */
export function budgetMs(deadlineMs: number): number {
  return Math.floor(deadlineMs * 0.8);
}

/** Check options without their functions (file access, clock), as the worker takes them. */
export function wireOptions(options: CheckOptions, deadlineMs: number): WireOptions {
  const { readFile: _r, now: _n, ...rest } = options;
  return { ...rest, timeBudgetMs: rest.timeBudgetMs ?? budgetMs(deadlineMs) };
}

/**
 * The latest finished check of an open document (hover, actions, outline), or undefined when
 * disabled. Nothing is checked here: before its first check has finished (or, with `fresh`, while
 * a check of a newer version is scheduled or running) this waits for that check, a bounded time.
 */
export async function currentResult(ctx: ServerContext, uri: string, fresh = false): Promise<Current | undefined> {
  if (!ctx.documents.get(uri) || isProjectFile(uri)) return undefined;
  const settings = await ctx.settings.get(uri);
  if (!settings.enable) return undefined;
  const waitFor = () => {
    const f = ctx.views.get(uri);
    return !f || (fresh && f.version !== ctx.documents.get(uri)?.version);
  };
  for (let i = 0; i < 5 && waitFor() && ctx.scheduler.busy(uri); i++) await ctx.scheduler.settled(uri);
  const doc = ctx.documents.get(uri);
  const finished = ctx.views.get(uri);
  return doc && finished && { doc, finished, settings };
}

/** Removes what the check of `origin` found, everywhere. */
export function clearCheck(ctx: ServerContext, origin: string): void {
  ctx.publisher.publishCheck(origin, new Map());
  ctx.dependents.forget(origin);
}

/** Open documents whose check read the file at `path`. */
export function openDependentsOf(ctx: ServerContext, path: string | undefined): string[] {
  return ctx.dependents.of(path).filter((u) => ctx.documents.get(u));
}

/** Every open document checked again (settings or a project file changed). */
export function recheckOpen(ctx: ServerContext): void {
  ctx.settings.clear();
  for (const d of ctx.documents.all()) ctx.scheduler.schedule(d.uri, 'config');
}

/** The scheduled check of an open document: run by the worker, published if still current. */
export async function checkDocument(
  ctx: ServerContext,
  uri: string,
  reason: Reason,
  gen: number,
): Promise<CheckView | undefined> {
  const doc = ctx.documents.get(uri);
  if (!doc) return undefined;
  const version = doc.version;
  const settings = await ctx.settings.get(uri);
  // cancelled: a newer change arrived, or the document was closed, while we waited
  const now = ctx.documents.get(uri);
  if (!now || now.version !== version || !ctx.scheduler.isCurrent(uri, gen)) return undefined;
  if (isProjectFile(uri)) {
    ctx.publisher.publishCheck(uri, new Map([[uri, projectDiagnostics(ctx, uri, now.getText(), settings)]]), version);
    return undefined;
  }
  if (!settings.enable) {
    clearCheck(ctx, uri);
    ctx.publisher.sendStatus(uri, version, undefined);
    return undefined;
  }
  if (settings.run === 'onSave' && reason === 'change') return undefined;
  const options = optionsFor(ctx, uri, settings);
  const text = now.getText();
  const outcome = await checkIn(ctx, uri, version, text, options);
  if (outcome.kind === 'superseded') return undefined;
  if (outcome.kind === 'done') {
    const finished: Finished = { version, text, view: outcome.view, settings, options };
    ctx.views.set(uri, finished, outcome.hoversFollow);
    if ('entries' in outcome) ctx.views.setHovers(uri, version, text, outcome.entries ?? null, finished);
  }
  // an older check never overwrites a newer one's: only the current version's check is published
  const cur = ctx.documents.get(uri);
  if (!cur || cur.version !== version || !ctx.scheduler.isCurrent(uri, gen)) return undefined;
  if (outcome.kind === 'timeout') {
    publishStopped(ctx, uri, version, text, options, outcome.ms);
    return undefined;
  }
  publishView(ctx, uri, version, text, settings, outcome.kind === 'done' ? outcome.view : undefined);
  // reports checked against this one whose comparison may have changed (cross.ts, in the worker)
  if (outcome.kind !== 'done') return undefined;
  for (const u of outcome.view.recheck ?? [])
    if (u !== uri && ctx.documents.get(u)) ctx.scheduler.schedule(u, 'config');
  // partners on disk left for later (the time of one check was spent on others): checked next time
  if (outcome.view.morePartners) ctx.scheduler.schedule(uri, 'config');
  return outcome.view;
}

/** The check in the worker; on this thread only when no worker can be started. */
async function checkIn(ctx: ServerContext, uri: string, version: number, text: string, options: CheckOptions) {
  const path = options.path;
  const root = path ? workspaceRoot(path, ctx.roots) : undefined;
  const wants = ctx.views.wantsHovers(uri);
  const outcome = await ctx.checker.check({
    uri,
    version,
    text,
    options: wireOptions(options, ctx.checker.deadlineMs),
    root,
    hovers: wants,
    hoversFirst: !ctx.views.hasHovers(uri),
    sets: (path && ctx.projects.forFile(path)?.sets) || [],
  });
  if (outcome.kind === 'done') return { ...outcome, hoversFollow: wants };
  if (outcome.kind !== 'failed') return outcome;
  if (!ctx.checker.broken) {
    ctx.logError(`check ${uri}`, outcome.error);
    return { kind: 'failed' as const };
  }
  const result = runEngine(ctx, text, options, uri);
  if (!result) return { kind: 'failed' as const };
  const entries = hoverIndex(result, options.lang);
  return { kind: 'done' as const, view: viewOf(ctx.engine, result), hoversFollow: false, entries };
}

function publishView(
  ctx: ServerContext,
  uri: string,
  version: number,
  text: string,
  settings: EditorSettings,
  view: CheckView | undefined,
): void {
  ctx.dependents.note(uri, view);
  if (!view || !treatAsReport(ctx, uri, view, settings)) {
    ctx.publisher.publishCheck(uri, new Map([[uri, []]]), version);
    ctx.publisher.sendStatus(uri, version, undefined);
    return;
  }
  const byUri = toDiagnostics(view, { uri, version, text, uriOf: (p) => pathToUri(ctx, p), docUrl: ctx.ruleDocUrl });
  addProfileProblems(ctx, byUri, uriToPath(uri), settings);
  ctx.publisher.publishCheck(uri, byUri, version);
  const linked = view.linked.flatMap((d) => (d.path ? [pathToUri(ctx, d.path)] : []));
  ctx.publisher.sendStatus(uri, version, view, linked);
}

/** A check stopped at its deadline: the document says so (input-limit) instead of showing nothing. */
function publishStopped(
  ctx: ServerContext,
  uri: string,
  version: number,
  text: string,
  options: CheckOptions,
  ms: number,
): void {
  const f = deadlineFinding(ms, options);
  const result = { findings: f ? [f] : [], linked: [] };
  ctx.publisher.publishCheck(
    uri,
    toDiagnostics(result, { uri, version, text, uriOf: (p) => pathToUri(ctx, p), docUrl: ctx.ruleDocUrl }),
    version,
  );
  ctx.publisher.sendStatus(uri, version, result);
}

/** The problems of a `.suanpan.yaml` (its own text, then the profile files it names). */
function projectDiagnostics(ctx: ServerContext, uri: string, text: string, settings: EditorSettings): Diagnostic[] {
  const cfg = parseProjectConfig(text, uriToPath(uri));
  return configDiagnostics([...cfg.problems, ...workspaceProfiles(ctx, cfg).problems], ctx.settings.langOf(settings));
}

/**
 * A layout profile file that the report's `.suanpan.yaml` names but that cannot be used is
 * shown on the `.suanpan.yaml` (from the disk's text; an open one is validated by itself).
 */
function addProfileProblems(
  ctx: ServerContext,
  byUri: Map<string, Diagnostic[]>,
  path: string | undefined,
  settings: EditorSettings,
): void {
  const project = path ? ctx.projects.forFile(path) : undefined;
  if (!project || ctx.documents.byPath(project.path)) return;
  const problems = workspaceProfiles(ctx, project).problems;
  if (problems.length)
    byUri.set(pathToFileURL(project.path).href, configDiagnostics(problems, ctx.settings.langOf(settings)));
}
