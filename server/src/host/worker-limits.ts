/**
 * The limits of the worker threads the hosts start (the editor's check worker, lsp/checker.ts;
 * the CLI's pool, cli/pool.ts). V8 lets a thread's young generation grow to 48 MB (two 16 MB
 * semi-spaces and their large objects) and keeps it resident once grown: 32 MB of the check
 * worker's 85 MB heap with 50 reports open. 12 MB (4 MB semi-spaces) costs about 3% more CPU
 * per check (measured on the seed and on a report ten times its size).
 */
export const WORKER_YOUNG_MB = 12;

export const WORKER_LIMITS = { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB } } as const;
