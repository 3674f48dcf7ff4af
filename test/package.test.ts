/**
 * The extension package: the files `npm run package` puts in the .vsix (listed by `vsce ls`,
 * which applies the same .vscodeignore) include what the PDF import needs at run time (pdf.js
 * and its worker, beside the bundled server, with their licence), and the server run from those
 * files alone (a copy without node_modules, as VS Code unpacks the .vsix) imports a PDF through
 * the protocol's import command.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { unzipSync } from 'fflate';
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

/** A PNG with a valid header, chunk CRCs and image data (of the given size, when given). */
function assertPng(buf: Uint8Array, width?: number, height?: number): void {
  const b = Buffer.from(buf);
  assert.deepEqual([...b.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'the PNG signature');
  assert.equal(b.toString('ascii', 12, 16), 'IHDR');
  if (width !== undefined) assert.equal(b.readUInt32BE(16), width);
  if (height !== undefined) assert.equal(b.readUInt32BE(20), height);
  const idat: Buffer[] = [];
  let ended = false;
  for (let at = 8; at < b.length;) {
    const len = b.readUInt32BE(at);
    const type = b.toString('ascii', at + 4, at + 8);
    if (type === 'IDAT') idat.push(b.subarray(at + 8, at + 8 + len));
    if (type === 'IEND') ended = true;
    at += 12 + len;
  }
  assert.ok(ended, 'the PNG ends with IEND');
  const raw = inflateSync(Buffer.concat(idat));
  assert.ok(raw.length >= b.readUInt32BE(20), 'image data for every row');
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
      'dist/server-main.js',
      'dist/check-worker.js',
      'dist/check-worker-main.js',
      'dist/web/extension.js',
      'dist/web/server.js',
      'dist/pdfjs/pdf.mjs',
      'dist/pdfjs/pdf.worker.mjs',
      'dist/pdfjs/LICENSE',
      'LICENSE',
      'CHANGELOG.md',
      'marketplace/README.md',
      'media/icon.png',
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

  test('a real extension package: the marketplace README, CHANGELOG, LICENSE, the icon, the walkthrough', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    // the .vsix itself, packaged as `npm run package` does (the build is done)
    const out = mkdtempSync(join(tmpdir(), 'suanpan-vsix-pkg-'));
    dirs.push(out);
    const vsix = join(out, 'suanpan.vsix');
    const script: string = manifest.scripts.package;
    const args = script.slice(script.indexOf('vsce package') + 'vsce '.length).split(/\s+/);
    args[args.indexOf('--out') + 1] = vsix;
    execFileSync(process.execPath, [VSCE, ...args], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
    const zip = unzipSync(new Uint8Array(readFileSync(vsix)));
    const text = (name: string) => new TextDecoder().decode(zip[name]);
    const entries = Object.keys(zip);
    // the marketplace README, not the developer one
    assert.equal(text('extension/readme.md'), readFileSync(join(ROOT, 'marketplace', 'README.md'), 'utf8'));
    assert.notEqual(text('extension/readme.md'), readFileSync(join(ROOT, 'README.md'), 'utf8'));
    assert.match(text('extension/readme.md'), /suanpan\.language/, 'the README lists the settings');
    assert.equal(text('extension/changelog.md'), readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8'));
    const license = entries.find((e) => /^extension\/LICENSE(\.txt)?$/i.test(e));
    assert.ok(license, `a LICENSE in ${entries.join(', ')}`);
    assert.equal(manifest.license, 'MIT');
    assert.match(text(license), /^MIT License/);
    // the icon: a real 128×128 PNG, the one gen-icon draws
    assert.equal(manifest.icon, 'media/icon.png');
    const icon = zip['extension/media/icon.png'];
    assert.ok(icon, 'the icon is packaged');
    assertPng(icon, 128, 128);
    const gen = execFileSync(process.execPath, [join(ROOT, 'scripts', 'gen-icon.mjs'), '--check'], {
      encoding: 'utf8',
    });
    assert.match(gen, /up to date/);
    // the README's pictures are packaged, real PNGs, relative to the package root
    for (const m of text('extension/readme.md').matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)) {
      assert.ok(!/^https?:/.test(m[1]), `a bundled picture: ${m[1]}`);
      assert.ok(zip[`extension/${m[1]}`], `packaged: ${m[1]}`);
      assertPng(zip[`extension/${m[1]}`]);
    }
    // the walkthrough: its pages and commands exist, its sample is packaged
    const [walk] = manifest.contributes.walkthroughs;
    assert.ok(walk.steps.length >= 3);
    const commands = new Set(manifest.contributes.commands.map((c: { command: string }) => c.command));
    for (const step of walk.steps) {
      const media = step.media.markdown ?? step.media.image;
      assert.ok(zip[`extension/${media}`], `the page of step ${step.id} is packaged: ${media}`);
      for (const m of String(step.description).matchAll(/\(command:([\w.]+)/g))
        assert.ok(commands.has(m[1]) || /^(workbench|suanpan\.relations\.focus)/.test(m[1]), m[1]);
    }
    for (const f of ['samples/changji-2024/report.md', 'samples/changji-2024/tables.yaml'])
      assert.equal(text(`extension/${f}`), readFileSync(join(ROOT, f), 'utf8'), f);
    assert.ok(
      text('extension/samples/changji-2024/report.md').includes('占72.08%'),
      'the figure the walkthrough changes',
    );
    // the rule pages the diagnostics link to when no public site is configured
    assert.ok(zip['extension/docs/rules/share.md']);
    console.log(`# the .vsix: ${entries.length} files, ${(statSync(vsix).size / 1024).toFixed(0)} KiB`);
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
