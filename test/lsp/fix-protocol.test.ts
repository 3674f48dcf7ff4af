/**
 * Fixes that never mislead, over the protocol (the bundled server over stdio): a quick fix is
 * preferred only when it is certain, and an uncertain one says 「可能」 in its title (a lone
 * suggestion included); "disable for this line" on a table row writes its comment before the
 * table, naming the row, and the table reads the same; a relation's failure stated in both the
 * report and its linked tables file is published once.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { check, type CheckResult } from '../../server/src/engine';
import { injected, SEED, WITH_TABLES, writeTables } from './fixtures';
import { fileUri, type LspClient, startInWorkspace, stopInWorkspace } from './lsp-client';

function apply(uri: string, text: string, edit: WorkspaceEdit): string {
  const edits: TextEdit[] = [];
  for (const dc of edit.documentChanges ?? [])
    if ('textDocument' in dc && dc.textDocument.uri === uri)
      edits.push(...dc.edits.filter((e): e is TextEdit => 'range' in e));
  edits.push(...(edit.changes?.[uri] ?? []));
  return TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 0, text), edits);
}

/** What a report's tables read as: every table's caption, header and cells, and the figures in them. */
function tablesRead(r: CheckResult): string {
  const tables = r.doc.blocks
    .filter((b) => b.kind === 'table')
    .map((b) => ({
      caption: b.caption,
      unit: b.unit,
      header: b.header.map((c) => c.text.text),
      rows: b.rows.map((row) => row.map((c) => c.text.text)),
    }));
  const facts = r.extraction.facts
    .filter((f) => !f.doc || f.doc === r.doc)
    .map((f) => [f.concept, f.role, f.kind, f.written.value.toString()]);
  return JSON.stringify({ tables, facts, perf: r.perf.sheets.length });
}

