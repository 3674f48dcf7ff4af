/**
 * The language server on bad files and faults (issue 9), over stdio: a linked file outside the
 * workspace is refused at the 数据 line, workspace profiles are off in an untrusted workspace,
 * `initialized` works for a client without workspace-folder support, a broken message frame is
 * logged and the server answers after it, a didOpen whose text is not a string is rejected once,
 * and the workspace scan ends on a symlink loop.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { Hover } from 'vscode-languageserver-protocol';
import { CHECK_WORKSPACE_COMMAND } from '../../server/src/lsp/protocol';
import { injected, SEED, SEED_TEAM, TEAM_PROFILE, TEAM_SECTION, writeTables } from './fixtures';
import { fileUri, LspClient } from './lsp-client';

const DATA_LINE = SEED.split('\n').indexOf('数据: tables.yaml');
const dirs: string[] = [];
const clients: LspClient[] = [];

function workspace(): string {
  const d = mkdtempSync(join(tmpdir(), 'suanpan-lsp-wiring-'));
  writeTables(d);
  dirs.push(d);
  return d;
}

async function start(extra: Parameters<LspClient['initialize']>[0] = {}): Promise<LspClient> {
  const c = new LspClient();
  clients.push(c);
  await c.initialize(extra);
  return c;
}

const logs = (c: LspClient) =>
  c.notifications.filter((n) => n.method === 'window/logMessage').map((n) => (n.params as { message: string }).message);

after(async () => {
  for (const c of clients) await c.shutdown();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('host wiring of the language server', () => {
  test('a linked ../../etc/passwd or absolute path is refused with a diagnostic at the 数据 line', async () => {
    const d = workspace();
    const c = await start({ workspaceFolders: [{ uri: fileUri(d), name: 'ws' }], rootUri: fileUri(d) });
    for (const name of ['../../../../../../etc/passwd', '/etc/passwd']) {
      const uri = fileUri(join(d, `r${name.length}.md`));
      const published = c.waitForDiagnostics((p) => p.uri === uri);
      await c.open(uri, SEED.replace('数据: tables.yaml', `数据: ${name}`));
      const at = (await published).diagnostics.filter((x) => x.range.start.line === DATA_LINE);
      assert.ok(
        at.some((x) => /不读取「数据」所指的文件.*(工作区.*之外|绝对路径)/.test(x.message)),
        JSON.stringify(at.map((x) => x.message)),
      );
      assert.ok(!c.diagnostics.some((p) => p.uri.endsWith('/etc/passwd')), 'nothing published on /etc/passwd');
    }
  });

  test('an untrusted workspace gets no layout profiles from .suanpan.yaml', async () => {
    const d = workspace();
    writeFileSync(join(d, 'team.yaml'), TEAM_PROFILE);
    writeFileSync(join(d, '.suanpan.yaml'), 'profiles:\n  - team.yaml\n');
    const missing = async (c: LspClient) => {
      const uri = fileUri(join(d, 'report.md'));
      const published = c.waitForDiagnostics((p) => p.uri === uri);
      await c.open(uri, SEED_TEAM);
      return (await published).diagnostics.filter(
        (x) => x.code === 'missing-section' && x.message.includes(TEAM_SECTION),
      );
    };
    const folders = { workspaceFolders: [{ uri: fileUri(d), name: 'ws' }], rootUri: fileUri(d) };
    assert.equal((await missing(await start(folders))).length, 1, 'trusted: the team profile applies');
    const untrusted = await start({ ...folders, initializationOptions: { trusted: false } });
    assert.equal((await missing(untrusted)).length, 0, 'untrusted: not loaded');
  });

  test('initialized without workspace-folder support does not fail', async () => {
    const d = workspace();
    const c = await start({
      workspaceFolders: [{ uri: fileUri(d), name: 'ws' }],
      rootUri: fileUri(d),
      capabilities: { workspace: { configuration: false } },
    });
    const uri = fileUri(join(d, 'report.md'));
    const published = c.waitForDiagnostics((p) => p.uri === uri);
    await c.open(uri, injected());
    assert.ok((await published).diagnostics.some((x) => x.code === 'share'));
    assert.deepEqual(
      logs(c).filter((m) => /initialized|workspace folder/i.test(m)),
      [],
    );
    assert.doesNotMatch(c.stderr, /initialized/);
  });

  test('a broken message frame is logged and the server keeps answering', async () => {
    const d = workspace();
    const c = await start({ workspaceFolders: [{ uri: fileUri(d), name: 'ws' }], rootUri: fileUri(d) });
    const uri = fileUri(join(d, 'report.md'));
    const published = c.waitForDiagnostics((p) => p.uri === uri);
    await c.open(uri, injected());
    await published;
    // a header without Content-Length, then a body that is not JSON
    c.proc.stdin!.write('X-Broken: 1\r\n\r\n{"jsonrpc":"2.0","id":999,"method":"shutdown"}');
    c.proc.stdin!.write('Content-Length: 5\r\n\r\n{{{{{');
    const hover = await c.request<Hover | null>('textDocument/hover', {
      textDocument: { uri },
      position: { line: 0, character: 0 },
    });
    assert.ok(hover === null || typeof hover === 'object');
    assert.match(c.stderr, /skipped a frame header without a valid Content-Length/);
    assert.match(c.stderr, /skipped a message frame whose body is not JSON/);
    assert.equal(c.exited, false);
  });

  test('a didOpen whose text is not a string is rejected once, not on every re-check', async () => {
    const c = await start();
    const uri = 'file:///nowhere/broken.md';
    await c.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'markdown', version: 1, text: 12345 },
    });
    await c.waitForNotification<{ message: string }>('window/logMessage', (p) => p.message.includes('broken.md'));
    // settings changes re-check every open document
    for (let i = 0; i < 3; i++) await c.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const good = fileUri(join(workspace(), 'report.md'));
    const published = c.waitForDiagnostics((p) => p.uri === good);
    await c.open(good, injected());
    await published;
    assert.equal(logs(c).filter((m) => m.includes('broken.md')).length, 1, JSON.stringify(logs(c)));
  });

  test('the workspace check ends on a symlink loop and checks each report once', async () => {
    const d = workspace();
    mkdirSync(join(d, 'sub'));
    writeFileSync(join(d, 'sub', 'a.md'), SEED.replace('数据: tables.yaml\n', ''));
    symlinkSync('..', join(d, 'sub', 'loop'));
    symlinkSync(d, join(d, 'again'));
    const c = await start({ workspaceFolders: [{ uri: fileUri(d), name: 'ws' }], rootUri: fileUri(d) });
    const summary = await c.request<{ files: number; reports: number }>('workspace/executeCommand', {
      command: CHECK_WORKSPACE_COMMAND,
      arguments: [],
    });
    // sub/a.md and the tables file at the top, nothing through the links
    assert.equal(summary.files, 2, JSON.stringify(summary));
  });
});
