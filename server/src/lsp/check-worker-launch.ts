/**
 * dist/check-worker.js: starts the bundled check worker (dist/check-worker-main.js,
 * check-worker.ts) through V8's code cache (host/code-cache.ts), written once its first job is done.
 * The server's thread has set the V8 flags before it started this one (lsp/launch.ts).
 */
import { join } from 'node:path';
import { runBundle } from '../host/code-cache';

const bundle = join(__dirname, 'check-worker-main.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle beside this file
if (!runBundle(bundle, module, require, 'ready')) require(bundle);
