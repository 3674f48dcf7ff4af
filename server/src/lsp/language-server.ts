/**
 * The Suanpan language server: wiring between an LSP connection and the engine. It holds the
 * open documents, their settings and their latest check results; every answer it gives is
 * computed by the engine and reshaped by ./convert.
 */
import { readFileSync } from 'node:fs';
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
  type InitializeParams,
  type InitializeResult,
  type TextEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { check, type CheckOptions, type CheckResult, type Lang } from '../engine';
import { fixAllToFixpoint } from '../engine/fix-all';
import { codeActions, configDiagnostics, FIX_ALL_KIND, toDiagnostics, toFolding, toHover, toSymbols } from './convert';
import { matchesAny } from './glob';
import { Scheduler, type Reason } from './scheduler';
import { checkOptions, DEFAULT_SETTINGS, normalizeSettings, parseProjectConfig, PROJECT_FILE, ProjectConfigs, resolveLang, type EditorSettings } from './settings';
import { findReportFiles } from './workspace';

export const CHECK_WORKSPACE_COMMAND = 'suanpan.server.checkWorkspace';
/** Sent after each check of an open document, for the client's status bar. */
export const STATUS_NOTIFICATION = 'suanpan/status';

export interface StatusParams {
  uri: string;
  version: number;
  isReport: boolean;
  errors: number;
  warnings: number;
  infos: number;
}

export interface WorkspaceSummary {
  files: number;
  reports: number;
  errors: number;
  warnings: number;
  infos: number;
  cancelled: boolean;
}

