/**
 * The hook between a launcher that runs a bundle through V8's code cache (code-cache.ts) and the
 * bundle: the bundle says when it has done its first work, and the launcher writes the cache then.
 * No imports: the web build's server calls it too (and finds no launcher).
 */
export const SAVE_CODE_CACHE = Symbol.for('suanpan.codeCache.save');

/** Called by a bundle once it has done its first work (a check): its launcher writes the cache then, if it has to. */
export function codeCacheReady(): void {
  const save = (globalThis as Record<symbol, unknown>)[SAVE_CODE_CACHE];
  if (typeof save === 'function') (save as () => void)();
}
