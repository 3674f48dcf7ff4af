/**
 * The check worker (dist/check-worker-main.js, run by dist/check-worker.js: check-worker-launch.ts):
 * a thread of the language server with an engine of its own. It runs one job at a time (a check,
 * or fix-all) for the main thread (checker.ts), which stops it when a check runs past its
 * deadline. A linked file is read from the open documents the main thread sent (else from the
 * disk), inside the document's workspace, as on the main thread. After a check's view is sent,
 * its hovers are computed in slices; a newer job interrupts them.
 */
import { parentPort } from 'node:worker_threads';
import {
  createEngine,
  hoverEntries,
  type CheckOptions,
  type CheckResult,
  type Engine,
  type HoverEntry,
} from '../engine';
import { codeCacheReady } from '../host/code-cache-hook';
import { confinedReadFile } from '../host/files';
import type { FileSync, Job, WorkerMessage } from './check-protocol';
import { exposeGc, IdleGc } from './idle-gc';
import { CrossIndex } from './cross';
import { DiskPartners } from './disk-partners';
import type { DocIdentity } from '../engine/cross';
import { relationsOf, viewOf } from './views';

/** Hovers computed between two looks at the message queue. */
const HOVERS_PER_SLICE = 64;
/** The time of a check when its options name none (the partners on disk take part of it). */
const DEFAULT_BUDGET_MS = 8000;
/** Results kept for fix-all (by document): the last few checked. */
const KEEP_RESULTS = 2;

