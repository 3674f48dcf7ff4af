/**
 * Entry point of the bundled language server (dist/server-main.js, run by dist/server.js: launch.ts).
 * The transport comes from the command line: `--stdio` for any LSP client, `--node-ipc` (what VS Code uses), or
 * `--socket=PORT`.
 */
import { format } from 'node:util';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { FrameGuard } from './frame-guard';
import { startServer } from './language-server';

if (
  !process.argv.some(
    (a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket=') || a.startsWith('--pipe='),
  ) &&
  !process.send
) {
  process.stderr.write('suanpan language server: pass --stdio, --node-ipc or --socket=PORT\n');
  process.exit(2);
}
if (process.argv.includes('--stdio')) {
  // stdout carries the protocol: anything printed goes to stderr instead
  for (const k of ['log', 'info', 'warn', 'error', 'debug'] as const)
    console[k] = (...args: unknown[]) => void process.stderr.write(format(...args) + '\n');
  // a broken frame is logged and skipped (see frame-guard.ts) instead of silencing the server
  const input = process.stdin.pipe(new FrameGuard((msg) => process.stderr.write(`[suanpan] ${msg}\n`)));
  process.stdin.on('end', () => input.end());
  startServer(createConnection(ProposedFeatures.all, input, process.stdout));
} else startServer(createConnection(ProposedFeatures.all));
