/**
 * The worker pool of `suanpan check` on many files: `size` threads (worker.ts), each sent one job
 * at a time from a shared queue, so a slow file holds up one thread, not the batch. A worker that
 * dies fails its job (the file's problem) and is replaced for the jobs left.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { WORKER_LIMITS } from '../host/worker-limits';
import type { PoolJob, PoolReply } from './worker';

interface Pending {
  job: PoolJob;
  done: (r: PoolReply) => void;
}

/** The worker's script: dist/cli-worker.js beside the bundled CLI, else the compiled worker.js beside this file. */
export function workerScript(dir = __dirname): string {
  const bundled = join(dir, 'cli-worker.js');
  return existsSync(bundled) ? bundled : join(dir, 'worker.js');
}

export class Pool {
  private readonly queue: Pending[] = [];
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private closed = false;

  constructor(
    private readonly size: number,
    private readonly script = workerScript(),
  ) {
    for (let i = 0; i < size; i++) this.idle.push(this.start());
  }

  run(job: PoolJob): Promise<PoolReply> {
    return new Promise((done) => {
      this.queue.push({ job, done });
      this.pump();
    });
  }

  close(): Promise<unknown> {
    this.closed = true;
    const all = [...this.idle, ...this.busy.keys()];
    this.idle.length = 0;
    return Promise.all(all.map((w) => w.terminate()));
  }

  private start(): Worker {
    const w = new Worker(this.script, WORKER_LIMITS);
    w.on('message', (reply: PoolReply) => {
      const p = this.busy.get(w);
      this.busy.delete(w);
      this.idle.push(w);
      p?.done(reply);
      this.pump();
    });
    const fail = (why: string) => {
      const p = this.busy.get(w);
      this.busy.delete(w);
      const at = this.idle.indexOf(w);
      if (at >= 0) this.idle.splice(at, 1);
      if (this.closed) return;
      if (this.idle.length + this.busy.size < this.size) this.idle.push(this.start());
      p?.done({ kind: 'failed', message: why });
      this.pump();
    };
    w.on('error', (e) => fail(e instanceof Error ? e.message : String(e)));
    w.on('exit', (code) => fail(`the worker stopped (exit ${code})`));
    return w;
  }

  private pump(): void {
    while (this.idle.length && this.queue.length) {
      const w = this.idle.pop()!;
      const p = this.queue.shift()!;
      this.busy.set(w, p);
      w.postMessage(p.job);
    }
  }
}
