/**
 * Protocol tests: the bundled server (dist/server.js --stdio) as a child process, driven over
 * JSON-RPC as an editor would. Every wait is on an event, with a deadline.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, Hover, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { check } from '../../server/src/engine';
import {
  GARBAGE,
  injected,
  injectedPosition,
  NOT_A_REPORT,
  SEED,
  SEED_TABLES,
  WITH_TABLES,
  writeTables,
} from './fixtures';
import { fileUri, LspClient, ROOT } from './lsp-client';

function applyWorkspaceEdit(uri: string, text: string, edit: WorkspaceEdit): string {
  const edits: TextEdit[] = [];
  for (const dc of edit.documentChanges ?? []) {
    if ('textDocument' in dc && dc.textDocument.uri === uri)
      edits.push(...dc.edits.filter((e): e is TextEdit => 'range' in e));
  }
  edits.push(...(edit.changes?.[uri] ?? []));
  return TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 0, text), edits);
}

const errors = (ds: Diagnostic[]) => ds.filter((d) => d.severity === 1);

describe('language server over stdio', () => {
  let client: LspClient;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'suanpan-lsp-'));
    writeTables(dir);
    client = new LspClient();
    const init = await client.initialize({
      workspaceFolders: [{ uri: fileUri(dir), name: 'ws' }],
      rootUri: fileUri(dir),
    });
    assert.equal(init.serverInfo?.name, 'suanpan');
    assert.ok(init.capabilities.hoverProvider);
    assert.deepEqual((init.capabilities.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds, [
      'quickfix',
      'source.fixAll.suanpan',
    ]);
  });

  after(async () => {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  test('open → diagnostic at the figure → hover → quick fix → change → no error', async () => {
    const uri = fileUri(join(dir, 'report.md'));
    let text = injected();
    const pos = injectedPosition(text);
    const first = client.waitForDiagnostics((p) => p.uri === uri, 10_000, 'diagnostics after didOpen');
    await client.open(uri, text);
    const published = await first;
    assert.equal(published.version, 1);
    const errs = errors(published.diagnostics);
    assert.equal(errs.length, 1, `one error expected, got ${JSON.stringify(errs.map((d) => d.message))}`);
    const d = errs[0];
    assert.equal(d.code, 'share');
    assert.equal(d.source, 'suanpan');
    assert.deepEqual(d.range, {
      start: { line: pos.line, character: pos.character },
      end: { line: pos.line, character: pos.character + 5 },
    });
    // no public site configured: the rule page bundled with the server, opened inside the editor
    assert.equal(d.codeDescription?.href, pathToFileURL(join(ROOT, 'docs', 'rules', 'share.md')).href);
    assert.equal(d.relatedInformation?.length, 2);
    assert.ok(d.relatedInformation!.every((r) => r.location.uri === uri && r.message.length > 0));
    assert.equal((d.data as { rule: string }).rule, 'share');

    const hover = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri },
      position: { line: pos.line, character: pos.character + 2 },
    });
    const md = (hover.contents as { value: string }).value;
    assert.match(md, /256\.00 ÷ 355\.15 × 100% = 72\.08/, 'hover shows the formula with the recomputed value');
    assert.match(md, /72\.08%/);
    assert.match(md, /✗/);
    assert.deepEqual(hover.range, d.range);

    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d], triggerKind: 1 },
    });
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix, `a preferred quick fix among ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.equal(fix.kind, 'quickfix');
    assert.equal(actions.filter((a) => a.isPreferred).length, 1);
    assert.ok(
      actions.some((a) => a.title.includes('此行停用')),
      'disable for this line is offered',
    );
    assert.ok(
      actions.some((a) => a.title.includes('此文件中停用')),
      'disable for this file is offered',
    );

    text = applyWorkspaceEdit(uri, text, fix.edit!);
    assert.equal(text, SEED, 'the quick fix restores the original figure');
    const second = client.waitForDiagnostics(
      (p) => p.uri === uri && p.version === 2,
      10_000,
      'diagnostics after didChange',
    );
    await client.change(uri, 2, text);
    assert.deepEqual(errors((await second).diagnostics), []);
    await client.close(uri);
  });

  test('fix all (source.fixAll.suanpan) fixes every certain finding; disable-for-file silences a rule', async () => {
    const uri = fileUri(join(dir, 'two.md'));
    let text = injected().replace('占40.43%', '占41.43%');
    const opened = client.waitForDiagnostics((p) => p.uri === uri);
    await client.open(uri, text);
    const ds = errors((await opened).diagnostics);
    assert.ok(ds.length >= 2, `two errors expected, got ${ds.length}`);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'], triggerKind: 2 },
    });
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, 'source.fixAll.suanpan');
    const fixed = applyWorkspaceEdit(uri, text, actions[0].edit!);
    assert.equal(fixed, SEED);

    // disable the rule for the whole file instead
    const quick = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: ds[0].range,
      context: { diagnostics: [ds[0]] },
    });
    const disable = quick.find((a) => a.title.includes('此文件中停用'))!;
    text = applyWorkspaceEdit(uri, text, disable.edit!);
    assert.match(text, /<!-- suanpan-disable-file share -->/);
    const after = client.waitForDiagnostics((p) => p.uri === uri && p.version === 2);
    await client.change(uri, 2, text);
    assert.deepEqual(
      (await after).diagnostics.filter((d) => d.code === 'share'),
      [],
    );
    await client.close(uri);
  });

  test('a quick fix whose text has changed since is not offered', async () => {
    const uri = fileUri(join(dir, 'stale.md'));
    const text = injected();
    const opened = client.waitForDiagnostics((p) => p.uri === uri);
    await client.open(uri, text);
    const d = errors((await opened).diagnostics)[0];
    const changed = client.waitForDiagnostics((p) => p.uri === uri && p.version === 2);
    await client.change(uri, 2, text.replace('占75.08%', '占76.08%'));
    await changed;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d] },
    });
    assert.ok(!actions.some((a) => a.isPreferred), 'the stale fix (75.08 → 72.08) must not apply to 76.08');
    await client.close(uri);
  });

  test('a document that is not a report gets no diagnostics and no hover', async () => {
    const uri = fileUri(join(dir, 'notes.md'));
    const got = client.waitForDiagnostics((p) => p.uri === uri);
    const status = client.waitForNotification('suanpan/status', (p) => p.uri === uri);
    await client.open(uri, NOT_A_REPORT);
    assert.deepEqual((await got).diagnostics, []);
    assert.equal((await status).isReport, false);
    const hover = await client.request('textDocument/hover', {
      textDocument: { uri },
      position: { line: 2, character: 10 },
    });
    assert.equal(hover, null);
    await client.close(uri);
  });

  test('garbage documents get no diagnostics and the server keeps answering', async () => {
    for (let i = 0; i < GARBAGE.length; i++) {
      const uri = fileUri(join(dir, `garbage-${i}.txt`));
      const got = client.waitForDiagnostics((p) => p.uri === uri, 10_000, `diagnostics for garbage #${i}`);
      await client.open(uri, GARBAGE[i], 'plaintext');
      const p = await got;
      assert.equal(
        errors(p.diagnostics).length,
        0,
        `garbage #${i}: ${JSON.stringify(p.diagnostics.map((d) => d.message))}`,
      );
      await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } });
      await client.request('textDocument/documentSymbol', { textDocument: { uri } });
      await client.request('textDocument/foldingRange', { textDocument: { uri } });
      await client.request('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: {
          diagnostics: [
            {
              range: { start: { line: 99, character: 0 }, end: { line: 99, character: 1 } },
              message: 'x',
              source: 'suanpan',
              data: { rule: 'share', fixes: [{ title: 'x', edits: [{}] }] },
            },
          ],
        },
      });
      await client.close(uri);
    }
    // malformed requests get an answer (a result or an error), never a crash
    const odd: Array<[string, unknown]> = [
      ['textDocument/hover', { textDocument: { uri: 'file:///nowhere.md' }, position: { line: 0, character: 0 } }],
      [
        'textDocument/hover',
        { textDocument: { uri: fileUri(join(dir, 'garbage-0.txt')) }, position: { line: -1, character: 1e9 } },
      ],
      ['textDocument/codeAction', { textDocument: { uri: 'file:///nowhere.md' }, range: null, context: {} }],
      ['textDocument/codeAction', { textDocument: { uri: 'file:///nowhere.md' } }],
      ['textDocument/documentSymbol', {}],
      ['workspace/executeCommand', { command: 'no.such.command' }],
    ];
    for (const [method, params] of odd) await client.conn.sendRequest(method, params).catch(() => undefined);
    assert.equal(client.exited, false);
    // still alive and correct
    const uri = fileUri(join(dir, 'after-garbage.md'));
    const got = client.waitForDiagnostics((p) => p.uri === uri);
    await client.open(uri, injected());
    assert.equal(errors((await got).diagnostics).length, 1);
    await client.close(uri);
  });

  test('outline and folding come from the report structure', async () => {
    const uri = fileUri(join(dir, 'outline.md'));
    const got = client.waitForDiagnostics((p) => p.uri === uri);
    await client.open(uri, SEED);
    await got;
    const symbols = await client.request<Array<{ name: string; children: unknown[] }>>('textDocument/documentSymbol', {
      textDocument: { uri },
    });
    assert.ok(symbols.length >= 1);
    const names = JSON.stringify(symbols);
    assert.match(names, /第一部分 单位概况/);
    assert.match(names, /收入决算情况说明/);
    const folds = await client.request<Array<{ startLine: number; endLine: number }>>('textDocument/foldingRange', {
      textDocument: { uri },
    });
    assert.ok(folds.length > 5);
    assert.ok(folds.every((f) => f.endLine > f.startLine));
    await client.close(uri);
  });

  test('rapid changes are coalesced and only the newest version is published', async () => {
    const uri = fileUri(join(dir, 'typing.md'));
    const opened = client.waitForDiagnostics((p) => p.uri === uri);
    await client.open(uri, SEED);
    await opened;
    const before = client.diagnostics.filter((p) => p.uri === uri).length;
    const last = client.waitForDiagnostics((p) => p.uri === uri && p.version === 11);
    for (let v = 2; v <= 11; v++) await client.change(uri, v, v % 2 ? SEED : injected());
    const final = await last;
    assert.equal(errors(final.diagnostics).length, 0);
    const published = client.diagnostics.filter((p) => p.uri === uri).slice(before);
    assert.ok(published.length <= 3, `10 quick changes gave ${published.length} publications`);
    assert.deepEqual(
      published.map((p) => p.version).sort((a, b) => a! - b!),
      [...published.map((p) => p.version)].sort((a, b) => a! - b!),
    );
    await client.close(uri);
  });

  test('the linked tables file: its findings are published on it, and editing it re-checks the narrative', async () => {
    const report = fileUri(join(dir, 'report.md'));
    const tables = fileUri(join(dir, 'tables.yaml'));
    const both = Promise.all([
      client.waitForDiagnostics((p) => p.uri === report && p.version === 1),
      client.waitForDiagnostics(
        (p) => p.uri === tables && p.diagnostics.length > 0,
        10_000,
        'the narrative check to report in the tables file',
      ),
    ]);
    await client.open(report, SEED);
    const [r0, t0] = await both;
    assert.deepEqual(errors(r0.diagnostics), []);
    // its rounding differences and the seed's known malformed cell (「=2024年10月31日7」 in its 自评表)
    assert.ok(
      t0.diagnostics.length > 0 &&
        t0.diagnostics.every(
          (d) => d.code === 'rounding-difference' || (d.code === 'malformed' && /2024年10月31日7/.test(d.message)),
        ),
      `the narrative check reports the tables file too: ` +
        `${JSON.stringify(t0.diagnostics.map((d) => [d.code, d.message]))}`,
    );
    // open the tables file and break a figure in it: both files are re-checked
    const broken = SEED_TABLES.replace(
      '{ 项目: 一般公共预算财政拨款收入, 决算数: 256.00 }',
      '{ 项目: 一般公共预算财政拨款收入, 决算数: 266.00 }',
    );
    assert.notEqual(broken, SEED_TABLES);
    const opened = client.waitForDiagnostics((p) => p.uri === tables && p.version === 1);
    await client.open(tables, SEED_TABLES, 'yaml');
    await opened;
    const tableError = client.waitForDiagnostics(
      (p) => p.uri === tables && errors(p.diagnostics).length > 0,
      10_000,
      'an error in the tables file',
    );
    await client.change(tables, 2, broken);
    const t1 = await tableError;
    const d = errors(t1.diagnostics)[0];
    assert.equal(d.code, 'sum');
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: tables },
      range: d.range,
      context: { diagnostics: [d] },
    });
    const fix = actions.find((a) => a.isPreferred)!;
    assert.equal(applyWorkspaceEdit(tables, broken, fix.edit!), SEED_TABLES);
    const clean = client.waitForDiagnostics(
      (p) => p.uri === tables && errors(p.diagnostics).length === 0,
      10_000,
      'the tables file without error',
    );
    await client.change(tables, 3, SEED_TABLES);
    await clean;
    await client.close(tables);
    // closing the narrative clears what it found in the tables file
    const cleared = client.waitForDiagnostics(
      (p) => p.uri === tables && p.diagnostics.length === 0,
      10_000,
      'the tables file cleared',
    );
    await client.close(report);
    await cleared;
  });

  test('an untitled document is checked too (its format sniffed, no linked file)', async () => {
    const uri = 'untitled:Untitled-1';
    const got = client.waitForDiagnostics((p) => p.uri === uri);
    await client.open(uri, injected().replace('数据: tables.yaml\n', ''));
    const ds = (await got).diagnostics;
    assert.deepEqual(
      errors(ds).map((d) => d.code),
      ['share'],
    );
    await client.close(uri);
  });

  test('closing a document clears its diagnostics', async () => {
    const uri = fileUri(join(dir, 'closing.md'));
    const opened = client.waitForDiagnostics((p) => p.uri === uri);
    await client.open(uri, injected());
    assert.equal(errors((await opened).diagnostics).length, 1);
    const cleared = client.waitForDiagnostics((p) => p.uri === uri);
    await client.close(uri);
    assert.deepEqual((await cleared).diagnostics, []);
  });
});

describe('settings, project file and workspace check', () => {
  let client: LspClient;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'suanpan-ws-'));
    mkdirSync(join(dir, 'team'));
    mkdirSync(join(dir, 'node_modules'));
    writeFileSync(join(dir, 'a.md'), injected());
    writeFileSync(join(dir, 'b.txt'), SEED.replace(/^---[\s\S]*?---\n/, ''));
    writeFileSync(join(dir, 'notes.md'), NOT_A_REPORT);
    writeFileSync(join(dir, 'node_modules', 'x.md'), injected());
    writeFileSync(
      join(dir, 'team', '.suanpan.yaml'),
      'rules:\n  share: warning\n  yoy: off\nroundingDifferences: hide\n',
    );
    writeFileSync(join(dir, 'team', 'c.md'), injected());
    writeTables(dir);
    writeTables(join(dir, 'team'));
    client = new LspClient();
    await client.initialize({ workspaceFolders: [{ uri: fileUri(dir), name: 'ws' }], locale: 'en' });
  });

  after(async () => {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  test('check all reports publishes diagnostics for unopened reports only', async () => {
    const a = fileUri(join(dir, 'a.md'));
    const c = fileUri(join(dir, 'team', 'c.md'));
    const gotA = client.waitForDiagnostics((p) => p.uri === a);
    const gotC = client.waitForDiagnostics((p) => p.uri === c);
    const summary = await client.request<{ cancelled: boolean; files: number; reports: number }>(
      'workspace/executeCommand',
      {
        command: 'suanpan.server.checkWorkspace',
        arguments: [],
      },
    );
    assert.equal(summary.cancelled, false);
    assert.equal(
      summary.files,
      6,
      'a.md, b.txt, notes.md, tables.yaml, team/c.md, team/tables.yaml (not node_modules, not .suanpan.yaml)',
    );
    // the reports, not the tables files they link (checked with them)
    assert.equal(summary.reports, 3, 'a.md, b.txt, team/c.md: not notes.md, not the two tables.yaml');
    const da = (await gotA).diagnostics;
    assert.equal(errors(da).length, 1);
    assert.equal(errors(da)[0].code, 'share');
    // team/.suanpan.yaml: share is a warning there, yoy off, rounding differences hidden
    const dc = (await gotC).diagnostics;
    assert.equal(errors(dc).length, 0);
    assert.ok(dc.some((d) => d.code === 'share' && d.severity === 2));
    assert.ok(!dc.some((d) => d.code === 'yoy' || d.code === 'rounding-difference'));
    assert.ok(!client.diagnostics.some((p) => p.uri.includes('node_modules') || p.uri.endsWith('notes.md')));
  });

  test('a tables file a report links is part of it: shown with its findings, not checked alone', async () => {
    // the workspace check above has run: tables.yaml shows what a.md's check found in it, and
    // nothing of a check of its own (alone, it reads as a report of tables with findings of its own)
    const tables = join(dir, 'tables.yaml');
    const key = (d: { code?: unknown; rule?: string; range: Range }) =>
      `${String(d.rule ?? d.code)}@${d.range.start.line}:${d.range.start.character}`;
    const ofReport = check(injected(), { path: join(dir, 'a.md'), ...WITH_TABLES })
      .findings.filter((f) => f.path === tables)
      .map(key);
    const alone = check(SEED_TABLES, { path: tables }).findings.map(key);
    assert.ok(
      alone.some((k) => !ofReport.includes(k)),
      'checked alone, the tables file has findings the report does not give',
    );
    const shown = client.diagnostics.filter((p) => p.uri === fileUri(tables)).at(-1);
    assert.ok(shown, 'tables.yaml published');
    assert.deepEqual(shown.diagnostics.map(key).sort(), [...ofReport].sort());
  });

  test('editor settings: messages in the reports’ language, or the editor’s; a rule off, rounding hidden', async () => {
    const uri = fileUri(join(dir, 'open.md'));
    const opened = client.waitForDiagnostics((p) => p.uri === uri);
    await client.open(uri, injected());
    const ds = (await opened).diagnostics;
    assert.ok(ds.some((d) => d.code === 'rounding-difference'));
    // by default the reports' language (Chinese), not the editor's (locale en)
    assert.match(errors(ds)[0].message, /占比/, 'Chinese by default, whatever the locale');
    assert.doesNotMatch(errors(ds)[0].message, /[A-Za-z]{4,}/);
    client.setConfiguration({ language: 'auto' });
    const english = client.waitForDiagnostics((p) => p.uri === uri);
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.match(errors((await english).diagnostics)[0].message, /[A-Za-z]{4,}/, 'auto: locale en gives English');
    client.setConfiguration({ rules: { share: 'off' }, roundingDifferences: 'hide' });
    const again = client.waitForDiagnostics((p) => p.uri === uri);
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const ds2 = (await again).diagnostics;
    assert.ok(
      !ds2.some((d) => d.code === 'share' || d.code === 'rounding-difference'),
      JSON.stringify(ds2.map((d) => d.code)),
    );
    client.setConfiguration({ enable: false });
    const off = client.waitForDiagnostics((p) => p.uri === uri);
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual((await off).diagnostics, []);
    client.setConfiguration({});
    await client.close(uri);
  });

  test('suanpan.run onSave: edits are not checked until the file is saved', async () => {
    const uri = fileUri(join(dir, 'saved.md'));
    const other = fileUri(join(dir, 'other.md'));
    client.setConfiguration({ run: 'onSave' });
    const opened = client.waitForDiagnostics((p) => p.uri === uri && p.version === 1);
    await client.open(uri, SEED);
    await opened;
    const before = client.diagnostics.length;
    await client.change(uri, 2, injected());
    // opening another document is checked after the change would have been (timers run in
    // order), so its diagnostics arriving first shows the change was not checked
    const otherOpened = client.waitForDiagnostics((p) => p.uri === other);
    await client.open(other, SEED);
    await otherOpened;
    assert.deepEqual(
      client.diagnostics.slice(before).filter((p) => p.uri === uri),
      [],
      'no check on change',
    );
    const saved = client.waitForDiagnostics(
      (p) => p.uri === uri && p.version === 2,
      10_000,
      'diagnostics after didSave',
    );
    await client.conn.sendNotification('textDocument/didSave', { textDocument: { uri } });
    assert.equal(errors((await saved).diagnostics).length, 1);
    client.setConfiguration({});
    await client.close(uri);
    await client.close(other);
  });

  test('suanpan.files treats matching files as reports whatever their content', async () => {
    const uri = fileUri(join(dir, 'plain-budget.txt'));
    // no title naming 决算/预算: not recognised as a report by itself
    const text = SEED.replace(/^---[\s\S]*?---\n/, '')
      .replace(/^# .*\n/m, '# 说明\n')
      .replace(/决算|预算/g, '账');
    client.setConfiguration({});
    const plain = client.waitForDiagnostics((p) => p.uri === uri);
    await client.open(uri, text, 'plaintext');
    const st = await plain;
    client.setConfiguration({ files: ['plain-*.txt'] });
    const forced = client.waitForNotification('suanpan/status', (p) => p.uri === uri && p.isReport === true);
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await forced;
    client.setConfiguration({});
    assert.ok(st.diagnostics.length === 0);
    await client.close(uri);
  });

  test('an open .suanpan.yaml is validated', async () => {
    const uri = fileUri(join(dir, 'team', '.suanpan.yaml'));
    const got = client.waitForDiagnostics((p) => p.uri === uri);
    await client.open(uri, 'rules:\n  shre: error\n  share: loud\ncolour: red\n', 'yaml');
    const ds = (await got).diagnostics;
    assert.deepEqual(
      ds.map((d) => [d.range.start.line, d.severity]),
      [
        [1, 2],
        [2, 1],
        [3, 2],
      ],
    );
    // in the reports' language (the default), not the editor's (locale en)
    assert.match(ds[0].message, /未知规则「shre」/);
    await client.close(uri);
    assert.equal(readFileSync(join(dir, 'team', '.suanpan.yaml'), 'utf8').includes('share: warning'), true);
  });
});