export function runWorker(port: NonNullable<typeof parentPort>): void {
  // SUANPAN_NO_INCREMENTAL=1: every check from scratch (a before/after measure of the engine's caches)
  const engine = createEngine({ incremental: !process.env.SUANPAN_NO_INCREMENTAL });
  const open = new Map<string, string>();
  const results = new Map<string, { text: string; result: CheckResult }>();
  const queue: Job[] = [];
  let busy = false;
  const post = (m: WorkerMessage) => port.postMessage(m);
  // the worker's heap is its own: collected when it has been idle, as the main thread's
  const idleGc = new IdleGc(process.env.SUANPAN_NO_IDLE_GC ? undefined : exposeGc());

  const cross = new CrossIndex();
  // the partners on disk, checked by an engine of their own (the open documents' caches stay theirs)
  const disk = new DiskPartners(createEngine({ incremental: false }));
  const sync = ({ files, closed, forget, disk: list, diskChanged }: FileSync) => {
    for (const p of closed) open.delete(p);
    for (const f of files) open.set(f.path, f.text);
    for (const u of forget ?? []) cross.remove(u);
    if (list) disk.setFiles(list);
    if (diskChanged) disk.changed(diskChanged);
  };
  const optionsOf = (job: Job) => optionsFor(job, open);
  const checkCrossed = (job: Job, readDisk = true) =>
    crossChecked(engine, { cross, disk, open }, job, optionsOf(job), readDisk);
  const keep = (uri: string, text: string, result: CheckResult) => {
    results.delete(uri);
    results.set(uri, { text, result });
    while (results.size > KEEP_RESULTS) results.delete(results.keys().next().value!);
  };

  const runJob = async (job: Job): Promise<void> => {
    sync(job);
    if (job.type === 'fixAll') {
      const last = results.get(job.uri);
      const first = last?.text === job.text ? last.result : undefined;
      post({ type: 'fixed', id: job.id, edits: engine.fixAll(job.text, optionsOf(job), first).edits });
      return;
    }
    if (job.type === 'hovers' || job.type === 'relations') {
      const last = results.get(job.uri);
      // the partners on disk already read only: the answer is wanted now
      const result = last?.text === job.text ? last.result : checkCrossed(job, false).result;
      if (job.type === 'relations')
        return post({ type: 'relations', id: job.id, view: relationsOf(engine, result, job.options.lang) });
      post({ type: 'hovers', id: job.id, entries: [...hoverEntries(result, job.options.lang)] });
      return;
    }
    const { result, ...crossed } = checkCrossed(job);
    keep(job.uri, job.text, result);
    post({ type: 'checked', id: job.id, view: { ...viewOf(engine, result), ...crossed } });
    if (!job.hovers) return post({ type: 'hovers', id: job.id, entries: null });
    const entries: HoverEntry[] = [];
    const it = hoverEntries(result, job.options.lang);
    for (let n = 0; ; n++) {
      const next = it.next();
      if (next.done) break;
      entries.push(next.value);
      if (n % HOVERS_PER_SLICE === HOVERS_PER_SLICE - 1) {
        await new Promise((r) => setImmediate(r));
        // a newer job first: these hovers would be late (the main thread keeps the previous ones)
        if (queue.length && !job.hoversFirst) return post({ type: 'hovers', id: job.id, entries: null });
      }
    }
    post({ type: 'hovers', id: job.id, entries });
  };

  const drain = async () => {
    if (busy) return;
    busy = true;
    while (queue.length) {
      const job = queue.shift()!;
      try {
        await runJob(job);
      } catch (e) {
        post({ type: 'failed', id: job.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      }
    }
    busy = false;
    idleGc.poke();
    // the code cache (check-worker-launch.ts) once the functions a check runs are compiled
    codeCacheReady();
  };

  port.on('message', (job: Job) => {
    queue.push(job);
    void drain();
  });
  post({ type: 'ready' });
}

/** A job's check options: a linked file read from the open documents, else the disk, inside the root. */
function optionsFor(job: Job, open: Map<string, string>): CheckOptions {
  const path = job.options.path;
  const readFile =
    path && job.root !== undefined ? confinedReadFile(job.root, path, {}, (p) => open.get(p)) : undefined;
  return { ...job.options, readFile };
}

interface Crossed {
  result: CheckResult;
  recheck: string[];
  identity?: DocIdentity;
  diskPartners?: string[];
  morePartners?: boolean;
  crossChanged?: boolean;
}

/**
 * The check, then against the other reports: the open ones checked here (cross.ts) and those on
 * disk that may pair with it (disk-partners.ts); the open partners to check again.
 */
function crossChecked(
  engine: Engine,
  { cross, disk, open }: { cross: CrossIndex; disk: DiskPartners; open: Map<string, string> },
  job: Job,
  options: CheckOptions,
  readDisk: boolean,
): Crossed {
  const began = Date.now();
  const result = engine.check(job.text, options);
  if (!result.isReport) return { result, recheck: [] };
  const entry = engine.crossEntry(result);
  const changed = cross.index(job.uri, entry);
  const sets = job.sets ?? [];
  // the partners on disk not read yet take at most half of what is left of the check's time
  const left = (options.timeBudgetMs ?? DEFAULT_BUDGET_MS) - (Date.now() - began);
  const budget = readDisk ? Math.max(0, left / 2) : 0;
  const fromDisk =
    job.root !== undefined && entry.path
      ? disk.partnersOf(entry, cross.all(), job.root, (p) => open.get(p), sets, budget, linkedPaths(result))
      : { entries: [], more: false };
  const base = {
    identity: entry.identity,
    diskPartners: fromDisk.entries.map((e) => e.path!),
    morePartners: fromDisk.more || undefined,
    crossChanged: changed,
  };
  const all = [...cross.all(), ...fromDisk.entries];
  if (all.length < 2) return { result, recheck: [], ...base };
  let out: CheckResult;
  try {
    out = engine.crossCheck(result, { partners: all, sets }, options);
  } catch {
    return { result, recheck: [], ...base }; // the report's own findings stand
  }
  const recheck = new Set<string>();
  if (changed)
    for (const pair of out.cross?.pairs ?? [])
      for (const p of pair.partners) {
        const u = cross.uriOf(p);
        if (u && u !== job.uri) recheck.add(u);
      }
  return { result: out, recheck: [...recheck], ...base };
}

/** The files a check read besides the document (its linked tables file), by path. */
function linkedPaths(result: CheckResult): string[] {
  return result.linked.flatMap((d) => (d.path ? [d.path] : []));
}

if (parentPort) runWorker(parentPort);
