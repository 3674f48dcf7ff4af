/**
 * The open documents (text and version, as the editor has them) and the file access the
 * engine gets: a file's text is the open editor's if it is open, else the disk's.
 */
import { statSync } from 'node:fs';
import { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { readUtf8 } from '../host/files';
import { uriToPath } from './uri';

export class Documents {
  /** The LSP document manager (listen on the connection, document events). */
  readonly open = new TextDocuments(TextDocument);

  /** Documents opened with a text that is not a string: rejected once (logged), then ignored. */
  private readonly rejected = new Set<string>();

  /**
   * Whether an opened or changed document is usable: a text that is not a string is rejected
   * (true is returned the first time only, for the caller to log it) until a change gives it a
   * string text or it is closed.
   */
  reject(doc: TextDocument): 'ok' | 'rejected' | 'already' {
    if (typeof (doc.getText() as unknown) === 'string') {
      this.rejected.delete(doc.uri);
      return 'ok';
    }
    if (this.rejected.has(doc.uri)) return 'already';
    this.rejected.add(doc.uri);
    return 'rejected';
  }

  forget(uri: string): void {
    this.rejected.delete(uri);
  }

  get(uri: string): TextDocument | undefined {
    return this.rejected.has(uri) ? undefined : this.open.get(uri);
  }

  all(): TextDocument[] {
    return this.open.all().filter((d) => !this.rejected.has(d.uri));
  }

  byPath(path: string): TextDocument | undefined {
    return this.all().find((d) => uriToPath(d.uri) === path);
  }

  /**
   * A file's text for the engine: the editor's if it is open, else the disk's (only a regular
   * file of bounded size: never a FIFO or a device; a BOM is read through).
   */
  readFile(path: string): string | undefined {
    const open = this.byPath(path);
    if (open) return open.getText();
    const r = readUtf8(path);
    return r.ok ? r.text : undefined;
  }

  /** The text of a document as it is now (open, or on disk), or undefined. */
  textOf(uri: string): string | undefined {
    const open = this.get(uri);
    if (open) return open.getText();
    const path = uriToPath(uri);
    return path ? this.readFile(path) : undefined;
  }

  /** Versions of the open files, modification times of the others: what a check read. */
  stampOf(paths: Array<string | undefined>): string {
    return paths
      .map((p) => {
        if (!p) return '';
        const open = this.byPath(p);
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
}
