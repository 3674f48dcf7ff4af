/**
 * The Suanpan language server: wiring between an LSP connection and the engine. It holds the
 * open documents, their settings and their latest check results; every answer it gives is
 * computed by the engine and reshaped by ./convert.
 *
 * A report can link a second file (front matter 数据: tables.yaml). The narrative's check then
 * reads that file (the open editor's text if it is open, else the disk), and its findings in
 * the tables file are published on the tables file's URI, together with the tables file's own
 * findings if it is open or was checked too. Editing the tables file re-checks the narratives
 * that link it.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
  type CancellationToken,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type Position,
  type TextEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { check, type CheckOptions, type CheckResult, type Lang } from '../engine';
import { fixAllToFixpoint } from '../engine/features/fix-all';
import { codeActions, configDiagnostics, FIX_ALL_KIND, toDiagnostics, toFolding, toHover, toSymbols } from './convert';
import { matchesAny } from './glob';
import { exposeGc, IdleGc } from './idle-gc';
import { Scheduler, type Reason } from './scheduler';
import {
  checkOptions,
  DEFAULT_SETTINGS,
  normalizeSettings,
  parseProjectConfig,
  PROJECT_FILE,
  ProjectConfigs,
  resolveLang,
  type EditorSettings,
} from './settings';
import { findReportFiles, MAX_FILE_BYTES } from './workspace';

import { CHECK_WORKSPACE_COMMAND, STATUS_NOTIFICATION, type StatusParams, type WorkspaceSummary } from './protocol';

export { CHECK_WORKSPACE_COMMAND, STATUS_NOTIFICATION };
export type { StatusParams, WorkspaceSummary };

interface Cached {
  version: number;
  key: string;
  /** Versions / modification times of the linked files the result read. */
  stamp: string;
  result: CheckResult;
}

