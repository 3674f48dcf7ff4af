/** initialize / initialized: the client's capabilities, the settings it passes, the server's capabilities. */
import { ruleDocLinks } from '../../host/rule-docs';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { normalizeSettings, PROJECT_FILE } from '../../config';
import { SEMANTIC_TOKEN_TYPES } from '../../engine';
import type { ServerContext } from '../context';
import { FIX_ALL_KIND } from '../convert';
import { recheckOpen } from '../checks';
import { refreshReportFiles } from '../disk-cross';
import { IMPORT_COMMAND } from '../import-protocol';
import { CHECK_WORKSPACE_COMMAND, TRUST_NOTIFICATION } from '../protocol';
import { uriToPath } from '../uri';

const CAPABILITIES: InitializeResult['capabilities'] = {
  textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
  hoverProvider: true,
  documentSymbolProvider: { label: 'Suanpan' },
  foldingRangeProvider: true,
  // the figures coloured in reports only (handlers/semantic-tokens.ts)
  semanticTokensProvider: { legend: { tokenTypes: [...SEMANTIC_TOKEN_TYPES], tokenModifiers: [] }, full: true },
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
  executeCommandProvider: { commands: [CHECK_WORKSPACE_COMMAND, IMPORT_COMMAND] },
  workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
};

const paths = (uris: Array<string | undefined>) => uris.map((u) => u && uriToPath(u)).filter((p): p is string => !!p);

export function registerInitialize(ctx: ServerContext): void {
  ctx.connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    ctx.settings.clientLocale = params.locale;
    ctx.settings.canPull = !!caps.workspace?.configuration;
    ctx.caps.watchFiles = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    ctx.caps.documentChanges = !!caps.workspace?.workspaceEdit?.documentChanges;
    ctx.caps.progress = !!caps.window?.workDoneProgress;
    const init = (params.initializationOptions ?? {}) as Record<string, unknown>;
    ctx.settings.global = normalizeSettings({ ...((init.settings as object) ?? {}) });
    if (typeof init.debounceMs === 'number' && init.debounceMs >= 0) ctx.scheduler.debounceMs = init.debounceMs;
    if (typeof init.checkDeadlineMs === 'number' && init.checkDeadlineMs > 0)
      ctx.checker.deadlineMs = init.checkDeadlineMs;
    // an untrusted workspace (the client says so) gets no layout profiles from its files
    ctx.trusted = init.trusted !== false;
    // the rule pages: a public site when the client names one, else the pages bundled with the server
    ctx.ruleDocUrl = ruleDocLinks(
      typeof init.ruleDocsBase === 'string' && init.ruleDocsBase ? init.ruleDocsBase : undefined,
    );
    ctx.caps.workspaceFolders = !!caps.workspace?.workspaceFolders;
    if (params.workspaceFolders?.length) ctx.roots = paths(params.workspaceFolders.map((f) => f.uri));
    else if (params.rootUri) ctx.roots = paths([params.rootUri]);
    else if (params.rootPath) ctx.roots = [params.rootPath];
    return { capabilities: CAPABILITIES, serverInfo: { name: 'suanpan', version: '0.1.0' } };
  });
  ctx.connection.onInitialized(() => {
    try {
      initialized(ctx);
    } catch (e) {
      ctx.logError('initialized', e);
    }
  });
  ctx.connection.onNotification(TRUST_NOTIFICATION, (p: { trusted?: unknown } | null) => {
    const trusted = p?.trusted !== false;
    if (trusted === ctx.trusted) return;
    ctx.trusted = trusted;
    ctx.projects.invalidate();
    recheckOpen(ctx);
  });
}

/** Registers for configuration changes and the watched files; follows the workspace folders. */
function initialized(ctx: ServerContext): void {
  if (ctx.settings.canPull)
    ctx.connection.client
      .register(DidChangeConfigurationNotification.type, { section: 'suanpan' })
      .catch(() => undefined);
  if (ctx.caps.watchFiles) {
    ctx.connection.client
      .register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: `**/${PROJECT_FILE}` }, { globPattern: '**/*.{md,markdown,txt,yaml,yml}' }],
      })
      .catch(() => undefined);
  }
  // only a client that declared workspace folders sends their changes (else the library throws)
  if (ctx.roots.length && ctx.caps.workspaceFolders) {
    ctx.connection.workspace.onDidChangeWorkspaceFolders((e) => {
      const add = paths(e.added.map((f) => f.uri));
      const gone = new Set(e.removed.map((f) => uriToPath(f.uri)));
      ctx.roots = [...ctx.roots.filter((r) => !gone.has(r)), ...add];
      // a folder's `.suanpan.yaml` (its sets, rules) comes or goes with it
      ctx.projects.invalidate();
      recheckOpen(ctx);
      refreshReportFiles(ctx).catch((err) => ctx.logError('report files', err));
    });
  }
  // the reports on disk an open report may be checked against
  refreshReportFiles(ctx).catch((e) => ctx.logError('report files', e));
}
