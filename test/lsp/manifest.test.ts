/** The extension manifest: complete, localised, and in step with the engine's rules. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { RULES } from '../../server/src/engine';
import { ROOT } from './fixtures';

const read = (f: string) => JSON.parse(readFileSync(join(ROOT, f), 'utf8'));
const pkg = read('package.json');
const en = read('package.nls.json');
const zh = read('package.nls.zh-cn.json');

describe('extension manifest', () => {
  test('in step with the rule registry (else: npm run build && npm run gen:manifest)', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'gen-editor-manifest.mjs'), '--check'], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(
      Object.keys(pkg.contributes.configuration.properties['suanpan.rules'].properties).sort(),
      RULES.map((x) => x.id).sort(),
    );
  });

  test('every %placeholder% has an English and a Chinese text', () => {
    const keys = [...JSON.stringify(pkg).matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
    assert.ok(keys.length > 20);
    for (const k of keys) {
      assert.ok(typeof en[k] === 'string' && en[k].length > 0, `package.nls.json lacks ${k}`);
      assert.ok(typeof zh[k] === 'string' && zh[k].length > 0, `package.nls.zh-cn.json lacks ${k}`);
    }
  });

  test('activation, engine, entry point and contributed files', () => {
    assert.ok(
      pkg.activationEvents.includes('onLanguage:markdown') &&
        pkg.activationEvents.includes('onLanguage:plaintext') &&
        pkg.activationEvents.includes('onLanguage:yaml'),
    );
    // code-server 4.100.3 is VS Code 1.100.3; vscode-languageclient 9 needs 1.82
    const min = /^\^1\.(\d+)\.\d+$/.exec(pkg.engines.vscode);
    assert.ok(min && Number(min[1]) <= 100 && Number(min[1]) >= 82, pkg.engines.vscode);
    assert.equal(pkg.main, './dist/extension.js');
    for (const g of pkg.contributes.grammars ?? []) assert.ok(existsSync(join(ROOT, g.path)), g.path);
    for (const y of pkg.contributes.yamlValidation) assert.ok(existsSync(join(ROOT, y.url)), y.url);
    assert.ok(
      pkg.contributes.yamlValidation.some((y: { fileMatch: string | string[] }) =>
        [y.fileMatch].flat().includes('.suanpan.yaml'),
      ),
    );
    // the report and tables schemas only for files named as reports or tables files, not every tables.yaml
    // or YAML file (a plain-named one gets its schema from the files open reports link: yaml-schemas.ts)
    for (const kind of ['report', 'tables']) {
      const ys = pkg.contributes.yamlValidation.filter((y: { url: string }) => y.url.endsWith(`/${kind}.schema.json`));
      assert.ok(ys.length, kind);
      for (const y of ys)
        for (const m of [y.fileMatch].flat() as string[]) assert.match(m, new RegExp(`^\\*\\.${kind}\\.ya?ml$`), m);
    }
    // a tables file may hold only 表: its schema requires nothing, and knows every key of a report's
    const report = JSON.parse(readFileSync(join(ROOT, 'schemas', 'report.schema.json'), 'utf8'));
    const tables = JSON.parse(readFileSync(join(ROOT, 'schemas', 'tables.schema.json'), 'utf8'));
    assert.deepEqual(report.required, ['类型']);
    assert.equal(tables.required, undefined);
    assert.deepEqual(tables.properties, report.properties);
    assert.deepEqual(Object.keys(pkg.capabilities).sort(), ['untrustedWorkspaces', 'virtualWorkspaces']);
    for (const c of Object.values(pkg.capabilities) as Array<{ supported: unknown; description: string }>)
      assert.ok(c.supported === 'limited' && c.description.length > 20);
    const settings = Object.keys(pkg.contributes.configuration.properties).sort();
    assert.deepEqual(settings, [
      'suanpan.enable',
      'suanpan.files',
      'suanpan.language',
      'suanpan.roundingDifferences',
      'suanpan.rules',
      'suanpan.run',
      'suanpan.trace.server',
    ]);
    const commands = pkg.contributes.commands.map((c: { command: string }) => c.command);
    assert.ok(commands.includes('suanpan.checkWorkspace'));
    const src = join(ROOT, 'client', 'src');
    const client = readdirSync(src)
      .filter((n) => n.endsWith('.ts'))
      .map((n) => readFileSync(join(src, n), 'utf8'))
      .join('\n');
    for (const c of commands) assert.ok(client.includes(`'${c}'`), `the client registers ${c}`);
  });

  test('the .suanpan.yaml schema lists every rule and alias', () => {
    const schema = read('schemas/suanpan-config.schema.json');
    const ids = Object.keys(schema.properties.rules.properties);
    for (const r of RULES) for (const id of [r.id, ...r.aliases]) assert.ok(ids.includes(id), id);
  });
});