interface Cached {
  version: number;
  key: string;
  result: CheckResult;
  options: CheckOptions;
}

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
  /** Unopened files whose diagnostics came from the workspace check, by path → uri sent. */
  const fromDisk = new Map<string, string>();
  let globalSettings: EditorSettings = DEFAULT_SETTINGS;
  let clientLocale: string | undefined;
  let canPullConfig = false;
  let canWatchConfig = false;
  let canDocumentChanges = false;
  let canProgress = false;
  let roots: string[] = [];
  let workspaceMode = false;

  const log = (msg: string) => connection.console.log(`[suanpan] ${msg}`);
  const logError = (what: string, e: unknown) =>
    connection.console.error(`[suanpan] ${what}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);

  const scheduler = new Scheduler((uri, reason, gen) => {
    runCheck(uri, reason, gen).catch((e) => logError(`check ${uri}`, e));
  });

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
    const path = uriToPath(uri);
    const project = path ? projects.forFile(path) : undefined;
    return checkOptions(settings, project, langOf(settings), path ?? uri);
  }

  function langOf(settings: EditorSettings): Lang {
    return resolveLang(settings.language, clientLocale);
  }

  function isProjectFile(uri: string): boolean {
    const p = uriToPath(uri) ?? uri;
    return basename(p) === PROJECT_FILE;
  }

  function treatAsReport(uri: string, result: CheckResult, settings: EditorSettings): boolean {
    if (result.isReport) return true;
    const path = uriToPath(uri);
    return !!path && matchesAny(settings.files, path, roots);
  }

  // -------------------------------------------------------------------------------------
  // checking

  /** The check result for a document as it is now: cached by version and options. */
  function resultFor(doc: TextDocument, options: CheckOptions): CheckResult | undefined {
    const key = JSON.stringify(options);
    const hit = results.get(doc.uri);
    if (hit && hit.version === doc.version && hit.key === key) return hit.result;
    let result: CheckResult;
    try {
      result = check(doc.getText(), options);
    } catch (e) {
      logError(`engine failed on ${doc.uri}`, e);
      return undefined;
    }
    results.set(doc.uri, { version: doc.version, key, result, options });
    return result;
  }

  /** The current result for a request (hover, actions, …), or undefined when disabled. */
  async function currentResult(uri: string): Promise<{ doc: TextDocument; result: CheckResult; settings: EditorSettings; options: CheckOptions } | undefined> {
    const doc = documents.get(uri);
    if (!doc || isProjectFile(uri)) return undefined;
    const settings = await getSettings(uri);
    if (!settings.enable) return undefined;
    const now = documents.get(uri);
    if (!now) return undefined;
    const options = optionsFor(uri, settings);
    const result = resultFor(now, options);
    return result && { doc: now, result, settings, options };
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
      const cfg = parseProjectConfig(now.getText(), uriToPath(uri));
      connection.sendDiagnostics({ uri, version, diagnostics: configDiagnostics(cfg.problems, langOf(settings)) });
      return;
    }
    if (!settings.enable) {
      connection.sendDiagnostics({ uri, diagnostics: [] });
      sendStatus(uri, version, undefined);
      return;
    }
    if (settings.run === 'onSave' && reason === 'change') return;
    const result = resultFor(now, optionsFor(uri, settings));
    if (!result) {
      connection.sendDiagnostics({ uri, version, diagnostics: [] });
      return;
    }
    const report = treatAsReport(uri, result, settings);
    const diagnostics = report ? toDiagnostics(result, uri, version, now.getText()) : [];
    connection.sendDiagnostics({ uri, version, diagnostics });
    sendStatus(uri, version, report ? result : undefined);
  }

  function sendStatus(uri: string, version: number, result: CheckResult | undefined): void {
    const count = (s: string) => (result ? result.findings.filter((f) => f.severity === s).length : 0);
    const params: StatusParams = { uri, version, isReport: !!result, errors: count('error'), warnings: count('warning'), infos: count('info') };
    connection.sendNotification(STATUS_NOTIFICATION, params);
  }

  function recheckOpen(): void {
    settingsCache.clear();
    for (const d of documents.all()) scheduler.schedule(d.uri, 'config');
  }

  // -------------------------------------------------------------------------------------
  // workspace check

  async function checkFileFromDisk(path: string, settings: EditorSettings): Promise<{ report: boolean; result?: CheckResult }> {
    const uri = fromDisk.get(path) ?? pathToFileURL(path).href;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      if (fromDisk.delete(path)) connection.sendDiagnostics({ uri, diagnostics: [] });
      return { report: false };
    }
    let result: CheckResult;
    try {
      result = check(text, checkOptions(settings, projects.forFile(path), langOf(settings), path));
    } catch (e) {
      logError(`engine failed on ${path}`, e);
      return { report: false };
    }
    const report = treatAsReport(uri, result, settings) && settings.enable;
    if (report) {
      fromDisk.set(path, uri);
      connection.sendDiagnostics({ uri, diagnostics: toDiagnostics(result, uri, 0, text) });
    } else if (fromDisk.delete(path)) {
      connection.sendDiagnostics({ uri, diagnostics: [] });
    }
    return { report, result };
  }

  function openDocByPath(path: string): TextDocument | undefined {
    return documents.all().find((d) => uriToPath(d.uri) === path);
  }

  async function checkWorkspace(token?: CancellationToken): Promise<WorkspaceSummary> {
    workspaceMode = true;
    const summary: WorkspaceSummary = { files: 0, reports: 0, errors: 0, warnings: 0, infos: 0, cancelled: false };
    const progress = canProgress ? await connection.window.createWorkDoneProgress() : undefined;
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
          ({ report, result } = await checkFileFromDisk(path, settings));
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
    log(`workspace: ${summary.reports} reports in ${summary.files} files, ${summary.errors} errors, ${summary.warnings} warnings`);
    return summary;
  }

  // -------------------------------------------------------------------------------------
  // protocol

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    clientLocale = params.locale;
    canPullConfig = !!caps.workspace?.configuration;
    canWatchConfig = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    canDocumentChanges = !!caps.workspace?.workspaceEdit?.documentChanges;
    canProgress = !!caps.window?.workDoneProgress;
    const init = (params.initializationOptions ?? {}) as Record<string, unknown>;
    globalSettings = normalizeSettings({ ...((init.settings as object) ?? {}) });
    if (typeof init.debounceMs === 'number' && init.debounceMs >= 0) scheduler.debounceMs = init.debounceMs;
    if (params.workspaceFolders?.length) roots = params.workspaceFolders.map((f) => uriToPath(f.uri)).filter((p): p is string => !!p);
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
    if (canPullConfig) connection.client.register(DidChangeConfigurationNotification.type, { section: 'suanpan' }).catch(() => undefined);
    if (canWatchConfig) {
      connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: `**/${PROJECT_FILE}` }, { globPattern: '**/*.{md,markdown,txt}' }] })
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
      if (basename(path) === PROJECT_FILE) configChanged = true;
      else if (workspaceMode && !openDocByPath(path)) {
        if (c.type === FileChangeType.Deleted) {
          const uri = fromDisk.get(path);
          if (uri) {
            fromDisk.delete(path);
            connection.sendDiagnostics({ uri, diagnostics: [] });
          }
        } else {
          const root = roots.find((r) => path.startsWith(r));
          if (root) getSettings(pathToFileURL(root).href).then((s) => checkFileFromDisk(path, s)).catch((e) => logError('recheck', e));
        }
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
  });
  documents.onDidSave((e) => {
    if (isProjectFile(e.document.uri)) {
      projects.invalidate();
      recheckOpen();
    } else scheduler.schedule(e.document.uri, 'save');
  });
  documents.onDidClose((e) => {
    const uri = e.document.uri;
    scheduler.cancel(uri);
    results.delete(uri);
    settingsCache.delete(uri);
    const path = uriToPath(uri);
    if (workspaceMode && path && !isProjectFile(uri)) {
      // back to what is on disk, as for the other unopened reports
      fromDisk.set(path, uri);
      getSettings(uri)
        .then((s) => checkFileFromDisk(path, s))
        .catch((err) => logError('recheck', err));
    } else connection.sendDiagnostics({ uri, diagnostics: [] });
    connection.sendNotification(STATUS_NOTIFICATION, { uri, version: e.document.version, isReport: false, errors: 0, warnings: 0, infos: 0 } satisfies StatusParams);
  });

  connection.onHover(async (p) => {
    const cur = await currentResult(p.textDocument.uri);
    if (!cur || !treatAsReport(cur.doc.uri, cur.result, cur.settings)) return null;
    try {
      return toHover(cur.result, cur.doc.offsetAt(p.position), langOf(cur.settings));
    } catch (e) {
      logError('hover', e);
      return null;
    }
  });

  connection.onDocumentSymbol(async (p) => {
    const cur = await currentResult(p.textDocument.uri);
    if (!cur || !treatAsReport(cur.doc.uri, cur.result, cur.settings)) return null;
    try {
      return toSymbols(cur.result);
    } catch (e) {
      logError('symbols', e);
      return null;
    }
  });

  connection.onFoldingRanges(async (p) => {
    const cur = await currentResult(p.textDocument.uri);
    if (!cur || !treatAsReport(cur.doc.uri, cur.result, cur.settings)) return null;
    try {
      return toFolding(cur.result);
    } catch (e) {
      logError('folding', e);
      return null;
    }
  });

  connection.onCodeAction(async (p) => {
    const cur = await currentResult(p.textDocument.uri);
    if (!cur || !treatAsReport(cur.doc.uri, cur.result, cur.settings)) return null;
    try {
      const { doc, result, options } = cur;
      return codeActions({
        doc,
        result,
        diagnostics: p.context.diagnostics,
        only: p.context.only,
        lang: langOf(cur.settings),
        documentChanges: canDocumentChanges,
        fixAll: (): TextEdit[] => fixAllToFixpoint(doc.getText(), options, result).edits.map((e) => ({ range: e.range, newText: e.newText })),
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

  connection.onShutdown(() => scheduler.dispose());

  documents.listen(connection);
  connection.listen();
}
