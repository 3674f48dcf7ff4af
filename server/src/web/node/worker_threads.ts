/**
 * `node:worker_threads` for the web build: no check worker can be started, so the language server
 * (itself a web worker, off the editor's thread) checks on its own thread (Checker.broken).
 */
export class Worker {
  constructor(script: string) {
    throw new Error(`no worker threads in the web extension host (${script})`);
  }
}
export const parentPort = null;
export const isMainThread = true;
