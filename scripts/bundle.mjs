// Bundles the CLI, the language server (and its check worker) and the VS Code client into single
// files (dist/), and copies pdf.js (an ES module with its worker beside it, loaded at run time by
// the PDF importer) to dist/pdfjs/, which the .vsix ships (it has no node_modules).
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

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
  // the CLI: dist/cli.js loads dist/cli-main.js through V8's code cache (server/src/cli/launch.ts)
  { entryPoints: ['server/src/cli/launch.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  {
    entryPoints: ['server/src/cli/main.ts'],
    outfile: 'dist/cli-main.js',
    external: ['pdfjs-dist'], // ESM with its worker beside it: loaded from dist/pdfjs/ at run time
  },
  // the workers of the CLI's pool (a batch of files), started by dist/cli.js from beside it
  { entryPoints: ['server/src/cli/worker.ts'], outfile: 'dist/cli-worker.js', external: ['pdfjs-dist'] },
  { entryPoints: ['server/src/lsp/server.ts'], outfile: 'dist/server.js' },
  // the server's check worker, started by dist/server.js from beside it
  { entryPoints: ['server/src/lsp/check-worker.ts'], outfile: 'dist/check-worker.js' },
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
];
for (const e of entries) {
  if (!existsSync(e.entryPoints[0])) continue;
  await build({ ...common, ...e });
}

// pdf.js: the legacy build (runs on Node without browser globals), minified, under the names the
// importer and pdf.js itself look for (pdf.mjs loads ./pdf.worker.mjs beside it), with its licence
const pdfjsRoot = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const pdfjsOut = 'dist/pdfjs';
mkdirSync(pdfjsOut, { recursive: true });
for (const [from, to] of [
  ['legacy/build/pdf.min.mjs', 'pdf.mjs'],
  ['legacy/build/pdf.worker.min.mjs', 'pdf.worker.mjs'],
  ['LICENSE', 'LICENSE'],
])
  copyFileSync(join(pdfjsRoot, from), join(pdfjsOut, to));
const { version } = JSON.parse(readFileSync(join(pdfjsRoot, 'package.json'), 'utf8'));
writeFileSync(join(pdfjsOut, 'VERSION'), `pdfjs-dist ${version} (legacy/build, minified)\n`);