describe('fixes that never mislead, over stdio', () => {
  let client: LspClient;
  let dir: string;
  before(async () => ({ client, dir } = await startInWorkspace('suanpan-fixes-', writeTables)));
  after(() => stopInWorkspace(client, dir));

  async function open(name: string, text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    const uri = fileUri(join(dir, name));
    const published = client.waitForDiagnostics((p) => p.uri === uri && p.version === 1, 20_000, name);
    await client.open(uri, text);
    return { uri, diagnostics: (await published).diagnostics };
  }
  const actionsFor = (uri: string, d: Diagnostic) =>
    client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d] },
    });

  test('a certain fix is preferred, without doubt in its title; a lone uncertain one is not, and says 可能', async () => {
    const { uri, diagnostics } = await open('certain.md', injected());
    const share = diagnostics.find((d) => d.code === 'share')!;
    const sure = (await actionsFor(uri, share)).filter((a) => a.edit && !a.title.includes('停用'));
    assert.deepEqual(
      sure.map((a) => [a.title, !!a.isPreferred]),
      [['改为 72.08%', true]],
    );
    await client.close(uri);

    // 基本支出184.00 without its unit: one fix (add 万元), which is a guess
    const text = SEED.replace('基本支出184.00万元', '基本支出184.00');
    const opened = await open('lone.md', text);
    const bare = opened.diagnostics.find((d) => /缺少单位/.test(d.message))!;
    assert.ok(bare, JSON.stringify(opened.diagnostics.map((d) => d.message)));
    const fixes = (await actionsFor(opened.uri, bare)).filter((a) => !a.title.includes('停用'));
    assert.equal(fixes.length, 1, JSON.stringify(fixes.map((a) => a.title)));
    assert.equal(fixes[0].title, '可能应补上「万元」');
    assert.ok(!fixes[0].isPreferred, 'a lone suggestion is not preferred');
    await client.close(opened.uri);
  });

  test('a culprit not singled out: every fix says 可能 and none is preferred', async () => {
    const text = '# 2024年度部门决算公开说明\n\n本年收入合计100.00万元，其中：财政拨款收入60.00万元，占70.00%。\n';
    const { uri, diagnostics } = await open('unsure.md', text);
    const d = diagnostics.find((x) => x.code === 'share')!;
    const fixes = (await actionsFor(uri, d)).filter((a) => !a.title.includes('停用'));
    assert.ok(fixes.length >= 2, JSON.stringify(fixes.map((a) => a.title)));
    for (const a of fixes) {
      assert.match(a.title, /可能应改为/, a.title);
      assert.ok(!a.isPreferred, a.title);
    }
    await client.close(uri);
  });

  test('disable for this line on a table row: before the table, naming the row; the table reads the same', async () => {
    const row = '| 合计 | 342.31 | 455.15 | 455.15 | 10 | 100% | 10 |';
    assert.ok(SEED.includes(row));
    const text = SEED.replace(row, '| 合计 | 342.31 | 455.15 | 455.15 | 10 | 100% | 9 |');
    const { uri, diagnostics } = await open('table.md', text);
    const d = diagnostics.find((x) => x.code === 'perf-execution')!;
    assert.ok(d, JSON.stringify(diagnostics.map((x) => x.code)));
    const line = (await actionsFor(uri, d)).find((a) => a.title === '在此行停用规则 perf-execution')!;
    assert.ok(line);
    const after = apply(uri, text, line.edit!);
    const lines = after.split('\n');
    const at = lines.findIndex((l) => l.includes('suanpan-disable-row'));
    assert.equal(lines[at], '<!-- suanpan-disable-row 「合计」 perf-execution -->');
    assert.match(lines[at + 1], /^\| 资金来源 \| 年初预算数 /, 'right before the table’s header');
    // the table reads the same: its cells, caption and figures
    const before = check(text, { path: join(dir, 'table.md'), ...WITH_TABLES });
    const afterCheck = check(after, { path: join(dir, 'table.md'), ...WITH_TABLES });
    assert.equal(tablesRead(afterCheck), tablesRead(before));
    // (a comment line between the rows, as for a line of prose, would not: the test can tell)
    const between = text.replace(
      '| 合计 | 342.31 | 455.15 | 455.15 | 10 | 100% | 9 |',
      '<!-- suanpan-disable-next-line perf-execution -->\n| 合计 | 342.31 | 455.15 | 455.15 | 10 | 100% | 9 |',
    );
    assert.notEqual(tablesRead(check(between, { path: join(dir, 'table.md'), ...WITH_TABLES })), tablesRead(before));
    // and the finding is silenced, nothing else
    const changed = client.waitForDiagnostics((p) => p.uri === uri && p.version === 2, 20_000);
    await client.change(uri, 2, after);
    const now = (await changed).diagnostics;
    assert.ok(!now.some((x) => x.code === 'perf-execution'));
    assert.deepEqual(
      now.map((x) => x.message),
      diagnostics.filter((x) => x.code !== 'perf-execution').map((x) => x.message),
    );
    await client.close(uri);
  });

  test('a relation failing in the report and its tables file is published once, naming the other place', async () => {
    const report = fileUri(join(dir, 'report.md'));
    const tables = fileUri(join(dir, 'tables.yaml'));
    const both = Promise.all([
      client.waitForDiagnostics((p) => p.uri === report && p.version === 1, 20_000),
      client.waitForDiagnostics((p) => p.uri === tables && p.diagnostics.length > 0, 20_000, 'the tables file'),
    ]);
    await client.open(report, SEED);
    const [r, t] = await both;
    // every twin the report names in the tables file has no diagnostic of its own there
    const twins = r.diagnostics.flatMap((d) =>
      (d.relatedInformation ?? [])
        .filter((x) => x.location.uri === tables && /中亦有此项/.test(x.message))
        .map((x) => ({ message: d.message, range: x.location.range })),
    );
    assert.equal(twins.length, 2, JSON.stringify(twins));
    for (const tw of twins)
      assert.ok(
        !t.diagnostics.some((d) => d.message === tw.message && JSON.stringify(d.range) === JSON.stringify(tw.range)),
        `shown twice: ${tw.message}`,
      );
    // a sum with the same message but other figures (基本支出 by 类 in the tables file, 人员 + 公用 in
    // the report) is another relation: shown in both
    assert.equal(
      t.diagnostics.filter((d) => /各项之和 184\.01 与 一般公共预算财政拨款基本支出/.test(d.message)).length,
      1,
    );
    // the seed's 本年支出合计 455.15 against the sum of its classes: in the report, naming tables.yaml
    const total = r.diagnostics.find((d) => /各项之和 455\.16 与 本年支出合计 455\.15万元/.test(d.message))!;
    assert.ok(total);
    assert.ok(
      total.relatedInformation!.some((x) => x.location.uri === tables && /tables\.yaml 中亦有此项/.test(x.message)),
    );
    await client.close(report);
  });
});
