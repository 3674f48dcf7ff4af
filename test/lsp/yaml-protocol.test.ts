/**
 * YAML reports over the protocol: a malformed YAML report gets the parser's error at its
 * place and nothing else breaks; a well-formed YAML report is checked, hovered and fixed.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { ReportSchemas } from '../../client/src/report-schemas';
import type { StatusParams } from '../../server/src/lsp/protocol';
import { SEED, SEED_TABLES } from './fixtures';
import { fileUri, LspClient } from './lsp-client';

const REPORT = `类型: 部门决算
年度: 2024
说明:
  - 标题: 二、收入决算情况说明
    正文: |
      本年收入合计307.82万元，其中：财政拨款收入307.82万元，占90.00%。财政拨款收入307.82万元，本年收入合计307.82万元。
`;
// (the second sentence states both amounts again, so the share is the one figure the relations
// single out and its fix is certain: with the amounts stated once, 90.00% could as well mean a
// wrong amount, and the fix would only be a suggestion)

describe('YAML reports over stdio', () => {
  let client: LspClient;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'suanpan-yaml-'));
    client = new LspClient();
    await client.initialize({ workspaceFolders: [{ uri: fileUri(dir), name: 'ws' }], rootUri: fileUri(dir) });
  });

  after(async () => {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  test('malformed YAML: the parser error at its line, and the server keeps answering', async () => {
    const uri = fileUri(join(dir, 'broken.report.yaml'));
    const text = REPORT + '表: [ {名称: 收入决算表, 行: [ }\n';
    const got = client.waitForDiagnostics((p) => p.uri === uri);
    await client.open(uri, text, 'yaml');
    const d = await got;
    const yamlError = d.diagnostics.find((x: Diagnostic) => /YAML/.test(x.message));
    assert.ok(yamlError, JSON.stringify(d.diagnostics.map((x) => x.message)));
    assert.equal(yamlError!.range.start.line, 6);
    // the narrative is still checked
    assert.ok(d.diagnostics.some((x) => x.code === 'share'));
    const hover = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri },
      position: { line: 5, character: 40 },
    });
    assert.ok(hover, 'the server still answers');
    await client.close(uri);
  });

  test('a YAML report: the share error at its figure, the hover recomputes it, the fix corrects it', async () => {
    const uri = fileUri(join(dir, 'r.report.yaml'));
    const got = client.waitForDiagnostics((p) => p.uri === uri && p.version === 1);
    await client.open(uri, REPORT, 'yaml');
    const d = (await got).diagnostics.find((x: Diagnostic) => x.code === 'share')!;
    assert.ok(d);
    const line = REPORT.split('\n')[d.range.start.line];
    assert.equal(line.slice(d.range.start.character, d.range.end.character), '90.00');
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: d.range.start });
    assert.match(JSON.stringify(hover.contents), /100%/);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d] },
    });
    const fix = actions.find((a) => a.isPreferred)!;
    const edits = fix.edit!.documentChanges
      ? (fix.edit!.documentChanges[0] as { edits: Array<{ newText: string }> }).edits
      : fix.edit!.changes![uri];
    assert.equal(edits[0].newText, '100.00');
    await client.close(uri);
  });

  test('YAML schemas: a YAML report and the tables file a report links, any name; no other YAML file', async () => {
    // a tables file holding only 表 (its keys before 表 left out), under the plain name 数据: gives it
    const tablesOnly = SEED_TABLES.replace(/^单位:.*\n年度:.*\n类型:.*\n金额单位:.*\n/m, '');
    assert.notEqual(tablesOnly, SEED_TABLES);
    writeFileSync(join(dir, 'tables.yaml'), tablesOnly);
    mkdirSync(join(dir, 'other'), { recursive: true });
    const schemas = new ReportSchemas();
    const statusOf = async (path: string, text: string, languageId: string) => {
      const uri = fileUri(join(dir, path));
      const got = client.waitForNotification<StatusParams>('suanpan/status', (p) => p.uri === uri);
      await client.open(uri, text, languageId);
      const st = await got;
      schemas.update(st);
      return { uri, st };
    };
    const report = await statusOf('report.md', SEED, 'markdown');
    const tables = fileUri(join(dir, 'tables.yaml'));
    assert.deepEqual(report.st.linked, [tables]);
    const yamlReport = await statusOf('budget.yaml', REPORT, 'yaml');
    const unlinked = await statusOf('other/tables.yaml', '表: []\n', 'yaml');
    const config = await statusOf('config.yaml', 'name: build\nsteps: [a, b]\n', 'yaml');
    const linked = await statusOf('tables.yaml', tablesOnly, 'yaml');
    assert.equal(linked.st.isReport, false, 'a tables file holding only 表 is no report of its own');
    assert.equal(schemas.schemaOf(yamlReport.uri), 'report');
    assert.equal(schemas.schemaOf(tables), 'tables');
    assert.equal(schemas.schemaOf(unlinked.uri), undefined, 'a tables.yaml no open report links');
    assert.equal(schemas.schemaOf(config.uri), undefined);
    // the report closed (the client forgets it, as on onDidCloseTextDocument): its tables file has no schema
    schemas.close(report.uri);
    assert.equal(schemas.schemaOf(tables), undefined);
    // a report that no longer links it (数据: removed) takes its schema away too
    schemas.update(report.st);
    const unlinking = client.waitForNotification<StatusParams>(
      'suanpan/status',
      (p) => p.uri === report.uri && p.version === 2,
    );
    await client.change(report.uri, 2, SEED.replace('数据: tables.yaml\n', ''));
    const st2 = await unlinking;
    assert.deepEqual(st2.linked, []);
    schemas.update(st2);
    assert.equal(schemas.schemaOf(tables), undefined);
    for (const u of [report.uri, yamlReport.uri, unlinked.uri, config.uri, linked.uri]) await client.close(u);
  });
});
