/**
 * The import command the VS Code client sends the server (workspace/executeCommand): a PDF or
 * Word file to the Markdown beside it. Types and names only, so the client can import them
 * without pulling in the server.
 */

/** The server command: arguments [ImportParams]; answers an ImportReply. */
export const IMPORT_COMMAND = 'suanpan.server.importReport';

export interface ImportParams {
  /** The file: URI of the .pdf or .docx. */
  uri: string;
  /** Replace the Markdown file when it exists (the client asked the user); else the answer is `exists`. */
  overwrite?: boolean;
}

export type ImportReply =
  /** Written: the Markdown's URI, the number of pages read and what the importer warned about. */
  | { status: 'written'; uri: string; target: string; pages: number; warnings: string[] }
  /** The Markdown file is there already: nothing written. */
  | { status: 'exists'; uri: string; target: string }
  /** Not imported: why (Chinese and English), and the kind (encrypted, scanned, damaged …). */
  | { status: 'failed'; uri: string; message: string; kind: string };
