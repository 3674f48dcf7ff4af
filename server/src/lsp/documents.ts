/**
 * The open documents (text and version, as the editor has them) and the file access the
 * engine gets: a file's text is the open editor's if it is open, else the disk's.
 */
import { readFileSync, statSync } from 'node:fs';
import { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { uriToPath } from './uri';
import { MAX_FILE_BYTES } from './workspace';

export class Documents {
  /** The LSP document manager (listen on the connection, document events). */
  readonly open = new TextDocuments(TextDocument);

  get(uri: string): TextDocument | undefined {
    return this.open.get(uri);
  }

  all(): TextDocument[] {
    return this.open.all();
  }

  byPath(path: string): TextDocument | undefined {
    return this.open.all().find((d) => uriToPath(d.uri) === path);
  }

  /** A file's text for the engine: the editor's if it is open, else the disk's. */
  readFile(path: string): string | undefined {
    const open = this.byPath(path);
    if (open) return open.getText();
    try {
      if (statSync(path).size > MAX_FILE_BYTES) return undefined;
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
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