/** Check results kept for hover, actions and outline; others are recomputed when asked for. */
export const MAX_CACHED_RESULTS = 8;

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const projects = new ProjectConfigs();
  const results = new Map<string, Cached>();
  const settingsCache = new Map<string, Promise<EditorSettings>>();
  /** Diagnostics by the URI they are shown on, then by the URI of the check that found them. */
  const published = new Map<string, Map<string, Diagnostic[]>>();
  /** Linked file path → URIs of the checked documents that read it. */
  const dependents = new Map<string, Set<string>>();
  /** Files checked from disk by the workspace check (path → URI), not open in the editor. */
  const fromDisk = new Map<string, string>();
  let globalSettings: EditorSettings = DEFAULT_SETTINGS;
  let clientLocale: string | undefined;
  let canPullConfig = false;
  let canWatchFiles = false;
  let canDocumentChanges = false;
  let canProgress = false;
  let roots: string[] = [];
  let workspaceMode = false;

  const log = (msg: string) => connection.console.log(`[suanpan] ${msg}`);
  const logError = (what: string, e: unknown) =>
    connection.console.error(`[suanpan] ${what}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);

  const idleGc = new IdleGc(process.env.SUANPAN_NO_IDLE_GC ? undefined : exposeGc());
  const scheduler = new Scheduler((uri, reason, gen) => {
    runCheck(uri, reason, gen)
      .catch((e) => logError(`check ${uri}`, e))
      .finally(() => idleGc.poke());
  });

  // -------------------------------------------------------------------------------------
  // files

  const pathToUri = (path: string) => fromDisk.get(path) ?? openDocByPath(path)?.uri ?? pathToFileURL(path).href;

  function openDocByPath(path: string): TextDocument | undefined {
    return documents.all().find((d) => uriToPath(d.uri) === path);
  }

  /** A file's text for the engine: the editor's if it is open, else the disk's. */
  function readFile(path: string): string | undefined {
    const open = openDocByPath(path);
    if (open) return open.getText();
    try {
      if (statSync(path).size > MAX_FILE_BYTES) return undefined;
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  }

  function stampOf(paths: Array<string | undefined>): string {
    return paths
      .map((p) => {
        if (!p) return '';
        const open = openDocByPath(p);
        if (open) return `o${open.version}`;
        try {
          const st = statSync(p);
          return `d${st.mtimeMs}:${st.size}`;
        } catch {
          return 'x';
        }
      })
      .join('|');
  }

  // -------------------------------------------------------------------------------------
  // settings

  function getSettings(uri: string): Promise<EditorSettings> {
    if (!canPullConfig) return Promise.resolve(globalSettings);
    let p = settingsCache.get(uri);
    if (!p) {
      p = connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'suanpan' })
        .then((raw) => normalizeSettings({ ...globalSettings, ...(raw ?? {}) }))
        .catch(() => globalSettings);
      settingsCache.set(uri, p);
    }
    return p;
  }

  function optionsFor(uri: string, settings: EditorSettings): CheckOptions {
    // an untitled document has no path: its format is sniffed and it links no file
    return optionsForPath(uriToPath(uri), settings);
  }

  /** Engine options for a file: editor settings, its `.suanpan.yaml` and the layout profiles that names. */
  function optionsForPath(path: string | undefined, settings: EditorSettings): CheckOptions {
    const project = path ? projects.forFile(path) : undefined;
    return { ...checkOptions(settings, project, langOf(settings), path, projects.profilesOf(project)), readFile };
  }

  /**
   * A layout profile file that the report's `.suanpan.yaml` names but that cannot be used is
   * shown on the `.suanpan.yaml` (from the disk's text; an open one is validated by itself).
   */
  function addProfileProblems(
    byUri: Map<string, Diagnostic[]>,
    path: string | undefined,
    settings: EditorSettings,
  ): void {
    const project = path ? projects.forFile(path) : undefined;
    if (!project || openDocByPath(project.path)) return;
    const problems = projects.profilesOf(project).problems;
    if (problems.length) byUri.set(pathToFileURL(project.path).href, configDiagnostics(problems, langOf(settings)));
  }

  /** The problems of a `.suanpan.yaml` (its own text, then the profile files it names). */
  function projectDiagnostics(uri: string, text: string, settings: EditorSettings): Diagnostic[] {
    const cfg = parseProjectConfig(text, uriToPath(uri));
    return configDiagnostics([...cfg.problems, ...projects.profilesOf(cfg).problems], langOf(settings));
  }

  function langOf(settings: EditorSettings): Lang {
    return resolveLang(settings.language, clientLocale);
  }

  function isProjectFile(uri: string): boolean {
    return basename(uriToPath(uri) ?? uri) === PROJECT_FILE;
  }

  function treatAsReport(uri: string, result: CheckResult, settings: EditorSettings): boolean {
    if (result.isReport) return true;
    const path = uriToPath(uri);
    return !!path && matchesAny(settings.files, path, roots);
  }

  // -------------------------------------------------------------------------------------
  // checking and publishing

  function runEngine(text: string, options: CheckOptions, what: string): CheckResult | undefined {
    try {
      return check(text, options);
    } catch (e) {
      logError(`engine failed on ${what}`, e);
      return undefined;
    }
  }

  /** The check result for a document as it is now: cached by version, options and linked files. */
  function resultFor(doc: TextDocument, options: CheckOptions): CheckResult | undefined {
    // the profiles are the same array while their files are unchanged: key them by identity
    const key = JSON.stringify({
      ...options,
      readFile: undefined,
      profiles: options.profiles ? profileKey(options.profiles) : undefined,
    });
    const hit = results.get(doc.uri);
    if (
      hit &&
      hit.version === doc.version &&
      hit.key === key &&
      hit.stamp === stampOf(hit.result.linked.map((d) => d.path))
    ) {
      // most recently used last
      results.delete(doc.uri);
      results.set(doc.uri, hit);
      return hit.result;
    }
    const result = runEngine(doc.getText(), options, doc.uri);
    if (!result) return undefined;
    results.delete(doc.uri);
    results.set(doc.uri, { version: doc.version, key, stamp: stampOf(result.linked.map((d) => d.path)), result });
    // a result holds the whole parsed report (about 1 MB for the seed): keep the few in use
    while (results.size > MAX_CACHED_RESULTS) results.delete(results.keys().next().value!);
    return result;
  }

  const profileIds = new WeakMap<unknown[], number>();
  let nextProfileId = 0;
  function profileKey(p: unknown[]): number {
    let id = profileIds.get(p);
    if (id === undefined) profileIds.set(p, (id = ++nextProfileId));
    return id;
  }

  /** The current result of an open document (hover, actions, …), or undefined when disabled. */
  async function currentResult(
    uri: string,
  ): Promise<{ doc: TextDocument; result: CheckResult; settings: EditorSettings; options: CheckOptions } | undefined> {
    if (!documents.get(uri) || isProjectFile(uri)) return undefined;
    const settings = await getSettings(uri);
    if (!settings.enable) return undefined;
    const doc = documents.get(uri);
    if (!doc) return undefined;
    const options = optionsFor(uri, settings);
    const result = resultFor(doc, options);
    return result && { doc, result, settings, options };
  }

  /** Sets what the check of `origin` found, on every file it found something in. */
  function publishCheck(origin: string, byUri: Map<string, Diagnostic[]>, version?: number): void {
    const touched = new Set<string>(byUri.keys());
    for (const [uri, m] of published) if (m.has(origin)) touched.add(uri);
    for (const uri of touched) {
      let m = published.get(uri);
      if (!m) published.set(uri, (m = new Map()));
      const ds = byUri.get(uri);
      if (ds) m.set(origin, ds);
      else m.delete(origin);
      if (!m.size && uri !== origin) published.delete(uri);
      flush(uri, uri === origin ? version : undefined);
    }
  }

  function flush(uri: string, version?: number): void {
    const m = published.get(uri);
    const seen = new Set<string>();
    const diagnostics: Diagnostic[] = [];
    // the file's own check first, then what the narratives linking it found
    const entries = m ? [...m].sort(([a], [b]) => (a === uri ? -1 : b === uri ? 1 : 0)) : [];
    for (const [, ds] of entries) {
      for (const d of ds) {
        const k = `${d.code}|${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}|${d.message}`;
        if (seen.has(k)) continue;
        seen.add(k);
        diagnostics.push(d);
      }
    }
    if (m && !m.size) published.delete(uri);
    connection.sendDiagnostics(version === undefined ? { uri, diagnostics } : { uri, version, diagnostics });
  }

  function clearCheck(origin: string): void {
    publishCheck(origin, new Map());
    for (const set of dependents.values()) set.delete(origin);
  }

  function noteDependencies(origin: string, result: CheckResult | undefined): void {
    for (const set of dependents.values()) set.delete(origin);
    for (const d of result?.linked ?? []) {
      if (!d.path) continue;
      let set = dependents.get(d.path);
      if (!set) dependents.set(d.path, (set = new Set()));
      set.add(origin);
    }
  }

  /** Open documents whose check read the file at `path`. */
  function dependentsOf(path: string | undefined): string[] {
    return path ? [...(dependents.get(path) ?? [])].filter((u) => documents.get(u)) : [];
  }

  async function runCheck(uri: string, reason: Reason, gen: number): Promise<void> {
    const doc = documents.get(uri);
    if (!doc) return;
    const version = doc.version;
    const settings = await getSettings(uri);
    // cancelled: a newer change arrived, or the document was closed, while we waited
    const now = documents.get(uri);
    if (!now || now.version !== version || !scheduler.isCurrent(uri, gen)) return;
    if (isProjectFile(uri)) {
      publishCheck(uri, new Map([[uri, projectDiagnostics(uri, now.getText(), settings)]]), version);
      return;
    }
    if (!settings.enable) {
      clearCheck(uri);
      sendStatus(uri, version, undefined);
      return;
    }
    if (settings.run === 'onSave' && reason === 'change') return;
    const result = resultFor(now, optionsFor(uri, settings));
    noteDependencies(uri, result);
    if (!result || !treatAsReport(uri, result, settings)) {
      publishCheck(uri, new Map([[uri, []]]), version);
      sendStatus(uri, version, undefined);
      return;
    }
    const byUri = toDiagnostics(result, { uri, version, text: now.getText(), uriOf: pathToUri });
    addProfileProblems(byUri, uriToPath(uri), settings);
    publishCheck(uri, byUri, version);
    sendStatus(uri, version, result);
  }

  function sendStatus(uri: string, version: number, result: CheckResult | undefined): void {
    const own = result ? result.findings.filter((f) => !f.path) : [];
    const count = (s: string) => own.filter((f) => f.severity === s).length;
    const params: StatusParams = {
      uri,
      version,
      isReport: !!result,
      errors: count('error'),
      warnings: count('warning'),
      infos: count('info'),
    };
    connection.sendNotification(STATUS_NOTIFICATION, params);
  }

  function recheckOpen(): void {
    settingsCache.clear();
    for (const d of documents.all()) scheduler.schedule(d.uri, 'config');
  }

  // -------------------------------------------------------------------------------------
  // workspace check

  function checkFileFromDisk(path: string, settings: EditorSettings): { report: boolean; result?: CheckResult } {
    const uri = pathToUri(path);
    const text = readFile(path);
    if (text === undefined) {
      if (fromDisk.delete(path)) clearCheck(uri);
      return { report: false };
    }
    const result = runEngine(text, optionsForPath(path, settings), path);
    const report = !!result && settings.enable && treatAsReport(uri, result, settings);
    if (report && result) {
      fromDisk.set(path, uri);
      noteDependencies(uri, result);
      publishCheck(uri, toDiagnostics(result, { uri, version: 0, text, uriOf: pathToUri }));
    } else if (fromDisk.delete(path)) {
      clearCheck(uri);
    }
    return { report, result };
  }

  async function checkWorkspace(token?: CancellationToken): Promise<WorkspaceSummary> {
    workspaceMode = true;
    const summary: WorkspaceSummary = { files: 0, reports: 0, errors: 0, warnings: 0, infos: 0, cancelled: false };
    const progress = canProgress ? await connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
    const rootSettings = new Map<string, EditorSettings>();
    for (const r of roots) rootSettings.set(r, await getSettings(pathToFileURL(r).href));
    const globs = [...new Set([...rootSettings.values()].flatMap((s) => s.files))];
    const files = findReportFiles(roots, globs);
    progress?.begin('Suanpan', 0, `0/${files.length}`, true);
    try {
      for (let i = 0; i < files.length; i++) {
        if (token?.isCancellationRequested || progress?.token.isCancellationRequested) {
          summary.cancelled = true;
          break;
        }
        const path = files[i];
        const root = roots.find((r) => path.startsWith(r)) ?? roots[0];
        const settings = rootSettings.get(root) ?? globalSettings;
        summary.files++;
        const open = openDocByPath(path);
        let result: CheckResult | undefined;
        let report = false;
        if (open) {
          const cur = await currentResult(open.uri);
          if (cur) {
            result = cur.result;
            report = treatAsReport(open.uri, cur.result, cur.settings);
          }
        } else {
          ({ report, result } = checkFileFromDisk(path, settings));
        }
        if (report && result) {
          summary.reports++;
          for (const f of result.findings) {
            if (f.severity === 'error') summary.errors++;
            else if (f.severity === 'warning') summary.warnings++;
            else summary.infos++;
          }
        }
        if (i % 10 === 9) progress?.report(Math.round(((i + 1) / files.length) * 100), `${i + 1}/${files.length}`);
        // stay responsive: let queued requests in between files
        await new Promise((r) => setImmediate(r));
      }
    } finally {
      progress?.done();
    }
    log(
      `workspace: ${summary.reports} reports in ${summary.files} files, ${summary.errors} errors, ${summary.warnings} warnings`,
    );
    return summary;
  }

  function recheckFromDisk(path: string): void {
    const root = roots.find((r) => path.startsWith(r));
    getSettings(pathToFileURL(root ?? path).href)
      .then((s) => checkFileFromDisk(path, s))
      .catch((e) => logError('recheck', e));
  }

  // -------------------------------------------------------------------------------------
  // protocol

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    clientLocale = params.locale;
    canPullConfig = !!caps.workspace?.configuration;
    canWatchFiles = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    canDocumentChanges = !!caps.workspace?.workspaceEdit?.documentChanges;
    canProgress = !!caps.window?.workDoneProgress;
    const init = (params.initializationOptions ?? {}) as Record<string, unknown>;
    globalSettings = normalizeSettings({ ...((init.settings as object) ?? {}) });
    if (typeof init.debounceMs === 'number' && init.debounceMs >= 0) scheduler.debounceMs = init.debounceMs;
    if (params.workspaceFolders?.length)
      roots = params.workspaceFolders.map((f) => uriToPath(f.uri)).filter((p): p is string => !!p);
    else if (params.rootUri) roots = [uriToPath(params.rootUri)].filter((p): p is string => !!p);
    else if (params.rootPath) roots = [params.rootPath];
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        documentSymbolProvider: { label: 'Suanpan' },
        foldingRangeProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        executeCommandProvider: { commands: [CHECK_WORKSPACE_COMMAND] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'suanpan', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (canPullConfig)
      connection.client
        .register(DidChangeConfigurationNotification.type, { section: 'suanpan' })
        .catch(() => undefined);
    if (canWatchFiles) {
      connection.client
        .register(DidChangeWatchedFilesNotification.type, {
          watchers: [{ globPattern: `**/${PROJECT_FILE}` }, { globPattern: '**/*.{md,markdown,txt,yaml,yml}' }],
        })
        .catch(() => undefined);
    }
    if (roots.length) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const add = e.added.map((f) => uriToPath(f.uri)).filter((p): p is string => !!p);
        const gone = new Set(e.removed.map((f) => uriToPath(f.uri)));
        roots = [...roots.filter((r) => !gone.has(r)), ...add];
      });
    }
  });

  connection.onDidChangeConfiguration((change) => {
    const s = (change.settings as { suanpan?: unknown } | null)?.suanpan;
    if (!canPullConfig && s) globalSettings = normalizeSettings(s);
    recheckOpen();
    if (workspaceMode) checkWorkspace().catch((e) => logError('workspace check', e));
  });

  connection.onDidChangeWatchedFiles((change) => {
    let configChanged = false;
    for (const c of change.changes) {
      const path = uriToPath(c.uri);
      if (!path) continue;
      // the project file, or a layout profile file it names: every open report may change
      if (basename(path) === PROJECT_FILE || projects.isProfileFile(path)) {
        configChanged = true;
        continue;
      }
      if (openDocByPath(path)) continue; // the editor's text is what counts
      for (const u of dependentsOf(path)) scheduler.schedule(u, 'config');
      for (const [p, u] of fromDisk) if ((dependents.get(path) ?? new Set()).has(u)) recheckFromDisk(p);
      if (workspaceMode) {
        if (c.type === FileChangeType.Deleted) {
          const uri = fromDisk.get(path);
          if (uri) {
            fromDisk.delete(path);
            clearCheck(uri);
          }
        } else if (roots.some((r) => path.startsWith(r))) recheckFromDisk(path);
      }
    }
    if (configChanged) {
      projects.invalidate();
      recheckOpen();
      if (workspaceMode) checkWorkspace().catch((e) => logError('workspace check', e));
    }
  });

  documents.onDidOpen((e) => scheduler.schedule(e.document.uri, 'open'));
  documents.onDidChangeContent((e) => {
    // the open event fires this too; the scheduler coalesces it with the open
    scheduler.schedule(e.document.uri, 'change');
    for (const u of dependentsOf(uriToPath(e.document.uri))) if (u !== e.document.uri) scheduler.schedule(u, 'change');
  });
  documents.onDidSave((e) => {
    const path = uriToPath(e.document.uri);
    if (isProjectFile(e.document.uri) || (path && projects.isProfileFile(path))) {
      projects.invalidate();
      recheckOpen();
    } else scheduler.schedule(e.document.uri, 'save');
  });
  documents.onDidClose((e) => {
    const uri = e.document.uri;
    const path = uriToPath(uri);
    scheduler.cancel(uri);
    results.delete(uri);
    settingsCache.delete(uri);
    clearCheck(uri);
    connection.sendNotification(STATUS_NOTIFICATION, {
      uri,
      version: e.document.version,
      isReport: false,
      errors: 0,
      warnings: 0,
      infos: 0,
    } satisfies StatusParams);
    // narratives that read this file now read the disk's text
    for (const u of dependentsOf(path)) scheduler.schedule(u, 'config');
    // back to what is on disk, as for the other unopened reports
    if (workspaceMode && path && !isProjectFile(uri) && roots.some((r) => path.startsWith(r))) recheckFromDisk(path);
  });

  /** A request answered from the current check result of a report; null otherwise or on error. */
  const fromResult =
    <R>(
      what: string,
      answer: (cur: NonNullable<Awaited<ReturnType<typeof currentResult>>>, position?: Position) => R,
    ) =>
    async (p: { textDocument: { uri: string }; position?: Position }): Promise<R | null> => {
      const cur = await currentResult(p.textDocument.uri);
      if (!cur || !treatAsReport(cur.doc.uri, cur.result, cur.settings)) return null;
      try {
        return answer(cur, p.position);
      } catch (e) {
        logError(what, e);
        return null;
      }
    };

  connection.onHover(
    fromResult('hover', (cur, position) => toHover(cur.result, cur.doc.offsetAt(position!), langOf(cur.settings))),
  );
  connection.onDocumentSymbol(fromResult('symbols', (cur) => toSymbols(cur.result)));
  connection.onFoldingRanges(fromResult('folding', (cur) => toFolding(cur.result)));

  connection.onCodeAction(async (p) => {
    const uri = p.textDocument.uri;
    if (isProjectFile(uri)) return null;
    const settings = await getSettings(uri);
    if (!settings.enable) return null;
    const cur = await currentResult(uri);
    try {
      return codeActions({
        uri,
        diagnostics: Array.isArray(p.context?.diagnostics) ? p.context.diagnostics : [],
        only: p.context?.only,
        lang: langOf(settings),
        documentChanges: canDocumentChanges,
        textOf: (u) => documents.get(u)?.getText() ?? (uriToPath(u) ? readFile(uriToPath(u)!) : undefined),
        versionOf: (u) => documents.get(u)?.version ?? null,
        resultOf: (u) => {
          if (u === uri) return cur?.result;
          const open = documents.get(u);
          if (open) return resultFor(open, optionsFor(u, settings));
          const path = uriToPath(u);
          const text = path && readFile(path);
          return text ? runEngine(text, optionsForPath(path, settings), u) : undefined;
        },
        fixAll: (): TextEdit[] =>
          cur
            ? fixAllToFixpoint(cur.doc.getText(), cur.options, cur.result).edits.map((e) => ({
                range: e.range,
                newText: e.newText,
              }))
            : [],
      });
    } catch (e) {
      logError('code actions', e);
      return null;
    }
  });

  connection.onExecuteCommand(async (p, token) => {
    if (p.command === CHECK_WORKSPACE_COMMAND) return checkWorkspace(token);
    return null;
  });

  connection.onShutdown(() => {
    scheduler.dispose();
    idleGc.dispose();
  });

  documents.listen(connection);
  connection.listen();
}
