/**
 * The Suanpan language server: wiring between an LSP connection and one engine. The parts:
 * the open documents (documents.ts), their check results (result-cache.ts), the diagnostics and
 * status published (publisher.ts), the check of a document (checks.ts), the workspace check
 * (workspace-check.ts), and one module per request family (handlers/). Every answer is
 * computed by the engine and reshaped by ./convert.
 *
 * A report can link a second file (front matter 数据: tables.yaml). The narrative's check then
 * reads that file (the open editor's text if it is open, else the disk), and its findings in
 * the tables file are published on the tables file's URI, together with the tables file's own
 * findings if it is open or was checked too. Editing the tables file re-checks the narratives
 * that link it.
 */
import type { Connection } from 'vscode-languageserver';
import { ProjectConfigs } from '../config';
import { createEngine } from '../engine';
import { checkDocument } from './checks';
import type { ServerContext } from './context';
import { CrossIndex } from './cross';
import { Dependents } from './dependents';
import { Documents } from './documents';
import { registerCodeActions } from './handlers/code-actions';
import { registerCommands } from './handlers/commands';
import { registerConfiguration } from './handlers/configuration';
import { registerDocuments } from './handlers/documents';
import { registerHover } from './handlers/hover';
import { registerInitialize } from './handlers/initialize';
import { registerOutline } from './handlers/outline';
import { registerRelations } from './handlers/relations';
import { exposeGc, IdleGc } from './idle-gc';
import { CHECK_WORKSPACE_COMMAND, STATUS_NOTIFICATION, type StatusParams, type WorkspaceSummary } from './protocol';
import { Publisher } from './publisher';
import { ResultCache } from './result-cache';
import { Scheduler } from './scheduler';
import { SettingsStore } from './settings';

export { CHECK_WORKSPACE_COMMAND, STATUS_NOTIFICATION };
export type { StatusParams, WorkspaceSummary };
export { MAX_CACHED_RESULTS } from './result-cache';
export { uriToPath } from './uri';

export function startServer(connection: Connection): void {
  const documents = new Documents();
  const idleGc = new IdleGc(process.env.SUANPAN_NO_IDLE_GC ? undefined : exposeGc());
  const ctx: ServerContext = {
    connection,
    engine: createEngine({ workspace: { readFile: (path) => documents.readFile(path) } }),
    documents,
    settings: new SettingsStore(connection),
    projects: new ProjectConfigs(),
    results: new ResultCache((paths) => documents.stampOf(paths)),
    publisher: new Publisher(connection),
    dependents: new Dependents(),
    cross: new CrossIndex(),
    scheduler: new Scheduler((uri, reason, gen) =>
      checkDocument(ctx, uri, reason, gen)
        .catch((e) => ctx.logError(`check ${uri}`, e))
        .finally(() => idleGc.poke()),
    ),
    caps: { watchFiles: false, documentChanges: false, progress: false },
    roots: [],
    trusted: true,
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
  registerCodeActions(ctx);
  registerCommands(ctx);
  connection.onShutdown(() => {
    ctx.scheduler.dispose();
    idleGc.dispose();
  });

  documents.open.listen(connection);
  connection.listen();
}
