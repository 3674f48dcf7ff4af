/**
 * The messages Suanpan's server and VS Code client exchange beyond LSP itself. Types and
 * names only, so the client can import them without pulling in the server.
 */

/** The server command that checks every report in the workspace folders. */
export const CHECK_WORKSPACE_COMMAND = 'suanpan.server.checkWorkspace';
/** Sent after each check of an open document, for the client's status bar. */
export const STATUS_NOTIFICATION = 'suanpan/status';
/** Client → server ({ textDocument: { uri } }): the report's relations view (handlers/relations.ts), or null. */
export const RELATIONS_REQUEST = 'suanpan/relations';

/**
 * Client → server: the workspace trust changed ({ trusted: boolean }). The first state comes in
 * initializationOptions.trusted; an untrusted workspace gets no layout profiles from its files.
 */
export const TRUST_NOTIFICATION = 'suanpan/trust';

export interface StatusParams {
  uri: string;
  version: number;
  isReport: boolean;
  /**
   * The files the report's check read (its tables file, named by 数据:), as URIs: the client gives
   * them, and the YAML reports among the reports, the report schema (client/src/yaml-schemas.ts).
   */
  linked: string[];
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
