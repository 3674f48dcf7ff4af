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

/** A memo with a capped number of entries (least recently used goes first): for pure functions of a key. */
export class CappedMemo<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly size = 512) {}
  get(k: K): V | undefined {
    const v = this.map.get(k);
    if (v !== undefined) {
      this.map.delete(k);
      this.map.set(k, v);
    }
    return v;
  }
  has(k: K): boolean {
    return this.map.has(k);
  }
  set(k: K, v: V): V {
    this.map.delete(k);
    this.map.set(k, v);
    if (this.map.size > this.size) this.map.delete(this.map.keys().next().value as K);
    return v;
  }
  /** The value for k, computed once. */
  through(k: K, compute: (k: K) => V): V {
    const hit = this.map.get(k);
    if (hit !== undefined || this.map.has(k)) {
      // most recently used: moved to the end (one lookup, not get's second)
      this.map.delete(k);
      this.map.set(k, hit as V);
      return hit as V;
    }
    return this.set(k, compute(k));
  }
}
