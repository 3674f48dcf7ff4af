/**
 * Caches. Every cache that outlives one check belongs to an engine instance (engine.ts), never
 * to a module: two engines (the language server's and a test's) share nothing.
 */

/** The few most recent results by object identity (a document, a table), newest first. */
export class RecentCache<K extends object, V> {
  private keys: K[] = [];
  private vals: V[] = [];
  constructor(private readonly size = 4) {}
  get(k: K): V | undefined {
    const i = this.keys.indexOf(k);
    return i < 0 ? undefined : this.vals[i];
  }
  set(k: K, v: V): void {
    this.keys.unshift(k);
    this.vals.unshift(v);
    if (this.keys.length > this.size) {
      this.keys.length = this.size;
      this.vals.length = this.size;
    }
  }
}

/**
 * A memo with a capped number of entries, for pure functions of a key: the entries used since the
 * last `size` new ones (the young generation) and those of the generation before it; an old entry
 * used again becomes young, the rest of the old generation goes when the young one is full. A hit
 * on a young entry is one lookup (no reordering); every entry used in the last `size` insertions
 * is kept, and never more than twice `size`.
 */
export class CappedMemo<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();
  constructor(private readonly size = 512) {}
  get(k: K): V | undefined {
    const v = this.young.get(k);
    if (v !== undefined || this.young.has(k)) return v;
    if (!this.old.has(k)) return undefined;
    const o = this.old.get(k) as V;
    this.old.delete(k);
    this.young.set(k, o);
    this.roll();
    return o;
  }
  has(k: K): boolean {
    return this.young.has(k) || this.old.has(k);
  }
  set(k: K, v: V): V {
    this.old.delete(k);
    this.young.set(k, v);
    this.roll();
    return v;
  }
  /** The value for k, computed once. */
  through(k: K, compute: (k: K) => V): V {
    // a young hit is one lookup
    const v = this.young.get(k);
    if (v !== undefined || this.young.has(k)) return v as V;
    if (this.old.has(k)) return this.get(k) as V;
    return this.set(k, compute(k));
  }
  private roll(): void {
    if (this.young.size < this.size) return;
    this.old = this.young;
    this.young = new Map();
  }
}
