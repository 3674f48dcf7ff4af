/**
 * dist/cli.js: starts the bundled command line (dist/cli-main.js, main.ts) through V8's code cache,
 * so that a start does not compile the bundle again (Node 20 has no module.enableCompileCache).
 * The cache holds the bundle's bytecode and that of every function the run compiled; it is
 * written once, after a run that found none (or one V8 rejected: another Node), in a folder of
 * the user's own under the temporary directory, named by Node's version and the bundle's hash.
 * Without a usable folder the bundle is compiled as usual; SUANPAN_NO_CODE_CACHE=1 turns it off.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, Script } from 'node:vm';

const bundle = join(__dirname, 'cli-main.js');
// the PDF importer loads pdf.js with import(): the bundle's script needs the main context's loader
// (vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER, Node 20.19 on); without it the bundle is required as usual
const loader = (constants as unknown as { USE_MAIN_CONTEXT_DEFAULT_LOADER?: symbol }).USE_MAIN_CONTEXT_DEFAULT_LOADER;
if (loader === undefined || process.env.SUANPAN_NO_CODE_CACHE === '1') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle beside this file
  (require(bundle) as { main: () => void }).main();
} else start(loader);

function start(importModuleDynamically: symbol): void {
  // code run from the cache has no loader for import(): the PDF importer takes this one (pdf-extract.ts)
  const dynamicImport = new Function('s', 'return import(s)');
  Object.defineProperty(globalThis, Symbol.for('suanpan.import'), { value: dynamicImport });
  const source = readFileSync(bundle, 'utf8');
  const cacheFile = cachePath(source);
  let cached: Buffer | undefined;
  try {
    if (cacheFile) cached = readFileSync(cacheFile);
  } catch {
    cached = undefined; // none yet
  }
  // the function CommonJS wraps a module in, the first line kept (the source map's offsets hold)
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundle,
    cachedData: cached,
    importModuleDynamically: importModuleDynamically as never,
  });
  if (cacheFile && (!cached || script.cachedDataRejected)) process.once('exit', () => writeCache(cacheFile, script));
  // the bundle runs as the main module (main.ts runs main() when require.main is its module)
  const run = script.runInThisContext() as (...a: unknown[]) => void;
  run.call(module.exports, module.exports, require, module, bundle, __dirname);
}

/** The cache's path: in a folder only this user can write (another user's bytecode is never run). */
function cachePath(src: string): string | undefined {
  try {
    const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
    const dir = join(tmpdir(), `suanpan-cache-${uid ?? 'user'}`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = statSync(dir);
    if (uid !== undefined && (st.uid !== uid || (st.mode & 0o077) !== 0)) return undefined;
    const hash = createHash('sha1').update(src).digest('hex').slice(0, 16);
    return join(dir, `cli-${process.version}-${process.arch}-${hash}.v8cache`);
  } catch {
    return undefined;
  }
}

function writeCache(path: string, s: Script): void {
  try {
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, s.createCachedData(), { mode: 0o600 });
    renameSync(tmp, path);
  } catch {
    // no cache this time: the next start compiles the bundle again
  }
}
