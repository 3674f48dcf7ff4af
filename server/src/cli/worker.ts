/**
 * A worker of `suanpan check`'s pool (pool.ts; bundled as dist/cli-worker.js): a thread with an
 * engine of its own that checks the files it is sent, one at a time, and the groups of reports
 * checked against each other (check-file.ts, the same code as the sequential run).
 */
import { parentPort } from 'node:worker_threads';
import { createEngine, type Engine } from '../engine';
import type { ImportResult } from '../engine/read/import/blocks';
import {
  checkGroup,
  checkTask,
  lookTask,
  type CheckHow,
  type FileOutcome,
  type FileTask,
  type Look,
} from './check-file';

export type PoolJob =
  | { kind: 'look'; task: FileTask; identity: boolean }
  | { kind: 'check'; task: FileTask; how: CheckHow }
  | { kind: 'group'; tasks: FileTask[]; how: CheckHow; sets: string[][] };

export type PoolReply =
  | {
      kind: 'look';
      look?: Look;
      imported?: ImportResult | string;
      notes: string[];
    }
  | { kind: 'check'; outcome: FileOutcome }
  | { kind: 'group'; outcomes: FileOutcome[] }
  | { kind: 'failed'; message: string };

if (parentPort) {
  const port = parentPort;
  // workers check distinct reports and never fix (--fix runs in one thread): no incremental caches
  const engine = createEngine({ incremental: false });
  port.on('message', async (job: PoolJob) => {
    let reply: PoolReply;
    try {
      reply = await answer(engine, job);
    } catch (e) {
      reply = { kind: 'failed', message: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(reply);
  });
}

async function answer(engine: Engine, job: PoolJob): Promise<PoolReply> {
  if (job.kind === 'check') return { kind: 'check', outcome: await check(engine, job.task, job.how) };
  if (job.kind === 'group') return { kind: 'group', outcomes: checkGroup(engine, job.tasks, job.how, job.sets) };
  const notes: string[] = [];
  const imported = job.task.importHere ? await importOne(job.task.path, notes) : job.task.imported;
  return {
    kind: 'look',
    look: lookTask({ ...job.task, imported }, job.identity),
    notes,
    ...(job.task.importHere ? { imported } : {}),
  };
}

async function importOne(path: string, notes: string[]): Promise<ImportResult | string> {
  // the importers are loaded for a PDF or Word file only
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { importFile } = require('./import') as typeof import('./import');
  return importFile(path, { out: () => {}, err: (s) => notes.push(s) });
}

/** One file: a PDF or Word file imported first, here. */
async function check(engine: Engine, task: FileTask, how: CheckHow): Promise<FileOutcome> {
  if (!task.importHere) return checkTask(engine, task, how);
  const notes: string[] = [];
  const imported = await importOne(task.path, notes);
  const outcome = checkTask(engine, { ...task, imported }, how);
  return { ...outcome, notes };
}
