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
import type { CheckOptions, CheckResult } from '../engine';
import type { ServerContext } from './context';
import { configDiagnostics, toDiagnostics } from './convert';
import { withCross } from './cross';
import { matchesAny } from './glob';
import type { Reason } from './scheduler';
import { uriToPath } from './uri';

/** The current check result of an open report, with what it was computed with. */
export interface Current {
  doc: TextDocument;
  result: CheckResult;
  settings: EditorSettings;
  options: CheckOptions;
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

/** Engine options for a file: editor settings, its `.suanpan.yaml` and the layout profiles that names. */
export function optionsForPath(ctx: ServerContext, path: string | undefined, settings: EditorSettings): CheckOptions {
  const project = path ? ctx.projects.forFile(path) : undefined;
  const opts = checkOptions(settings, project, ctx.settings.langOf(settings), path, workspaceProfiles(ctx, project));
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

export function treatAsReport(ctx: ServerContext, uri: string, result: CheckResult, settings: EditorSettings): boolean {
  // a file too large to check is said so (input-limit), not shown as nothing
  if (result.isReport || result.findings.some((f) => f.rule === 'input-limit')) return true;
  const path = uriToPath(uri);
  return !!path && matchesAny(settings.files, path, ctx.roots);
}

/** The engine's check, or undefined (logged) if it throws. */
export function runEngine(ctx: ServerContext, text: string, options: CheckOptions, what: string) {
  try {
    return ctx.engine.check(text, options);
  } catch (e) {
    ctx.logError(`engine failed on ${what}`, e);
    return undefined;
  }
}

/** The check result for a document as it is now: cached by version, options and linked files. */
export function resultFor(ctx: ServerContext, doc: TextDocument, options: CheckOptions): CheckResult | undefined {
  return ctx.results.get(doc, options, (text) => runEngine(ctx, text, options, doc.uri));
}

/**
 * The current result of an open document (hover, actions, …), or undefined when disabled. While
 * a check of it is scheduled or running, this waits for that check (whose result is cached)
 * rather than run a second, synchronous one on every request during fast typing.
 */
export async function currentResult(ctx: ServerContext, uri: string): Promise<Current | undefined> {
  if (!ctx.documents.get(uri) || isProjectFile(uri)) return undefined;
  const settings = await ctx.settings.get(uri);
  if (!settings.enable) return undefined;
  for (let i = 0; i < 5 && ctx.scheduler.busy(uri); i++) await ctx.scheduler.settled(uri);
  const doc = ctx.documents.get(uri);
  if (!doc) return undefined;
  const options = optionsFor(ctx, uri, settings);
  const result = resultFor(ctx, doc, options);
  return result && { doc, result, settings, options };
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

/** The scheduled check of an open document. */
export async function checkDocument(ctx: ServerContext, uri: string, reason: Reason, gen: number): Promise<void> {
  const doc = ctx.documents.get(uri);
  if (!doc) return;
  const version = doc.version;
  const settings = await ctx.settings.get(uri);
  // cancelled: a newer change arrived, or the document was closed, while we waited
  const now = ctx.documents.get(uri);
  if (!now || now.version !== version || !ctx.scheduler.isCurrent(uri, gen)) return;
  if (isProjectFile(uri)) {
    ctx.publisher.publishCheck(uri, new Map([[uri, projectDiagnostics(ctx, uri, now.getText(), settings)]]), version);
    return;
  }
  if (!settings.enable) {
    clearCheck(ctx, uri);
    ctx.publisher.sendStatus(uri, version, undefined);
    return;
  }
  if (settings.run === 'onSave' && reason === 'change') return;
  const options = optionsFor(ctx, uri, settings);
  const checked = resultFor(ctx, now, options);
  ctx.dependents.note(uri, checked);
  const result = checked && withCross(ctx, uri, checked, options);
  if (!result || !treatAsReport(ctx, uri, result, settings)) {
    ctx.publisher.publishCheck(uri, new Map([[uri, []]]), version);
    ctx.publisher.sendStatus(uri, version, undefined);
    return;
  }
  const byUri = toDiagnostics(result, { uri, version, text: now.getText(), uriOf: (p) => pathToUri(ctx, p) });
  addProfileProblems(ctx, byUri, uriToPath(uri), settings);
  ctx.publisher.publishCheck(uri, byUri, version);
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
