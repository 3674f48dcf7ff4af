/**
 * A worker of `suanpan check`'s pool (pool.ts; bundled as dist/cli-worker.js): a thread with an
 * engine of its own that checks the files it is sent, one at a time, and the groups of reports
 * checked against each other (check-file.ts, the same code as the sequential run).
 */
import { parentPort } from 'node:worker_threads';
import { createEngine, type Engine, type Finding } from '../engine';
import { checkTask, crossTasks, type CheckHow, type FileOutcome, type FileTask } from './check-file';

export type PoolJob =
  { kind: 'check'; task: FileTask; how: CheckHow } | { kind: 'cross'; tasks: FileTask[]; sets: string[][] };

export type PoolReply =
  | { kind: 'check'; outcome: FileOutcome }
  | { kind: 'cross'; results: Array<{ i: number; findings?: Finding[]; problem?: string }> }
  | { kind: 'failed'; message: string };

if (parentPort) {
  const port = parentPort;
  const engine = createEngine();
  port.on('message', async (job: PoolJob) => {
    let reply: PoolReply;
    try {
      reply =
        job.kind === 'check'
          ? { kind: 'check', outcome: await check(engine, job.task, job.how) }
          : { kind: 'cross', results: crossTasks(engine, job.tasks, job.sets) };
    } catch (e) {
      reply = { kind: 'failed', message: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(reply);
  });
}

/** One file: a PDF or Word file imported first, here (its import is sent back for the checks across reports). */
async function check(engine: Engine, task: FileTask, how: CheckHow): Promise<FileOutcome> {
  if (!task.importHere) return checkTask(engine, task, how);
  const notes: string[] = [];
  // the importers are loaded for a PDF or Word file only
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { importFile } = require('./import') as typeof import('./import');
  const imported = await importFile(task.path, { out: () => {}, err: (s) => notes.push(s) });
  const outcome = checkTask(engine, { ...task, imported }, how);
  return { ...outcome, notes, ...(how.identity ? { imported } : {}) };
}
