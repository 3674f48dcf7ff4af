/** What the parts of the language server share: the connection, the engine and the server's state. */
import type { Connection } from 'vscode-languageserver';
import type { ProjectConfigs } from '../config';
import type { Engine } from '../engine';
import type { CrossIndex } from './cross';
import type { Dependents } from './dependents';
import type { ReportFiles } from './disk-cross';
import type { Documents } from './documents';
import type { Publisher } from './publisher';
import type { Checker } from './checker';
import type { Scheduler } from './scheduler';
import type { SettingsStore } from './settings';
import type { Views } from './views';

/** What the client can do (from initialize). */
export interface ClientCaps {
  watchFiles: boolean;
  documentChanges: boolean;
  progress: boolean;
  /** The client declared workspace folders (and so may send their changes). */
  workspaceFolders?: boolean;
}

export interface ServerContext {
  connection: Connection;
  /** The main thread's engine (checks of unopened files; open documents are checked by `checker`). */
  engine: Engine;
  /** The check worker: runs the checks of open documents off the main thread, with a deadline. */
  checker: Checker;
  documents: Documents;
  settings: SettingsStore;
  projects: ProjectConfigs;
  /** The latest finished check of each open document. */
  views: Views;
  publisher: Publisher;
  dependents: Dependents;
  /** The reports checked against each other (cross.ts). */
  cross: CrossIndex;
  /** The workspace's report files: the partners an open report may have on disk (disk-cross.ts). */
  reportFiles: ReportFiles;
  scheduler: Scheduler;
  caps: ClientCaps;
  /** The workspace folders' paths. */
  roots: string[];
  /** Whether the workspace is trusted (initializationOptions.trusted): else no workspace layout profiles. */
  trusted: boolean;
  /** The link of a rule's page in a diagnostic's codeDescription (host/rule-docs.ts). */
  ruleDocUrl: (rule: string) => string;
  /** Set once the workspace check has run: unopened reports are then kept checked. */
  workspaceMode: boolean;
  /** Files checked from disk by the workspace check (path → URI), not open in the editor. */
  fromDisk: Map<string, string>;
  log(msg: string): void;
  logError(what: string, e: unknown): void;
}
