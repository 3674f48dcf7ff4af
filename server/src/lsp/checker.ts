/**
 * The main thread's side of the check worker (check-worker.ts): jobs are queued here and sent one
 * at a time, so the deadline of a check counts from when the worker starts it. A check past its
 * deadline is stopped (the worker terminated and a new one started) and answered `timeout`; a
 * queued check of a document is replaced by a newer one of the same document (`superseded`).
 * The open documents are sent along with the jobs, only those changed since the worker last heard.
 */
import { Worker } from 'node:worker_threads';
import { WORKER_LIMITS } from '../host/worker-limits';
import type { HoverEntry, RelationsView, TextEdit } from '../engine';
import type { CheckView, FileSync, Job, OpenFile, WireOptions, WorkerMessage } from './check-protocol';

/** The checks a fix-all job may run (its deadline is this many checks'). */
const FIX_ALL_CHECKS = 5;

export type CheckOutcome =
  | { kind: 'done'; view: CheckView }
  | { kind: 'timeout'; ms: number }
  | { kind: 'superseded' }
  | { kind: 'failed'; error: string };

export interface CheckRequest {
  uri: string;
  /** The document version the text is of. */
  version: number;
  text: string;
  options: WireOptions;
  root?: string;
  /** Compute the check's hovers after its view (the document is being hovered). */
  hovers?: boolean;
  /** The report sets of its `.suanpan.yaml`. */
  sets?: string[][];
  /** Compute the check's hovers even when a newer job waits (the document has none yet). */
  hoversFirst?: boolean;
}

export interface CheckerOptions {
  /** The worker's script (dist/check-worker.js beside the server). */
  script: string;
  /** The longest a check may run before it is stopped, in ms. */
  deadlineMs: number;
  /** The open documents a check may read (their path, version and text). */
  openFiles: () => Array<{ path: string; version: number; text: () => string }>;
  /** The workspace's report files a report's partners on disk are looked for in (its version counts its changes). */
  diskFiles?: () => { version: number; paths: string[] };
  /** The hovers of a check, once computed (after its outcome). */
  onHovers?: (uri: string, request: CheckRequest, entries: HoverEntry[] | null) => void;
  log?: (msg: string) => void;
}

interface Pending {
  job: Job;
  request: CheckRequest;
  resolve: (x: CheckOutcome | TextEdit[] | HoverEntry[] | RelationsView | undefined) => void;
}

export class Checker {
  private worker?: Worker;
  private ready = false;
  private queue: Pending[] = [];
  private running?: Pending & { timer: ReturnType<typeof setTimeout> };
  /** The check whose outcome was sent and whose hovers may follow, by job id. */
  private awaitingHovers = new Map<number, CheckRequest>();
  /** What the current worker has of the open documents: path → version. */
  private sent = new Map<string, number>();
  private nextId = 1;
  private disposed = false;
  /** Workers that exited before they were ready, in a row: after a few, the worker is given up. */
  private failedStarts = 0;
  /** Set when the worker cannot be started: every job is then answered `failed` (the caller checks itself). */
  broken?: string;
  /** Workers started (1 + the restarts after a deadline or a crash). */
  starts = 0;

  constructor(private readonly opts: CheckerOptions) {
    // started at once: the first check need not wait for the worker to load
    this.start();
  }

  get deadlineMs(): number {
    return this.opts.deadlineMs;
  }

  set deadlineMs(ms: number) {
    this.opts.deadlineMs = ms;
  }

  /** Documents closed since the last job: the worker drops them from the reports it compares. */
  private forgotten = new Set<string>();
  /** The version of the list of report files on disk the current worker has (-1: none). */
  private sentDisk = -1;
  /** Files changed on disk since the last job (the worker reads them again). */
  private diskChanged = new Set<string>();

  forget(uri: string): void {
    this.forgotten.add(uri);
  }

  /** A file changed on disk: the worker's identity and figures of it are stale. */
  changedOnDisk(path: string): void {
    this.diskChanged.add(path);
  }

  /** Whether a job is running or waiting. */
  busy(): boolean {
    return !!this.running || this.queue.length > 0;
  }

  check(request: CheckRequest): Promise<CheckOutcome> {
    // a queued check of the same document is overtaken by this one
    for (const p of this.queue.filter((q) => q.job.type === 'check' && q.request.uri === request.uri)) {
      this.queue.splice(this.queue.indexOf(p), 1);
      p.resolve({ kind: 'superseded' });
    }
    return this.enqueue('check', request) as Promise<CheckOutcome>;
  }

  /** The edits of every certain fix (to a fixed point), or undefined when the worker could not say. */
  fixAll(request: CheckRequest): Promise<TextEdit[] | undefined> {
    return this.enqueue('fixAll', request) as Promise<TextEdit[] | undefined>;
  }

  /** The hovers of a check computed again (null when the worker could not say). */
  hovers(request: CheckRequest): Promise<HoverEntry[] | null> {
    return this.enqueue('hovers', request).then((x) => (Array.isArray(x) ? (x as HoverEntry[]) : null));
  }

  /** The relations view of a check (null: not a report, or the worker could not say). */
  relations(request: CheckRequest): Promise<RelationsView | null> {
    return this.enqueue('relations', request).then((x) => (x as RelationsView | undefined) ?? null);
  }

  private enqueue(type: Job['type'], request: CheckRequest): Promise<unknown> {
    if (this.disposed) return Promise.resolve(type === 'check' ? { kind: 'failed', error: 'disposed' } : undefined);
    return new Promise((resolve) => {
      const job = { type, id: this.nextId++, ...request, files: [], closed: [] } as Job;
      this.queue.push({ job, request, resolve });
      this.pump();
    });
  }

