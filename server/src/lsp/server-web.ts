/**
 * Entry point of the web build's language server (dist/web/server.js): the same server as
 * dist/server.js, run as a web worker (vscode.dev, code-server's web worker extension host),
 * speaking LSP over the worker's messages. scripts/bundle.mjs builds it for the browser with
 * server/src/web/node/ in place of the Node modules: there is no disk and no check worker, so
 * documents are checked on this worker's own thread, a linked tables file is read from the
 * editor (the web client opens it), and `.suanpan.yaml`, layout profile files, the workspace
 * check and the PDF/Word import are not available.
 */
import {
  BrowserMessageReader,
  BrowserMessageWriter,
  createConnection,
  ProposedFeatures,
} from 'vscode-languageserver/browser';
import { startServer } from './language-server';

declare const self: ConstructorParameters<typeof BrowserMessageReader>[0];

startServer(createConnection(ProposedFeatures.all, new BrowserMessageReader(self), new BrowserMessageWriter(self)));
