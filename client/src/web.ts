/**
 * The web build's extension (package.json "browser", dist/web/extension.js): the same client as
 * the desktop's (activate.ts) in the web worker extension host (vscode.dev, code-server), with the
 * language server as a web worker (dist/web/server.js, server/src/lsp/server-web.ts).
 *
 * The server has no disk there. Two things make up for it:
 * - URIs: the server works on `file:` paths (a linked file is resolved against the report's
 *   folder). The workspace's URIs (`vscode-remote://host/p`, `vscode-vfs://github/o/r/p`, …) are
 *   given to it as `file:///<scheme>/<authority>/p` and turned back on the way in (webUris).
 * - A report's linked tables file (front matter `数据: tables.yaml`) is opened here (read through
 *   workspace.fs by the editor) before the report is sent, so the server reads the editor's text.
 * `.suanpan.yaml` and its layout profile files are not read, and the workspace check and the
 * PDF/Word import say that they need the desktop VS Code.
 */
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/browser';
import type { LanguageClientOptions } from 'vscode-languageclient';
import { activateClient, deactivateClient } from './activate';

/** The web worker extension host's Worker (no DOM types here: the type the client takes). */
declare const Worker: new (
  url: string,
  options?: { type?: 'classic' | 'module' },
) => ConstructorParameters<typeof LanguageClient>[3];

/** The schemes of the documents checked (the editor's own, a remote's, a virtual workspace's). */
const SCHEMES = ['file', 'untitled', 'vscode-remote', 'vscode-vfs', 'vscode-userdata', 'vscode-test-web', 'memfs'];

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const selector = ['markdown', 'plaintext', 'yaml'].flatMap((language) =>
    SCHEMES.map((scheme) => ({ scheme, language })),
  );
  const serverMain = vscode.Uri.joinPath(context.extensionUri, 'dist', 'web', 'server.js');
  const extra: Partial<LanguageClientOptions> = {
    uriConverters: webUris(),
    middleware: {
      didOpen: async (doc, next) => (await openLinked(doc), next(doc)),
      // the editor may close a document no editor shows: opened again when the report changes
      didChange: async (e, next) => (await openLinked(e.document), next(e)),
    },
  };
  const script = await workerScript(serverMain);
  await activateClient(
    context,
    (options) => new LanguageClient('suanpan', 'Suanpan 算盘', options, new Worker(script, { type: 'classic' })),
    selector,
    extra,
    true,
  );
}

/**
 * The URL the server worker is started from: the script's own where the browser can load it
 * (vscode.dev serves extensions over https), else (an extension installed on a remote, as in
 * code-server, whose vscode-remote: URLs workers may not be created from) its text read through
 * workspace.fs, as a blob.
 */
async function workerScript(uri: vscode.Uri): Promise<string> {
  if (/^(https?|blob|data)$/.test(uri.scheme)) return uri.toString(true);
  const bytes = await vscode.workspace.fs.readFile(uri);
  return URL.createObjectURL(new Blob([bytes], { type: 'text/javascript' }));
}

/**
 * The editor's URIs as the server's `file:` URIs and back: `file` and `untitled` as they are, any
 * other scheme's as `file:///<scheme>/<authority or ->/<path>` (only the schemes so given are
 * turned back, so a real `file:` path is never misread).
 */
export function webUris(): NonNullable<LanguageClientOptions['uriConverters']> {
  const given = new Set<string>();
  return {
    code2Protocol: (uri) => {
      if (uri.scheme === 'file' || uri.scheme === 'untitled') return uri.toString();
      given.add(uri.scheme);
      const path = `/${uri.scheme}/${uri.authority || '-'}${uri.path.startsWith('/') ? '' : '/'}${uri.path}`;
      return uri.with({ scheme: 'file', authority: '', path }).toString();
    },
    protocol2Code: (value) => {
      const uri = vscode.Uri.parse(value);
      const m = uri.scheme === 'file' ? /^\/([^/]+)\/([^/]+)(\/.*)?$/.exec(uri.path) : null;
      if (!m || !given.has(m[1])) return uri;
      return uri.with({ scheme: m[1], authority: m[2] === '-' ? '' : m[2], path: m[3] ?? '/' });
    },
  };
}

/** The file a report's front matter links (数据: tables.yaml), or undefined. */
export function linkedName(text: string): string | undefined {
  const fm = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  const m = fm && /^数据\s*[:：]\s*["']?([^"'\r\n#]+?)["']?\s*$/m.exec(fm[1]);
  return m?.[1] || undefined;
}

/** Opens the tables file a report links, so that the server reads it from the editor (it has no disk). */
async function openLinked(doc: vscode.TextDocument): Promise<void> {
  const name = linkedName(doc.getText());
  if (!name || /^([a-zA-Z]:|[\\/]|~)/.test(name)) return;
  const target = vscode.Uri.joinPath(doc.uri, '..', name);
  if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === target.toString())) return;
  try {
    await vscode.workspace.fs.stat(target);
    await vscode.workspace.openTextDocument(target);
  } catch {
    // not there: the server says so at the 数据 line
  }
}

export async function deactivate(): Promise<void> {
  await deactivateClient();
}
