/**
 * Runs a bundle (a CommonJS file of dist/) through V8's code cache, so that a start does not compile
 * it again (Node 20 has no module.enableCompileCache): the CLI (cli/launch.ts), the language server
 * and its check worker (lsp/launch.ts, lsp/check-worker-launch.ts). The cache holds the bundle's
 * bytecode and that of every function the run compiled; it is written once, after a run that found
 * none (or one V8 rejected: another Node, other V8 flags), in a folder of the user's own under the
 * temporary directory, named by the bundle, Node's version and the bundle's hash. Without a usable
 * folder the bundle is compiled as usual; SUANPAN_NO_CODE_CACHE=1 turns it off.
 *
 * V8 rejects a cache made under other flags: a launcher sets the flags its bundle sets (the
 * language server's --expose-gc, idle-gc.ts) before it runs the bundle.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { constants, Script } from 'node:vm';
import { SAVE_CODE_CACHE } from './code-cache-hook';

export type SaveWhen = 'exit' | 'ready';

/**
 * Runs `bundle` as the module `mod` (its exports, require and folder); with `when: 'exit'` the cache
 * is written when the process exits, with 'ready' when the bundle calls codeCacheReady() (code-cache-hook.ts; a thread
 * that is terminated, or a server that runs for hours, has no exit to wait for). False when it was
 * not run (no cache on this Node, or turned off): the caller requires the bundle as usual.
 */
export function runBundle(bundle: string, mod: NodeModule, req: NodeRequire, when: SaveWhen): boolean {
  // the PDF importer loads pdf.js with import(): the bundle's script needs the main context's loader
  // (vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER, Node 20.19 on); without it the bundle is required as usual
  const loader = (constants as unknown as { USE_MAIN_CONTEXT_DEFAULT_LOADER?: symbol }).USE_MAIN_CONTEXT_DEFAULT_LOADER;
  if (loader === undefined || process.env.SUANPAN_NO_CODE_CACHE === '1') return false;
  // code run from the cache has no loader for import(): the PDF importer takes this one (pdf-extract.ts)
  const dynamicImport = new Function('s', 'return import(s)');
  Object.defineProperty(globalThis, Symbol.for('suanpan.import'), { value: dynamicImport, configurable: true });
  const source = readFileSync(bundle, 'utf8');
  const cacheFile = cachePath(basename(bundle, '.js'), source);
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
    importModuleDynamically: loader as never,
  });
  if (cacheFile && (!cached || script.cachedDataRejected)) {
    if (when === 'exit') process.once('exit', () => writeCache(cacheFile, script));
    else {
      let saved = false;
      // the bundle calls it once it has done its first work (code-cache-hook.ts)
      Object.defineProperty(globalThis, SAVE_CODE_CACHE, {
        configurable: true,
        value: () => {
          if (saved) return;
          saved = true;
          // once the work at hand is done (a thread that is terminated never exits)
          setImmediate(() => writeCache(cacheFile, script)).unref();
        },
      });
    }
  }
  const run = script.runInThisContext() as (...a: unknown[]) => void;
  run.call(mod.exports, mod.exports, req, mod, bundle, dirname(bundle));
  return true;
}

/** The cache's path: in a folder only this user can write (another user's bytecode is never run). */
function cachePath(name: string, src: string): string | undefined {
  try {
    const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
    const dir = join(tmpdir(), `suanpan-cache-${uid ?? 'user'}`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = statSync(dir);
    if (uid !== undefined && (st.uid !== uid || (st.mode & 0o077) !== 0)) return undefined;
    const hash = createHash('sha1').update(src).digest('hex').slice(0, 16);
    return join(dir, `${name}-${process.version}-${process.arch}-${hash}.v8cache`);
  } catch {
    return undefined;
  }
}

function writeCache(path: string, s: Script): void {
  try {
    const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(tmp, s.createCachedData(), { mode: 0o600 });
    renameSync(tmp, path);
  } catch {
    // no cache this time: the next start compiles the bundle again
  }
}
