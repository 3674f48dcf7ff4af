/**
 * The layers: the CLI never reaches into the language server, and the engine is a pure library
 * (no file system, no path handling, no editor or LSP packages). Checked on the import
 * statements (import, export … from, import(), require) of every .ts file.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, test } from 'node:test';
import ts from 'typescript';
import { ROOT } from './helpers';

const SRC = join(ROOT, 'server', 'src');

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tsFiles(p));
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** The module specifiers a file imports. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles.map((f) => f.fileName);
}

/** Whether `spec`, imported from `file`, resolves inside `dir`. */
function inside(file: string, spec: string, dir: string): boolean {
  if (!spec.startsWith('.')) return false;
  const target = resolve(dirname(file), spec);
  return target === dir || target.startsWith(dir + sep);
}

const FORBIDDEN_IN_ENGINE = /^(node:)?(fs|path)(\/.*)?$|^vscode$|^vscode-languageserver/;

describe('layering', () => {
  test('the scan sees the imports', () => {
    const cli = tsFiles(join(SRC, 'cli'));
    assert.ok(cli.length > 0);
    assert.ok(importsOf(join(SRC, 'cli', 'main.ts')).includes('node:fs'));
    assert.ok(tsFiles(join(SRC, 'engine')).length > 20);
  });

  test('no file under server/src/cli imports server/src/lsp', () => {
    const lsp = join(SRC, 'lsp');
    const bad = tsFiles(join(SRC, 'cli')).flatMap((f) =>
      importsOf(f)
        .filter((spec) => inside(f, spec, lsp))
        .map((spec) => `${relative(ROOT, f)}: ${spec}`),
    );
    assert.deepEqual(bad, []);
  });

  test('server/src/config, shared by the hosts, imports neither of them nor an editor package', () => {
    const hosts = [join(SRC, 'lsp'), join(SRC, 'cli')];
    const bad = tsFiles(join(SRC, 'config')).flatMap((f) =>
      importsOf(f)
        .filter((spec) => hosts.some((h) => inside(f, spec, h)) || /^vscode($|-languageserver)/.test(spec))
        .map((spec) => `${relative(ROOT, f)}: ${spec}`),
    );
    assert.deepEqual(bad, []);
  });

  test('no file under server/src/engine imports fs, path, vscode or vscode-languageserver', () => {
    const bad = tsFiles(join(SRC, 'engine')).flatMap((f) =>
      importsOf(f)
        .filter((spec) => FORBIDDEN_IN_ENGINE.test(spec))
        .map((spec) => `${relative(ROOT, f)}: ${spec}`),
    );
    assert.deepEqual(bad, []);
  });

  test('the forbidden pattern matches what it should', () => {
    for (const s of ['fs', 'node:fs', 'path', 'node:path', 'fs/promises', 'vscode', 'vscode-languageserver'])
      assert.ok(FORBIDDEN_IN_ENGINE.test(s), s);
    for (const s of ['vscode-languageserver-textdocument', 'vscode-languageserver/node'])
      assert.ok(FORBIDDEN_IN_ENGINE.test(s), s);
    for (const s of ['yaml', 'decimal.js', './fs-like', 'node:url', 'pathe'])
      assert.ok(!FORBIDDEN_IN_ENGINE.test(s), s);
  });
});
