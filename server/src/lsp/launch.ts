/**
 * dist/server.js: starts the bundled language server (dist/server-main.js, server.ts) through V8's
 * code cache (host/code-cache.ts), written once its first check is done (server.ts). The flag the
 * server sets (--expose-gc, for its idle collections) is set first: V8 rejects a cache made under
 * other flags.
 */
import { join } from 'node:path';
import { runBundle } from '../host/code-cache';
import { exposeGc } from './idle-gc';

if (!process.env.SUANPAN_NO_IDLE_GC) exposeGc();
const bundle = join(__dirname, 'server-main.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle beside this file
if (!runBundle(bundle, module, require, 'ready')) require(bundle);
