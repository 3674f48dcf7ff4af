/**
 * Garbage collection when the server is idle. A check allocates a few megabytes that die at
 * once; collecting them while the user pauses keeps the next check from paying for it (a
 * minor GC shortly after work) and gives the memory back between bursts of work (a major GC
 * after a longer pause), so that resident memory stays near what is actually in use.
 * Without `gc` (not exposed) this does nothing.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type GcFn = (options?: { type?: 'minor' | 'major'; execution?: 'sync' | 'async' }) => void;
// Note: V8's gc({ type: 'major' }) did not collect in Node 20 (measured); a bare gc() does.

/** The V8 gc function, exposed at run time (as `--expose-gc` would), or undefined. */
export function exposeGc(): GcFn | undefined {
  try {
    const existing = (globalThis as { gc?: GcFn }).gc;
    if (existing) return existing;
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as GcFn | undefined;
    return typeof gc === 'function' ? gc : undefined;
  } catch {
    return undefined;
  }
}

export class IdleGc {
  private minorTimer?: ReturnType<typeof setTimeout>;
  private majorTimer?: ReturnType<typeof setTimeout>;
  private dirty = false;

  constructor(
    private readonly gc: GcFn | undefined,
    private readonly minorAfterMs = 80,
    private readonly majorAfterMs = 1500,
  ) {}

  /** Call after work: schedules the collections for when the server has been quiet. */
  poke(): void {
    if (!this.gc) return;
    this.dirty = true;
    if (this.minorTimer) clearTimeout(this.minorTimer);
    if (this.majorTimer) clearTimeout(this.majorTimer);
    this.minorTimer = setTimeout(() => this.run('minor'), this.minorAfterMs);
    this.majorTimer = setTimeout(() => this.run('major'), this.majorAfterMs);
    this.minorTimer.unref?.();
    this.majorTimer.unref?.();
  }

  private run(type: 'minor' | 'major'): void {
    if (!this.gc || !this.dirty) return;
    try {
      if (type === 'major') for (let i = 0; i < 3; i++) this.gc();
      else this.gc({ type: 'minor' });
    } catch {
      // an unexpected gc signature: leave it to V8
    }
    if (type === 'major') this.dirty = false;
  }

  dispose(): void {
    if (this.minorTimer) clearTimeout(this.minorTimer);
    if (this.majorTimer) clearTimeout(this.majorTimer);
  }
}
