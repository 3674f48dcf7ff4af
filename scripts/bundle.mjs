// Bundles the CLI, the language server (and its check worker) and the VS Code client into single files (dist/).
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  legalComments: 'none',
};
const entries = [
  {
    entryPoints: ['server/src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    external: ['pdfjs-dist'], // ESM with its worker beside it: loaded from node_modules at run time
  },
  { entryPoints: ['server/src/lsp/server.ts'], outfile: 'dist/server.js' },
  // the server's check worker, started by dist/server.js from beside it
  { entryPoints: ['server/src/lsp/check-worker.ts'], outfile: 'dist/check-worker.js' },
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
];
for (const e of entries) {
  if (!existsSync(e.entryPoints[0])) continue;
  await build({ ...common, ...e });
}
