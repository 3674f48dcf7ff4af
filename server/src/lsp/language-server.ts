/**
 * The Suanpan language server: wiring between an LSP connection and the engine. The parts:
 * the open documents (documents.ts), the check worker that checks them off the main thread with a
 * deadline (checker.ts, check-worker.ts, check-protocol.ts), the latest finished check of each
 * (views.ts: what hover, code actions and the outline answer from, at once, even while a check
 * runs), the diagnostics and status published (publisher.ts), the check of a document
 * (checks.ts), the workspace check (workspace-check.ts, on the main thread's engine), and one
 * module per request family (handlers/). Every answer is computed by the engine and reshaped by
 * ./convert.
 *
 * A report can link a second file (front matter 数据: tables.yaml). The narrative's check then
 * reads that file (the open editor's text if it is open, else the disk), and its findings in
 * the tables file are published on the tables file's URI, together with the tables file's own
 * findings if it is open or was checked too. Editing the tables file re-checks the narratives
 * that link it.
 */
import type { Connection } from 'vscode-languageserver';
import { codeCacheReady } from '../host/code-cache-hook';
import { ruleDocLinks } from '../host/rule-docs';
import { ProjectConfigs } from '../config';
import { createEngine } from '../engine';
import { join } from 'node:path';
import { Checker } from './checker';
import { checkDocument } from './checks';
import { crossedPartnersOnDisk } from './workspace-check';
import type { ServerContext } from './context';
import { CrossIndex } from './cross';
import { Dependents } from './dependents';
import { ReportFiles } from './disk-cross';
import { Documents } from './documents';
import { registerCodeActions } from './handlers/code-actions';
import { registerCommands } from './handlers/commands';
import { registerConfiguration } from './handlers/configuration';
import { registerDocuments } from './handlers/documents';
import { registerHover } from './handlers/hover';
import { registerInitialize } from './handlers/initialize';
import { registerOutline } from './handlers/outline';
import { registerRelations } from './handlers/relations';
import { registerSemanticTokens } from './handlers/semantic-tokens';
import { exposeGc, IdleGc } from './idle-gc';
import { CHECK_WORKSPACE_COMMAND, STATUS_NOTIFICATION, type StatusParams, type WorkspaceSummary } from './protocol';
import { Publisher } from './publisher';
import { Scheduler } from './scheduler';
import { SettingsStore } from './settings';
import { uriToPath } from './uri';
import { Views } from './views';

export { CHECK_WORKSPACE_COMMAND, STATUS_NOTIFICATION };
export type { StatusParams, WorkspaceSummary };
export { uriToPath };

/** How long a check of an open document may run before it is stopped (initializationOptions.checkDeadlineMs). */
export const CHECK_DEADLINE_MS = 10_000;

/** The open documents with a path, as the check worker reads them (a narrative's linked tables file). */
function openFiles(documents: Documents) {
  const out: Array<{ path: string; version: number; text: () => string }> = [];
  for (const d of documents.all()) {
    const path = uriToPath(d.uri);
    if (path) out.push({ path, version: d.version, text: () => d.getText() });
  }
  return out;
}

export function startServer(connection: Connection): void {
  const documents = new Documents();
  const idleGc = new IdleGc(process.env.SUANPAN_NO_IDLE_GC ? undefined : exposeGc());
  const ctx: ServerContext = {
    connection,
    engine: createEngine({ workspace: { readFile: (path) => documents.readFile(path) } }),
    documents,
    settings: new SettingsStore(connection),
    projects: new ProjectConfigs(),
    checker: new Checker({
      // SUANPAN_CHECK_WORKER: another worker script (the tests wrap the real one to hold a check)
      script: process.env.SUANPAN_CHECK_WORKER || join(__dirname, 'check-worker.js'),
      deadlineMs: CHECK_DEADLINE_MS,
      openFiles: () => openFiles(documents),
      diskFiles: () => ({ version: ctx.reportFiles.version, paths: ctx.reportFiles.paths }),
      onHovers: (uri, r, entries) => {
        if (!documents.get(uri)) return;
        const f = ctx.views.get(uri);
        ctx.views.setHovers(
          uri,
          r.version,
          r.text,
          entries,
          f?.version === r.version && f.text === r.text ? f : undefined,
        );
      },
      // not ctx.log: a worker that cannot start says so from inside this constructor, before ctx exists
      log: (msg) => connection.console.log(`[suanpan] ${msg}`),
    }),
    views: new Views(),
    publisher: new Publisher(connection),
    dependents: new Dependents(),
    cross: new CrossIndex(),
    reportFiles: new ReportFiles(),
    scheduler: new Scheduler((uri, reason, gen) =>
      checkDocument(ctx, uri, reason, gen)
        .then((view) => view && crossedPartnersOnDisk(ctx, view))
        .catch((e) => ctx.logError(`check ${uri}`, e))
        .finally(() => {
          idleGc.poke();
          // the code cache (launch.ts) once the functions a check runs are compiled
          codeCacheReady();
        }),
    ),
    caps: { watchFiles: false, documentChanges: false, progress: false },
    roots: [],
    trusted: true,
    ruleDocUrl: ruleDocLinks(),
    workspaceMode: false,
    fromDisk: new Map(),
    log: (msg) => connection.console.log(`[suanpan] ${msg}`),
    logError: (what, e) =>
      connection.console.error(`[suanpan] ${what}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`),
  };

  registerInitialize(ctx);
  registerConfiguration(ctx);
  registerDocuments(ctx);
  registerHover(ctx);
  registerOutline(ctx);
  registerRelations(ctx);
  registerSemanticTokens(ctx);
  registerCodeActions(ctx);
  registerCommands(ctx);
  connection.onShutdown(() => {
    ctx.scheduler.dispose();
    ctx.checker.dispose();
    idleGc.dispose();
  });

  documents.open.listen(connection);
  connection.listen();
}
