/**
 * In-editor tests against the real `vscode` API. This module runs inside a VS Code extension
 * host, either code-server's (e2e/run.mjs, loaded through the workbench's extensionTestsPath)
 * or a downloaded desktop VS Code (@vscode/test-electron, see run-electron.ts). It exports
 * `run()`, as both hosts expect.
 *
 * The workspace it is given holds (see prepareWorkspace in e2e/workspace.mjs):
 *   report.md   the seed report with 占72.08% changed to 占75.08% (one `share` error)
 *   other.md    the same, never opened: the workspace check must report it
 *   notes.md    a Markdown file that is not a report
 *   tables.yaml the tables file both reports link (数据: tables.yaml)
 *   social-work.pdf  the bundled published PDF (samples/shanghai-putuo-social-work-2024), for the import
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';

const EXTENSION_ID = 'suanpan.suanpan';
const STEP_MS = 30_000;

function log(msg: string): void {
  // code-server's workbench forwards console output of the extension host to the page
  console.log(`[suanpan e2e] ${msg}`);
}

function within<T>(p: Thenable<T>, what: string, ms = STEP_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  return Promise.race([
    Promise.resolve(p),
    new Promise<never>(
      (_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms)),
    ),
  ]).finally(() => clearTimeout(timer));
}

/** Resolves when the diagnostics of `uri` satisfy `test` (checked now and on every change). */
function diagnosticsWhere(
  uri: vscode.Uri,
  test: (ds: vscode.Diagnostic[]) => boolean,
  what: string,
  ms = STEP_MS,
): Promise<vscode.Diagnostic[]> {
  const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'suanpan');
  return within(
    new Promise<vscode.Diagnostic[]>((resolve) => {
      if (test(ours())) return resolve(ours());
      const sub = vscode.languages.onDidChangeDiagnostics((e) => {
        if (e.uris.some((u) => u.toString() === uri.toString()) && test(ours())) {
          sub.dispose();
          resolve(ours());
        }
      });
    }),
    what,
    ms,
  );
}

const errorsOf = (ds: vscode.Diagnostic[]) => ds.filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? d.code.value : d.code);
const hoverText = (hs: vscode.Hover[]) =>
  hs.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');

async function step(name: string, fn: () => Promise<void>): Promise<void> {
  const t0 = Date.now();
  log(`▶ ${name}`);
  await fn();
  log(`✔ ${name} (${Date.now() - t0} ms)`);
}

