/**
 * dist/cli.js: starts the bundled command line (dist/cli-main.js, main.ts) through V8's code cache
 * (host/code-cache.ts), written when the process exits after a run that found none.
 */
import { join } from 'node:path';
import { runBundle } from '../host/code-cache';

const bundle = join(__dirname, 'cli-main.js');
// the bundle runs as the main module (main.ts runs main() when require.main is its module)
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle beside this file
if (!runBundle(bundle, module, require, 'exit')) (require(bundle) as { main: () => void }).main();
