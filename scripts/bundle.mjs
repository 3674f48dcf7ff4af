// Bundles the CLI, the language server (and its check worker) and the VS Code client into single
// files (dist/), and copies pdf.js (an ES module with its worker beside it, loaded at run time by
// the PDF importer) to dist/pdfjs/, which the .vsix ships (it has no node_modules).
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// The yaml package's Node build reads process.env.LOG_TOKENS for every token it parses (an
// environment lookup each time: about a seventh of parsing the seed's tables file); its browser
// build is the same code without that (and warns through console.warn, not process.emitWarning).
const yamlBrowser = {
  name: 'suanpan-yaml-browser',
  setup(b) {
    const index = join(dirname(createRequire(import.meta.url).resolve('yaml/package.json')), 'browser', 'index.js');
    b.onResolve({ filter: /^yaml$/ }, () => ({ path: index }));
  },
};
const common = {
  bundle: true,
  platform: 'node',
  plugins: [yamlBrowser],
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
  // the language server: dist/server.js loads dist/server-main.js through V8's code cache (lsp/launch.ts)
  { entryPoints: ['server/src/lsp/launch.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/lsp/server.ts'], outfile: 'dist/server-main.js' },
  // the server's check worker, started by dist/server-main.js from beside it, the same way
  { entryPoints: ['server/src/lsp/check-worker-launch.ts'], outfile: 'dist/check-worker.js' },
  { entryPoints: ['server/src/lsp/check-worker.ts'], outfile: 'dist/check-worker-main.js' },
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // the engine alone, bundled as the hosts bundle it (the benchmarks measure this, what ships; not in the .vsix)
  { entryPoints: ['server/src/engine/index.ts'], outfile: 'dist/engine.js' },
];
for (const e of entries) {
  if (!existsSync(e.entryPoints[0])) continue;
  await build({ ...common, ...e });
}

// The web build (package.json "browser"): the client for the web extension host and the same
// language server as a web worker, bundled for the browser with server/src/web/node/ in place of
// the Node modules it imports (no disk, no worker threads: see server/src/lsp/server-web.ts).
const NODE_SHIMS = {
  'node:buffer': 'buffer',
  'node:path': 'path',
  'node:url': 'url',
  'node:fs': 'fs',
  'node:fs/promises': 'fs-promises',
  'node:worker_threads': 'worker_threads',
  'node:v8': 'v8',
  'node:vm': 'vm',
  'node:crypto': 'crypto',
};
const nodeShims = {
  name: 'suanpan-node-shims',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => {
      const shim = NODE_SHIMS[args.path];
      if (shim) return { path: join(process.cwd(), 'server/src/web/node', `${shim}.ts`) };
      return { errors: [{ text: `${args.path} has no web build (imported by ${args.importer})` }] };
    });
  },
};
const web = {
  ...common,
  platform: 'browser',
  target: 'es2022',
  // downloaded by the browser on every start: minified (the source maps stay out of the .vsix)
  minify: true,
  plugins: [nodeShims],
  inject: ['server/src/web/node/buffer.ts'],
  // the server reads a few environment variables and its own folder; a web worker has neither
  define: { 'process.env': '{}', __dirname: '"/"' },
};
await build({
  ...web,
  entryPoints: ['server/src/lsp/server-web.ts'],
  outfile: 'dist/web/server.js',
  format: 'iife',
});
await build({
  ...web,
  entryPoints: ['client/src/web.ts'],
  outfile: 'dist/web/extension.js',
  format: 'cjs',
  external: ['vscode'],
});

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
