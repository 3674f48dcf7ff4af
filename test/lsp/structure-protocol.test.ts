/**
 * The structure and 绩效自评表 rules in the editor: the bundled server over stdio publishes
 * their diagnostics, hovers on the title (the layout profile) and on a score, and offers
 * their quick fixes (insert a missing section; cap a score at its 分值).
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Hover, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { SEED, SEED_TEAM, TEAM_PROFILE, TEAM_PROFILE_ID, TEAM_SECTION, writeTables } from './fixtures';
import { fileUri, LspClient, ROOT, startInWorkspace, stopInWorkspace } from './lsp-client';

function apply(uri: string, text: string, edit: WorkspaceEdit): string {
  const edits: TextEdit[] = [];
  for (const dc of edit.documentChanges ?? []) {
    if ('textDocument' in dc && dc.textDocument.uri === uri)
      edits.push(...dc.edits.filter((e): e is TextEdit => 'range' in e));
  }
  edits.push(...(edit.changes?.[uri] ?? []));
  return TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 0, text), edits);
}

function position(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) };
}

const SECTION7 =
  '### 七、政府性基金预算财政拨款收入支出决算情况说明\n\n本单位本年度无政府性基金预算财政拨款收入、支出及结转和结余，政府性基金预算财政拨款收入支出决算表为空表。\n\n';

describe('structure and 绩效自评表 rules over stdio', () => {
  let client: LspClient;
  let dir: string;

  before(async () => {
    ({ client, dir } = await startInWorkspace('suanpan-lsp-structure-', writeTables));
  });

  after(() => stopInWorkspace(client, dir));

  test(
    'a deleted section: diagnostic at the next heading, quick fix inserts it back, ' + 'hover names the profile',
    async () => {
      const uri = fileUri(join(dir, 'missing.md'));
      assert.ok(SEED.includes(SECTION7));
      let text = SEED.replace(SECTION7, '');
      const opened = client.waitForDiagnostics((p) => p.uri === uri, 10_000, 'diagnostics after didOpen');
      await client.open(uri, text);
      const ds = (await opened).diagnostics.filter((d) => d.code === 'missing-section');
      assert.equal(ds.length, 1, JSON.stringify((await opened).diagnostics.map((d) => d.message)));
      const d = ds[0];
      const at = text.indexOf('八、国有资本经营预算财政拨款收入支出决算情况说明');
      assert.deepEqual(d.range.start, position(text, at));
      assert.equal(d.severity, 1);
      // the rule page bundled with the server (no public site configured)
      assert.equal(d.codeDescription?.href, pathToFileURL(join(ROOT, 'docs', 'rules', 'missing-section.md')).href);

      const hover = await client.request<Hover>('textDocument/hover', {
        textDocument: { uri },
        position: position(text, text.indexOf('2024年度部门决算公开说明')),
      });
      assert.match((hover.contents as { value: string }).value, /xinjiang-2024-final/);

      const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: d.range,
        context: { diagnostics: [d] },
      });
      const insert = actions.find((a) => a.title.includes('插入'));
      assert.ok(insert, JSON.stringify(actions.map((a) => a.title)));
      text = apply(uri, text, insert!.edit!);
      assert.equal(text, SEED);
      const again = client.waitForDiagnostics((p) => p.uri === uri && p.version === 2);
      await client.change(uri, 2, text);
      assert.deepEqual(
        (await again).diagnostics.filter((x) => x.code === 'missing-section'),
        [],
      );
      await client.close(uri);
    },
  );

  test('a score above its 分值: diagnostic on the score, hover explains it, the preferred fix caps it', async () => {
    const uri = fileUri(join(dir, 'score.md'));
    const row = '| 维修（护）费 | 7 | <=15万元 | =15万元 | 100% | 7 |';
    let text = SEED.replace(row, row.replace('100% | 7 |', '100% | 9 |'));
    const opened = client.waitForDiagnostics((p) => p.uri === uri);
    await client.open(uri, text);
    const ds = (await opened).diagnostics.filter((d) => d.code === 'perf-score-range');
    assert.equal(ds.length, 1);
    const at = text.indexOf(row.replace('100% | 7 |', '100% | 9 |')) + row.length - 3;
    assert.equal(text[at], '9');
    assert.deepEqual(ds[0].range, { start: position(text, at), end: position(text, at + 1) });
    assert.equal(
      (await opened).diagnostics.filter((d) => d.code === 'perf-total').length,
      0,
      'the total it breaks is not reported twice',
    );
    const hover = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri },
      position: position(text, at),
    });
    const md = (hover.contents as { value: string }).value;
    assert.match(md, /分值: 7/);
    assert.match(md, /perf-score-range/);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: ds[0].range,
      context: { diagnostics: [ds[0]] },
    });
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix);
    text = apply(uri, text, fix!.edit!);
    assert.equal(text, SEED);
    await client.close(uri);
  });
});

describe('workspace layout profiles named in .suanpan.yaml, over stdio', () => {
  let client: LspClient;
  let dir: string;

  before(async () => {
    ({ client, dir } = await startInWorkspace('suanpan-lsp-profiles-', (d) => {
      writeTables(d);
      writeFileSync(join(d, 'team.yaml'), TEAM_PROFILE);
      writeFileSync(join(d, '.suanpan.yaml'), 'profiles:\n  - team.yaml\n');
    }));
  });

  after(() => stopInWorkspace(client, dir));

  const changed = (...names: string[]) =>
    client.conn.sendNotification('workspace/didChangeWatchedFiles', {
      changes: names.map((n) => ({ uri: fileUri(join(dir, n)), type: 2 })),
    });

  test(
    'the profile is used; a broken profile path is a diagnostic on .suanpan.yaml; ' +
      'changes re-check the open report',
    async () => {
      const uri = fileUri(join(dir, 'report.md'));
      const cfgUri = fileUri(join(dir, '.suanpan.yaml'));
      const missingOf = <T extends { code?: unknown }>(ds: T[]) => ds.filter((d) => d.code === 'missing-section');
      const layoutOf = <T extends { code?: unknown }>(ds: T[]) => ds.filter((d) => d.code === 'layout-profile');

      // the report names the team's profile: its extra section is missing, and the hover names it
      const opened = client.waitForDiagnostics((p) => p.uri === uri);
      await client.open(uri, SEED_TEAM);
      let ds = (await opened).diagnostics;
      assert.equal(missingOf(ds).length, 1, JSON.stringify(ds.map((d) => d.message)));
      assert.match(missingOf(ds)[0].message, new RegExp(TEAM_SECTION));
      assert.deepEqual(layoutOf(ds), []);
      const hover = await client.request<Hover>('textDocument/hover', {
        textDocument: { uri },
        position: position(SEED_TEAM, SEED_TEAM.indexOf('2024年度部门决算公开说明')),
      });
      assert.match((hover.contents as { value: string }).value, new RegExp(TEAM_PROFILE_ID));

      // a path to nowhere: shown on the (unopened) .suanpan.yaml at its entry; the good profile still applies
      const onConfig = client.waitForDiagnostics((p) => p.uri === cfgUri && p.diagnostics.length > 0);
      writeFileSync(join(dir, '.suanpan.yaml'), 'profiles:\n  - team.yaml\n  - nowhere.yaml\n');
      await changed('.suanpan.yaml');
      const cd = (await onConfig).diagnostics;
      assert.equal(cd.length, 1);
      assert.deepEqual(cd[0].range, { start: { line: 2, character: 4 }, end: { line: 2, character: 16 } });
      assert.equal(cd[0].severity, 1);
      assert.match(cd[0].message, /布局文件「nowhere\.yaml」无法读取/);
      assert.equal(missingOf(client.diagnostics.filter((p) => p.uri === uri).at(-1)!.diagnostics).length, 1);

      // opened, the .suanpan.yaml validates itself, the profile files it names included
      const ownCheck = client.waitForDiagnostics((p) => p.uri === cfgUri && p.version === 1);
      await client.open(cfgUri, 'profiles:\n  - team.yaml\n  - nowhere.yaml\n', 'yaml');
      assert.deepEqual(
        (await ownCheck).diagnostics.map((d) => [d.range.start.line, d.severity]),
        [[2, 1]],
      );

      // the team's profile broken on disk: the report is re-checked (its 模板 now unknown), and
      // the open .suanpan.yaml shows what is wrong with the file
      const recheck = client.waitForDiagnostics((p) => p.uri === uri && layoutOf(p.diagnostics).length > 0);
      const cfgAgain = client.waitForDiagnostics((p) => p.uri === cfgUri && p.diagnostics.length === 2);
      writeFileSync(join(dir, 'team.yaml'), 'id: team-final\nparts: [\n');
      await changed('team.yaml');
      ds = (await recheck).diagnostics;
      assert.deepEqual(missingOf(ds), []);
      assert.match(layoutOf(ds)[0].message, new RegExp(TEAM_PROFILE_ID));
      const two = (await cfgAgain).diagnostics;
      assert.equal(two[0].range.start.line, 1);
      assert.match(two[0].message, /布局文件「team\.yaml」有误：YAML/);

      // fixed again: the section is missing once more, and the .suanpan.yaml keeps only the bad path
      const fixed = client.waitForDiagnostics((p) => p.uri === uri && missingOf(p.diagnostics).length === 1);
      const cfgFixed = client.waitForDiagnostics((p) => p.uri === cfgUri && p.diagnostics.length === 1);
      writeFileSync(join(dir, 'team.yaml'), TEAM_PROFILE + '# fixed\n');
      await changed('team.yaml');
      assert.deepEqual(layoutOf((await fixed).diagnostics), []);
      await cfgFixed;
      await client.close(cfgUri);
      await client.close(uri);
    },
  );
});
