/**
 * The VS Code extension (desktop): a thin client that starts the Suanpan language server
 * (dist/server.js, a Node process) and shows the active report's errors and warnings in the status
 * bar (activate.ts, shared with the web build's client, web.ts). Every check, hover and fix comes
 * from the server.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type ServerOptions } from 'vscode-languageclient/node';
import { activateClient, deactivateClient } from './activate';
import { SERVER_NODE_ARGS } from '../../server/src/lsp/node-args';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const selector = ['markdown', 'plaintext', 'yaml'].flatMap((language) => [
    { scheme: 'file', language },
    { scheme: 'untitled', language },
  ]);
  await activateClient(
    context,
    (options) => new LanguageClient('suanpan', 'Suanpan 算盘', serverOptions(context), options),
    selector,
  );
}

/** The bundled server (dist/server.js) over IPC; with an inspector port when debugging. */
function serverOptions(context: vscode.ExtensionContext): ServerOptions {
  const serverModule = context.asAbsolutePath('dist/server.js');
  return {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_ARGS] } },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: [...SERVER_NODE_ARGS, '--nolazy', '--inspect=6019'] },
    },
  };
}

export async function deactivate(): Promise<void> {
  await deactivateClient();
}