export async function run(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test needs a workspace folder');
  const reportUri = vscode.Uri.joinPath(folder.uri, 'report.md');
  const otherUri = vscode.Uri.joinPath(folder.uri, 'other.md');
  const notesUri = vscode.Uri.joinPath(folder.uri, 'notes.md');
  let failures = 0;
  const test = async (name: string, fn: () => Promise<void>) => {
    try {
      await step(name, fn);
    } catch (e) {
      failures++;
      log(`✖ ${name}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  };

  await test('the extension is installed and activates', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed`);
    const doc = await vscode.workspace.openTextDocument(reportUri);
    await vscode.window.showTextDocument(doc);
    await within(ext.activate(), 'activation');
    assert.equal(ext.isActive, true);
  });

  let diag: vscode.Diagnostic | undefined;
  await test('the injected error is a diagnostic at the figure', async () => {
    const ds = await diagnosticsWhere(reportUri, (x) => errorsOf(x).length > 0, 'an error diagnostic on report.md');
    const errs = errorsOf(ds);
    assert.equal(errs.length, 1, errs.map((d) => d.message).join('\n'));
    diag = errs[0];
    assert.equal(codeOf(diag), 'share');
    const doc = await vscode.workspace.openTextDocument(reportUri);
    assert.equal(doc.getText(diag.range), '75.08');
    const href = typeof diag.code === 'object' ? diag.code.target.toString() : '';
    assert.match(href, /docs\/rules\/share\.md$/);
    assert.equal(diag.relatedInformation?.length, 2);
  });

  await test('hovering the figure shows the recomputed value', async () => {
    assert.ok(diag, 'needs the diagnostic');
    const at = diag.range.start.translate(0, 2);
    const hovers = await within(
      vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', reportUri, at),
      'hover',
    );
    const text = hoverText(hovers);
    assert.match(text, /256\.00 ÷ 355\.15 × 100% = 72\.0822%/, text);
    assert.match(text, /72\.08%/);
  });

  await test('hovering the title shows the layout profile; hovering a 自评表 score shows how it follows', async () => {
    const doc = await vscode.workspace.openTextDocument(reportUri);
    const text = doc.getText();
    const title = doc.positionAt(text.indexOf('2024年度部门决算公开说明'));
    const t = hoverText(
      await within(
        vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', reportUri, title),
        'title hover',
      ),
    );
    assert.match(t, /xinjiang-2024-final/, t);
    const row = '| >=1台 | =3台 | 300% | 0 |';
    const score = doc.positionAt(text.indexOf(row) + row.length - 3);
    const h = hoverText(
      await within(
        vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', reportUri, score),
        'score hover',
      ),
    );
    assert.match(h, /(分值|Weight): 10/, h);
    assert.match(h, /300%/);
  });

  await test('the outline lists the parts and sections', async () => {
    const symbols = await within(
      vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', reportUri),
      'symbols',
    );
    const all = (ss: vscode.DocumentSymbol[]): string[] => ss.flatMap((s) => [s.name, ...all(s.children ?? [])]);
    const names = all(symbols).join('\n');
    assert.match(names, /第二部分 部门决算情况说明/);
    assert.match(names, /收入决算情况说明/);
  });

  await test('the preferred quick fix corrects the file on disk', async () => {
    assert.ok(diag, 'needs the diagnostic');
    const actions = await within(
      vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        reportUri,
        diag.range,
        vscode.CodeActionKind.QuickFix.value,
      ),
      'code actions',
    );
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix?.edit, `a preferred fix among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(
      actions.some((a) => /share/.test(a.title) && /line|此行/.test(a.title)),
      'disable for this line is offered',
    );
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
    const doc = await vscode.workspace.openTextDocument(reportUri);
    assert.equal(await doc.save(), true);
    const disk = readFileSync(reportUri.fsPath, 'utf8');
    assert.ok(disk.includes('占72.08%') && !disk.includes('占75.08%'), 'the file on disk has the corrected figure');
    await diagnosticsWhere(reportUri, (x) => errorsOf(x).length === 0, 'no error after the fix');
  });

  await test('a Markdown file that is not a report gets no diagnostics', async () => {
    const doc = await vscode.workspace.openTextDocument(notesUri);
    await vscode.window.showTextDocument(doc);
    // the server publishes (empty) diagnostics for every document it checks; wait for the
    // report to be re-checked after an edit, which is sequenced after notes.md's check
    const edit = new vscode.WorkspaceEdit();
    const report = await vscode.workspace.openTextDocument(reportUri);
    const line = report
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('占72.08%'));
    const col = report.lineAt(line).text.indexOf('72.08');
    edit.replace(reportUri, new vscode.Range(line, col, line, col + 5), '73.08');
    await vscode.workspace.applyEdit(edit);
    await diagnosticsWhere(reportUri, (x) => errorsOf(x).length === 1, 'the error back on report.md');
    assert.deepEqual(
      vscode.languages.getDiagnostics(notesUri).filter((d) => d.source === 'suanpan'),
      [],
    );
  });

  await test('fix all (source.fixAll.suanpan) fixes every certain finding', async () => {
    const actions = await within(
      vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        reportUri,
        new vscode.Range(0, 0, 0, 0),
        'source.fixAll.suanpan',
      ),
      'fix-all action',
    );
    assert.equal(actions.length, 1, actions.map((a) => a.title).join(' | '));
    assert.equal(await vscode.workspace.applyEdit(actions[0].edit!), true);
    await diagnosticsWhere(reportUri, (x) => errorsOf(x).length === 0, 'no error after fix all');
    const doc = await vscode.workspace.openTextDocument(reportUri);
    await doc.save();
  });

  await test('"check all reports" fills the Problems view for an unopened report', async () => {
    assert.ok(
      !vscode.workspace.textDocuments.some((d) => d.uri.toString() === otherUri.toString()),
      'other.md must not be open',
    );
    const got = diagnosticsWhere(otherUri, (x) => errorsOf(x).length === 1, 'diagnostics for the unopened other.md');
    await within(vscode.commands.executeCommand('suanpan.server.checkWorkspace'), 'workspace check');
    const ds = await got;
    assert.equal(codeOf(errorsOf(ds)[0]), 'share');
  });

  await test('"Import report (PDF/Word)" writes the Markdown beside the PDF, opens it, and it is checked', async () => {
    const pdfUri = vscode.Uri.joinPath(folder.uri, 'social-work.pdf');
    const mdUri = vscode.Uri.joinPath(folder.uri, 'social-work.md');
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(mdUri)), 'no social-work.md before the import');
    const opened = within(
      new Promise<vscode.TextEditor>((resolve) => {
        const sub = vscode.window.onDidChangeActiveTextEditor((e) => {
          if (e?.document.uri.toString() === mdUri.toString()) {
            sub.dispose();
            resolve(e);
          }
        });
      }),
      'the imported social-work.md to open',
      60_000,
    );
    // as the explorer's context menu calls it: with the file's URI
    const result = await within(
      Promise.resolve(vscode.commands.executeCommand<vscode.Uri | undefined>('suanpan.importReport', pdfUri)),
      'the import command',
      60_000,
    );
    assert.equal(result?.toString(), mdUri.toString());
    const editor = await opened;
    const onDisk = readFileSync(mdUri.fsPath, 'utf8');
    assert.equal(editor.document.getText(), onDisk);
    assert.match(onDisk, /^---\n单位: 中共上海市普陀区委社会工作部\n年度: 2024\n类型: 部门决算\n/);
    // the report's one real error: 完成年初预算的95.89% where 年初预算 is 0 (it fits 全年预算)
    const ds = await diagnosticsWhere(
      mdUri,
      (x) => errorsOf(x).some((d) => codeOf(d) === 'budget'),
      'the budget error on the imported report',
      60_000,
    );
    const budget = errorsOf(ds).find((d) => codeOf(d) === 'budget')!;
    assert.match(budget.message, /95\.89%/);
    assert.match(editor.document.lineAt(budget.range.start.line).text, /完成年初预算的95\.89%/);
  });

  if (failures) throw new Error(`${failures} in-editor test(s) failed`);
  log('all in-editor tests passed');
}