  private start(): void {
    this.starts++;
    this.ready = false;
    this.sent.clear();
    // a new worker knows nothing of the disk: the list is sent again, and it reads every file afresh
    this.sentDisk = -1;
    this.diskChanged.clear();
    let w: Worker;
    try {
      w = new Worker(this.opts.script, WORKER_LIMITS);
    } catch (e) {
      this.broken = `the check worker cannot start: ${e instanceof Error ? e.message : String(e)}`;
      this.opts.log?.(this.broken);
      return this.pump();
    }
    // the server's connection keeps the process alive, not its worker
    w.unref();
    this.worker = w;
    w.on('message', (m: WorkerMessage) => this.onMessage(w, m));
    w.on('error', (e) => this.onExit(w, `the check worker failed: ${e.stack ?? e.message}`));
    w.on('exit', (code) => this.onExit(w, `the check worker exited (${code})`));
  }

  private pump(): void {
    if (this.broken) for (const p of this.queue.splice(0)) p.resolve(failed(p.job, this.broken));
    if (this.disposed || this.running || !this.queue.length) return;
    if (!this.worker || !this.ready) return;
    const next = this.queue.shift()!;
    Object.assign(next.job, this.syncFor());
    // fix-all checks the text again until nothing certain is left (at most five times)
    const ms = next.job.type === 'fixAll' ? this.opts.deadlineMs * FIX_ALL_CHECKS : this.opts.deadlineMs;
    const timer = setTimeout(() => this.timedOut(ms), ms);
    this.running = { ...next, timer };
    this.worker.postMessage(next.job);
  }

  /** The open documents the worker has not seen as they are now (the checked one comes as the job's text). */
  private syncFor(): FileSync {
    const files: OpenFile[] = [];
    const now = new Set<string>();
    for (const f of this.opts.openFiles()) {
      now.add(f.path);
      if (this.sent.get(f.path) === f.version) continue;
      this.sent.set(f.path, f.version);
      files.push({ path: f.path, version: f.version, text: f.text() });
    }
    const closed = [...this.sent.keys()].filter((p) => !now.has(p));
    for (const p of closed) this.sent.delete(p);
    const forget = [...this.forgotten];
    this.forgotten.clear();
    const sync: FileSync = { files, closed, forget };
    const disk = this.opts.diskFiles?.();
    if (disk && disk.version !== this.sentDisk) {
      this.sentDisk = disk.version;
      sync.disk = disk.paths;
    }
    if (this.diskChanged.size) {
      sync.diskChanged = [...this.diskChanged];
      this.diskChanged.clear();
    }
    return sync;
  }

  private onMessage(w: Worker, m: WorkerMessage): void {
    if (w !== this.worker) return;
    if (m.type === 'ready') {
      this.ready = true;
      this.failedStarts = 0;
      return this.pump();
    }
    if ((m.type === 'hovers' || m.type === 'relations') && this.running?.job.id === m.id) {
      // asked for (a hovers or relations job), not following a check
      const run = this.running;
      clearTimeout(run.timer);
      this.running = undefined;
      run.resolve((m.type === 'hovers' ? m.entries : m.view) ?? undefined);
      return this.pump();
    }
    if (m.type === 'relations') return;
    if (m.type === 'hovers') {
      const request = this.awaitingHovers.get(m.id);
      this.awaitingHovers.delete(m.id);
      if (request) this.opts.onHovers?.(request.uri, request, m.entries);
      return;
    }
    const run = this.running;
    if (!run || run.job.id !== m.id) return;
    clearTimeout(run.timer);
    this.running = undefined;
    // hovers come after the view, unless a newer job interrupts them: keep only the latest
    this.dropHovers();
    if (m.type === 'checked') {
      this.awaitingHovers.set(m.id, run.request);
      run.resolve({ kind: 'done', view: m.view });
    } else if (m.type === 'fixed') run.resolve(m.edits);
    else run.resolve(failed(run.job, m.error));
    this.pump();
  }

  /** The hovers still awaited will not come. */
  private dropHovers(): void {
    for (const [, r] of this.awaitingHovers) this.opts.onHovers?.(r.uri, r, null);
    this.awaitingHovers.clear();
  }

  private timedOut(ms: number): void {
    const run = this.running;
    if (!run) return;
    this.running = undefined;
    this.opts.log?.(`${run.job.type} of ${run.request.uri} stopped after ${ms} ms`);
    this.restart();
    run.resolve(run.job.type === 'check' ? { kind: 'timeout', ms } : undefined);
  }

  /** A new worker in place of the current one (stopped, or gone). */
  private restart(): void {
    const old = this.worker;
    this.worker = undefined;
    this.dropHovers();
    if (old) void old.terminate();
    if (!this.disposed && !this.broken) this.start();
  }

  private onExit(w: Worker, why: string): void {
    if (w !== this.worker) return; // terminated on purpose
    this.opts.log?.(why);
    if (!this.ready && ++this.failedStarts >= 3) this.broken = why;
    const run = this.running;
    this.running = undefined;
    if (run) clearTimeout(run.timer);
    this.restart();
    run?.resolve(failed(run.job, why));
    this.pump();
  }

  dispose(): void {
    this.disposed = true;
    const w = this.worker;
    this.worker = undefined;
    if (w) void w.terminate();
    if (this.running) clearTimeout(this.running.timer);
    for (const p of [...(this.running ? [this.running] : []), ...this.queue]) p.resolve(failed(p.job, 'disposed'));
    this.running = undefined;
    this.queue = [];
  }
}

function failed(job: Job, error: string): CheckOutcome | undefined {
  return job.type === 'check' ? { kind: 'failed', error } : undefined;
}
