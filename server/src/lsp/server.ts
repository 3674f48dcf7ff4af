/**
 * Entry point of the bundled language server (dist/server.js). The transport comes from the
 * command line: `--stdio` for any LSP client, `--node-ipc` (what VS Code uses), or
 * `--socket=PORT`.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
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
startServer(createConnection(ProposedFeatures.all));
