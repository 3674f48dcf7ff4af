/**
 * The Node options the editor starts the language server with (client/src/extension.ts; the
 * latency and memory bench, scripts/bench-lsp.mjs, starts it the same way). V8 grows a thread's
 * young generation up to two 16 MB semi-spaces and never gives it back (a full collection leaves
 * it as it is): with 2 MB semi-spaces the server's main thread, which mostly passes messages,
 * holds 4 MB there instead of 10 to 26 MB (measured with 50 reports open), at a few percent
 * of CPU per check. The worker threads' limit is their resourceLimits (host/worker-limits.ts).
 */
export const SERVER_NODE_ARGS: readonly string[] = ['--max-semi-space-size=2'];
