/**
 * When to check a document. A change after a quiet spell is checked at once (so a single
 * correction shows its result immediately); changes that follow each other within the
 * debounce interval are coalesced and checked once the typing pauses. Opening, saving and a
 * settings change are checked at once. A run that a newer change has overtaken is dropped
 * (the runner compares the document version after every await), so stale results are never
 * published. The checks run in the check worker (checker.ts); a request answered from a check
 * result (hover, code actions) answers from the latest finished one, and waits for the check
 * scheduled or running (`settled`) only when none has finished yet.
 */

export type Reason = 'open' | 'change' | 'save' | 'config';

interface State {
  timer?: ReturnType<typeof setTimeout>;
  lastChange: number;
  /** Strongest reason accumulated since the last run (a save or open beats a change). */
  reason?: Reason;
  generation: number;
}

export class Scheduler {
  private states = new Map<string, State>();
  /** Runs started and not finished, by document. */
  private running = new Map<string, number>();
  private waiters = new Map<string, Array<() => void>>();

  constructor(
    private readonly run: (uri: string, reason: Reason, generation: number) => void | Promise<unknown>,
    public debounceMs = 200,
    private readonly now: () => number = () => performance.now(),
  ) {}

  schedule(uri: string, reason: Reason): void {
    let s = this.states.get(uri);
    if (!s) {
      s = { lastChange: -Infinity, generation: 0 };
      this.states.set(uri, s);
    }
    const t = this.now();
    const pending = s.timer !== undefined;
    if (s.timer) clearTimeout(s.timer);
    s.reason = strongest(s.reason, reason);
    let delay = 0;
    if (reason === 'change') {
      const quiet = !pending && t - s.lastChange >= this.debounceMs;
      delay = quiet ? 0 : this.debounceMs;
      s.lastChange = t;
    }
    const generation = ++s.generation;
    s.timer = setTimeout(() => {
      s!.timer = undefined;
      const r = s!.reason ?? reason;
      s!.reason = undefined;
      this.started(uri, this.run(uri, r, generation));
    }, delay);
  }

  private started(uri: string, run: void | Promise<unknown>): void {
    if (!run) return this.wake(uri);
    this.running.set(uri, (this.running.get(uri) ?? 0) + 1);
    const done = () => {
      const n = (this.running.get(uri) ?? 1) - 1;
      if (n > 0) this.running.set(uri, n);
      else this.running.delete(uri);
      this.wake(uri);
    };
    run.then(done, done);
  }

  /** Whether a check of the document is scheduled or running. */
  busy(uri: string): boolean {
    return this.states.get(uri)?.timer !== undefined || this.running.has(uri);
  }

  /** Resolves once no check of the document is scheduled or running (or after `maxMs`). */
  settled(uri: string, maxMs = 2000): Promise<void> {
    if (!this.busy(uri)) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, maxMs);
      const list = this.waiters.get(uri) ?? [];
      list.push(() => {
        clearTimeout(timer);
        resolve();
      });
      this.waiters.set(uri, list);
    });
  }

  private wake(uri: string): void {
    if (this.busy(uri)) return;
    const list = this.waiters.get(uri);
    this.waiters.delete(uri);
    for (const w of list ?? []) w();
  }

  /** Whether a run started with this generation is still the newest for the document. */
  isCurrent(uri: string, generation: number): boolean {
    const s = this.states.get(uri);
    return !!s && s.generation === generation && s.timer === undefined;
  }

  cancel(uri: string): void {
    const s = this.states.get(uri);
    if (s?.timer) clearTimeout(s.timer);
    this.states.delete(uri);
    this.wake(uri);
  }

  dispose(): void {
    for (const uri of [...this.states.keys()]) this.cancel(uri);
  }
}

const RANK: Record<Reason, number> = { change: 0, config: 1, save: 2, open: 3 };

function strongest(a: Reason | undefined, b: Reason): Reason {
  return a === undefined || RANK[b] > RANK[a] ? b : a;
}
