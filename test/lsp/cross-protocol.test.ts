/**
 * Protocol test of the reports checked against each other: two reports open (the wanli 2024
 * and 2025 budgets); a slip in one shows in both, an edit that mends it clears both, and the
 * hover on a figure shows the same figure in the partner report (its file and line, the concept,
 * and for a cell of a coded row the row's code and name: the department and unit budgets imported
 * from the PDFs). A partner only on disk: the open
 * report is checked against it, and again when the file on disk changes (a watched file).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FileChangeType, type CodeAction, type Diagnostic, type Hover } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CORPUS, read } from '../helpers';
import { importFile } from '../../server/src/cli/import';
import type { ImportResult } from '../../server/src/engine/read/import/blocks';
import { fileUri, LspClient } from './lsp-client';

const cross = (ds: Diagnostic[]) => ds.filter((d) => d.code === 'cross-year');

describe('reports checked against each other in the editor', () => {
  let client: LspClient;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'suanpan-cross-lsp-'));
    client = new LspClient();
    await client.initialize({ workspaceFolders: [{ uri: fileUri(dir), name: 'ws' }], rootUri: fileUri(dir) });
  });

  after(async () => {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  test('an edit in one report updates the diagnostics of the other; the hover shows the partner figure', async () => {
    const earlier = read(join(CORPUS, 'shanghai-putuo-wanli-2024-budget.txt'));
    const later = read(join(CORPUS, 'shanghai-putuo-wanli-2025-budget.txt'));
    const bad = later.replace('比2024年预算增加\n3,355.65万元；事业收入', '比2024年预算增加\n3,255.65万元；事业收入');
    assert.notEqual(bad, later);
    const p24 = join(dir, '2024.txt');
    const p25 = join(dir, '2025.txt');
    writeFileSync(p24, earlier);
    const [u24, u25] = [fileUri(p24), fileUri(p25)];
    const first = client.waitForDiagnostics((p) => p.uri === u24, 30_000, 'the 2024 report alone');
    await client.open(u24, earlier, 'plaintext');
    assert.deepEqual(cross((await first).diagnostics), []);
    // (written only now: a report on disk is a partner too, see the next suite)
    writeFileSync(p25, bad);

    const on25 = client.waitForDiagnostics((p) => p.uri === u25 && cross(p.diagnostics).length > 0, 30_000, '2025');
    const on24 = client.waitForDiagnostics((p) => p.uri === u24 && cross(p.diagnostics).length > 0, 30_000, '2024');
    await client.open(u25, bad, 'plaintext');
    const d25 = cross((await on25).diagnostics);
    assert.equal(d25.length, 1);
    assert.match(d25[0].message, /3,255\.65万元/);
    assert.ok(d25[0].relatedInformation?.some((r) => r.location.uri === u24));
    // the 2024 report states the figure in its prose and in its table B4 (156,211,123元)
    const d24 = cross((await on24).diagnostics);
    assert.equal(d24.length, 2);
    assert.ok(d24.every((d) => d.relatedInformation?.some((r) => r.location.uri === u25)));

    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: u25 },
      range: d25[0].range,
      context: { diagnostics: [d25[0]] },
    });
    const suggestion = actions.find((a) => a.title.includes('改为 3,355.65'));
    assert.ok(suggestion, actions.map((a) => a.title).join(' | '));
    const data = d25[0].data as { fixes: Array<{ certain: boolean }> };
    assert.ok(data.fixes.length && data.fixes.every((f) => !f.certain), 'a suggestion: never applied by fix-all');

    const at = TextDocument.create(u24, 'plaintext', 1, earlier).positionAt(earlier.indexOf('15621.11万元，比2023'));
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: u24 }, position: at });
    const md = (hover.contents as { value: string }).value;
    assert.match(md, /其他报告中的同一数字/);
    // the partner's file and line, the concept's name and its figure (the base: 18,976.76 − 3,255.65)
    assert.match(md, /✗ 2025\.txt:\d+ 财政拨款收入 15721\.11万元/);

    const mended25 = client.waitForDiagnostics((p) => p.uri === u25 && p.version === 2, 30_000, '2025 mended');
    const mended24 = client.waitForDiagnostics((p) => p.uri === u24 && cross(p.diagnostics).length === 0, 30_000, '24');
    await client.change(u25, 2, later);
    assert.deepEqual(cross((await mended25).diagnostics), []);
    assert.deepEqual(cross((await mended24).diagnostics), []);
  });
});

describe("the hover on a cell of a coded row: the partner row's code and name", () => {
  let client: LspClient;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'suanpan-cross-hover-'));
    client = new LspClient();
    await client.initialize({ workspaceFolders: [{ uri: fileUri(dir), name: 'ws' }], rootUri: fileUri(dir) });
  });

  after(async () => {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the department and unit budgets (Markdown from the PDFs) open: 2010350 事业运行 in both', async () => {
    const texts: string[] = [];
    for (const name of ['shanghai-putuo-gov-office-2025-budget', 'shanghai-putuo-gov-office-2025-unit-budget']) {
      const r = await importFile(join(CORPUS, 'pdf', `${name}.pdf`), { out: () => undefined, err: () => undefined });
      assert.equal(typeof r, 'object', `import of ${name}: ${String(r)}`);
      texts.push((r as ImportResult).markdown);
    }
    const [dept, unit] = texts;
    const [ud, uu] = [fileUri(join(dir, 'dept.md')), fileUri(join(dir, 'unit.md'))];
    const shown = client.waitForDiagnostics((p) => p.uri === ud && p.version === 1, 30_000, 'dept');
    await client.open(uu, unit, 'markdown');
    await client.open(ud, dept, 'markdown');
    await shown;
    const row = '| 2010350 | 事业运行 | ';
    const at = TextDocument.create(ud, 'markdown', 1, dept).positionAt(dept.indexOf(row) + row.length + 1);
    // the unit's check may finish after the department's: the hover is asked until it shows the partner
    let md = '';
    for (let i = 0; i < 50 && !md.includes('unit.md'); i++) {
      const hover = await client.request<Hover | null>('textDocument/hover', {
        textDocument: { uri: ud },
        position: at,
      });
      md = (hover?.contents as { value: string } | undefined)?.value ?? '';
      if (!md.includes('unit.md')) await new Promise((res) => setTimeout(res, 200));
    }
    const line = unit.slice(0, unit.indexOf(row)).split('\n').length;
    assert.match(md, /其他报告中的同一数字/);
    assert.ok(md.includes(`✓ unit.md:${line} `), md);
    assert.match(md, /事业运行（2010350 事业运行） 3,807,295\.58元/);
  });
});

describe('a partner only on disk', () => {
  let client: LspClient;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'suanpan-cross-disk-'));
    writeFileSync(join(dir, '2024.txt'), read(join(CORPUS, 'shanghai-putuo-wanli-2024-budget.txt')));
    client = new LspClient();
    await client.initialize({ workspaceFolders: [{ uri: fileUri(dir), name: 'ws' }], rootUri: fileUri(dir) });
  });

  after(async () => {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  test("the open report is checked against last year's report on disk, and again when that file changes", async () => {
    const later = read(join(CORPUS, 'shanghai-putuo-wanli-2025-budget.txt'));
    const bad = later.replace('比2024年预算增加\n3,355.65万元；事业收入', '比2024年预算增加\n3,255.65万元；事业收入');
    assert.notEqual(bad, later);
    const p24 = join(dir, '2024.txt');
    const p25 = join(dir, '2025.txt');
    writeFileSync(p25, bad);
    const [u24, u25] = [fileUri(p24), fileUri(p25)];
    const caught = client.waitForDiagnostics((p) => p.uri === u25 && cross(p.diagnostics).length > 0, 30_000, '2025');
    await client.open(u25, bad, 'plaintext');
    const d25 = cross((await caught).diagnostics);
    assert.equal(d25.length, 1);
    assert.match(d25[0].message, /3,255\.65万元/);
    // the partner's figure, in the file that is not open
    assert.ok(d25[0].relatedInformation?.some((r) => r.location.uri === u24));

    // last year's report edited on disk: its 财政拨款收入 now 15721.11 in the prose (its table still
    // 156,211,123元, so it disagrees with itself there and cannot arbitrate): the finding goes
    const earlier = read(p24);
    const edited = earlier.replace('财政拨款收入15621.11万元', '财政拨款收入15721.11万元');
    assert.notEqual(edited, earlier);
    writeFileSync(p24, edited);
    const cleared = client.waitForDiagnostics(
      (p) => p.uri === u25 && cross(p.diagnostics).length === 0,
      30_000,
      'gone',
    );
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: u24, type: FileChangeType.Changed }] });
    assert.deepEqual(cross((await cleared).diagnostics), []);

    // and back: the finding again, on the same version of the open report
    writeFileSync(p24, earlier);
    const again = client.waitForDiagnostics((p) => p.uri === u25 && cross(p.diagnostics).length > 0, 30_000, 'again');
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: u24, type: FileChangeType.Changed }] });
    const d = await again;
    assert.equal(d.version, 1);
    assert.equal(cross(d.diagnostics).length, 1);
  });
});

describe('the workspace check: cross findings of reports not open', () => {
  let client: LspClient;
  let dir: string;
  const earlier = read(join(CORPUS, 'shanghai-putuo-wanli-2024-budget.txt'));
  const later = read(join(CORPUS, 'shanghai-putuo-wanli-2025-budget.txt'));
  const bad = later.replace('比2024年预算增加\n3,355.65万元；事业收入', '比2024年预算增加\n3,255.65万元；事业收入');

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'suanpan-cross-ws-'));
    writeFileSync(join(dir, '2024.txt'), earlier);
    writeFileSync(join(dir, '2025.txt'), bad);
    client = new LspClient();
    await client.initialize({ workspaceFolders: [{ uri: fileUri(dir), name: 'ws' }], rootUri: fileUri(dir) });
  });

  after(async () => {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  test('both reports on disk show the slip, and a change on disk clears it in both', async () => {
    const [u24, u25] = [fileUri(join(dir, '2024.txt')), fileUri(join(dir, '2025.txt'))];
    const on24 = client.waitForDiagnostics((p) => p.uri === u24 && cross(p.diagnostics).length > 0, 60_000, '2024');
    const on25 = client.waitForDiagnostics((p) => p.uri === u25 && cross(p.diagnostics).length > 0, 60_000, '2025');
    const summary = await client.request<{ reports: number; errors: number }>('workspace/executeCommand', {
      command: 'suanpan.server.checkWorkspace',
      arguments: [],
    });
    assert.equal(summary.reports, 2);
    const d25 = cross((await on25).diagnostics);
    assert.equal(d25.length, 1);
    assert.match(d25[0].message, /3,255\.65万元/);
    assert.ok(d25[0].relatedInformation?.some((r) => r.location.uri === u24));
    const d24 = cross((await on24).diagnostics);
    assert.equal(d24.length, 2, 'the prose figure and the table B4 figure');
    assert.ok(d24.every((d) => d.relatedInformation?.some((r) => r.location.uri === u25)));
    // the summary counts the cross findings (3 errors among the others)
    assert.ok(summary.errors >= 3);

    // the later report mended on disk: its own diagnostics and its partner's lose the finding
    writeFileSync(join(dir, '2025.txt'), later);
    const mended25 = client.waitForDiagnostics((p) => p.uri === u25 && cross(p.diagnostics).length === 0, 60_000, '25');
    const mended24 = client.waitForDiagnostics((p) => p.uri === u24 && cross(p.diagnostics).length === 0, 60_000, '24');
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: u25, type: FileChangeType.Changed }] });
    await mended25;
    await mended24;

    // an open report edited: its partner on disk is crossed with the editor's text
    const slip24 = client.waitForDiagnostics((p) => p.uri === u24 && cross(p.diagnostics).length > 0, 60_000, 'slip');
    await client.open(u25, later, 'plaintext');
    await client.change(u25, 2, bad);
    const d = cross((await slip24).diagnostics);
    assert.equal(d.length, 2);
    assert.ok(d.every((x) => x.relatedInformation?.some((r) => r.location.uri === u25)));
  });
});

describe("a folder added: its `.suanpan.yaml` sets pair the open report with the folder's files", () => {
  let client: LspClient;
  let first: string;
  let second: string;

  before(async () => {
    first = mkdtempSync(join(tmpdir(), 'suanpan-cross-a-'));
    second = mkdtempSync(join(tmpdir(), 'suanpan-cross-b-'));
    // the 2024 report under another unit's name: it pairs with the 2025 report only by the set
    const renamed = read(join(CORPUS, 'shanghai-putuo-wanli-2024-budget.txt')).replaceAll('万里街道', '长征镇');
    writeFileSync(join(second, '2024.txt'), renamed);
    writeFileSync(join(second, '.suanpan.yaml'), 'sets:\n  - [2024.txt, 2025.txt]\n');
    client = new LspClient();
    await client.initialize({
      workspaceFolders: [{ uri: fileUri(first), name: 'a' }],
      rootUri: fileUri(first),
      capabilities: { workspace: { configuration: true, workspaceFolders: true } },
    });
  });

  after(async () => {
    await client.shutdown();
    rmSync(first, { recursive: true, force: true });
    rmSync(second, { recursive: true, force: true });
  });

  test('the second folder added: the slip against its 2024 report shows on the open 2025 report', async () => {
    const later = read(join(CORPUS, 'shanghai-putuo-wanli-2025-budget.txt'));
    const bad = later.replace('比2024年预算增加\n3,355.65万元；事业收入', '比2024年预算增加\n3,255.65万元；事业收入');
    const p25 = join(second, '2025.txt');
    writeFileSync(p25, bad);
    const u25 = fileUri(p25);
    const alone = client.waitForDiagnostics((p) => p.uri === u25, 30_000, '2025 before the folder is added');
    await client.open(u25, bad, 'plaintext');
    assert.deepEqual(cross((await alone).diagnostics), []);
    const paired = client.waitForDiagnostics((p) => p.uri === u25 && cross(p.diagnostics).length > 0, 30_000, 'set');
    await client.notify('workspace/didChangeWorkspaceFolders', {
      event: { added: [{ uri: fileUri(second), name: 'b' }], removed: [] },
    });
    const d = cross((await paired).diagnostics);
    assert.equal(d.length, 1);
    assert.match(d[0].message, /3,255\.65万元/);
    assert.ok(d[0].relatedInformation?.some((r) => r.location.uri === fileUri(join(second, '2024.txt'))));
  });
});
