/**
 * The extension package: the files `npm run package` puts in the .vsix (listed by `vsce ls`,
 * which applies the same .vscodeignore) include what the PDF import needs at run time (pdf.js
 * and its worker, beside the bundled server, with their licence), and the server run from those
 * files alone (a copy without node_modules, as VS Code unpacks the .vsix) imports a PDF through
 * the protocol's import command.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { importPdf } from '../server/src/engine/read/import/pdf';
import { IMPORT_COMMAND, type ImportReply } from '../server/src/lsp/import-protocol';
import { ROOT } from './helpers';
import { fileUri, LspClient } from './lsp/lsp-client';

const VSCE = join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
const PDF = join(ROOT, 'samples', 'shanghai-putuo-social-work-2024', 'report.pdf');

/** The files of the .vsix, as `vsce package --no-dependencies` would take them. */
function packaged(): string[] {
  const out = execFileSync(process.execPath, [VSCE, 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' });
  return out
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .sort();
}

const dirs: string[] = [];
let client: LspClient | undefined;
after(async () => {
  await client?.shutdown();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('the extension package', () => {
  const files = packaged();

  test('holds the bundles, the manifest and what the PDF import loads at run time', () => {
    for (const f of [
      'package.json',
      'package.nls.json',
      'package.nls.zh-cn.json',
      'dist/extension.js',
      'dist/server.js',
      'dist/pdfjs/pdf.mjs',
      'dist/pdfjs/pdf.worker.mjs',
      'dist/pdfjs/LICENSE',
    ])
      assert.ok(files.includes(f), `the package holds ${f}`);
    assert.deepEqual(
      files.filter((f) => f.startsWith('node_modules/') || f.startsWith('out/') || f.endsWith('.map')),
      [],
      'no node_modules, compiled tests or source maps',
    );
    // pdf.js loads its worker beside itself, under this name
    assert.match(readFileSync(join(ROOT, 'dist', 'pdfjs', 'pdf.mjs'), 'utf8'), /workerSrc\|\|="\.\/pdf\.worker\.mjs"/);
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    assert.ok(manifest.contributes.commands.some((c: { command: string }) => c.command === 'suanpan.importReport'));
    for (const nls of ['package.nls.json', 'package.nls.zh-cn.json'])
      assert.ok(JSON.parse(readFileSync(join(ROOT, nls), 'utf8'))['command.importReport'], `${nls}: the title`);
  });

  test('the server run from the packaged files alone imports a PDF (the import command)', async () => {
    const ext = mkdtempSync(join(tmpdir(), 'suanpan-vsix-'));
    const ws = mkdtempSync(join(tmpdir(), 'suanpan-vsix-ws-'));
    dirs.push(ext, ws);
    for (const f of files) {
      mkdirSync(dirname(join(ext, f)), { recursive: true });
      copyFileSync(join(ROOT, f), join(ext, f));
    }
    assert.ok(!existsSync(join(ext, 'node_modules')));
    const pdf = join(ws, 'report.pdf');
    copyFileSync(PDF, pdf);
    // started from another folder, so nothing resolves from the checkout's node_modules
    client = new LspClient(['--stdio'], join(ext, 'dist', 'server.js'), ws);
    const init = await client.initialize({ workspaceFolders: [{ uri: fileUri(ws), name: 'ws' }] });
    assert.ok(init.capabilities.executeCommandProvider?.commands.includes(IMPORT_COMMAND));
    const reply = await client.request<ImportReply>('workspace/executeCommand', {
      command: IMPORT_COMMAND,
      arguments: [{ uri: fileUri(pdf) }],
    });
    assert.equal(reply.status, 'written', JSON.stringify(reply));
    const expected = (await importPdf(new Uint8Array(readFileSync(PDF)))).markdown;
    assert.equal(
      readFileSync(join(ws, 'report.md'), 'utf8'),
      expected,
      'the same Markdown as the importer in the checkout',
    );
    assert.ok(!/napi-rs\/canvas|DOMMatrix/.test(client.stderr), client.stderr);
    // the import is checked as any report once opened
    const uri = fileUri(join(ws, 'report.md'));
    const published = client.waitForDiagnostics((p) => p.uri === uri, 20_000);
    await client.open(uri, expected);
    const ds = (await published).diagnostics;
    assert.ok(
      ds.some((d) => d.code === 'budget' && d.severity === 1 && /95\.89%/.test(d.message)),
      JSON.stringify(ds.map((d) => [d.code, d.message])),
    );
  });
});
