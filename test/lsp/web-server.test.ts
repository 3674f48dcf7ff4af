/**
 * The web build's language server (dist/web/server.js, package.json "browser") run as a web
 * worker would run it: in a fresh JavaScript context holding only what a browser's worker has
 * (`self` as its message port, timers, TextEncoder, URL, crypto; no `process`, `require`,
 * `Buffer` or file system), spoken to over postMessage. It checks the seed as the desktop
 * server does (the same diagnostics, hover and quick fix) once the web client has opened the
 * linked tables file, and says at the 数据 line when that file is not open. A report too complex
 * to check is cut short by the desktop's time budget (there is no worker to stop).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createContext, runInContext } from 'node:vm';
import {
  BrowserMessageReader,
  BrowserMessageWriter,
  createProtocolConnection,
  type CodeAction,
  type Diagnostic,
  type Hover,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/browser';
import { injected, injectedPosition, ROOT, SEED_TABLES, writeTables } from './fixtures';
import { fileUri, LspClient } from './lsp-client';

const WEB_SERVER = join(ROOT, 'dist', 'web', 'server.js');

/** The web server in a worker-like context, with an LSP connection to it and its published diagnostics. */
class WebServer {
  readonly conn: ProtocolConnection;
  readonly logs: string[] = [];
  private readonly published = new Map<string, PublishDiagnosticsParams>();
  private waiters: Array<{
    test: (p: PublishDiagnosticsParams) => boolean;
    resolve: (p: PublishDiagnosticsParams) => void;
  }> = [];
  private readonly channel = new MessageChannel();

  constructor() {
    const { port1, port2 } = this.channel;
    // what a dedicated worker's global scope offers the server; nothing of Node's
    const context = createContext({
      self: port1,
      console: { log() {}, info() {}, warn() {}, error() {}, debug() {} },
      setTimeout,
      clearTimeout,
      setInterval,
      clearInterval,
      queueMicrotask,
      TextEncoder,
      TextDecoder,
      URL,
      crypto,
      performance,
      structuredClone,
    });
    runInContext(readFileSync(WEB_SERVER, 'utf8'), context, { filename: WEB_SERVER });
    assert.equal(
      runInContext('typeof process + typeof require + typeof Buffer', context),
      'undefinedundefinedundefined',
    );
    this.conn = createProtocolConnection(new BrowserMessageReader(port2), new BrowserMessageWriter(port2));
    this.conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onNotification('window/logMessage', (p: { message: string }) => this.logs.push(p.message));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.set(p.uri, p);
      this.waiters = this.waiters.filter((w) => (w.test(p) ? (w.resolve(p), false) : true));
    });
    this.conn.listen();
  }

  async initialize(folder: string, initializationOptions: Record<string, unknown> = {}): Promise<void> {
    await this.conn.sendRequest('initialize', {
      processId: null,
      rootUri: fileUri(folder),
      workspaceFolders: [{ uri: fileUri(folder), name: 'ws' }],
      locale: 'zh-CN',
      initializationOptions,
      capabilities: {
        workspace: { configuration: true, workspaceEdit: { documentChanges: true } },
        textDocument: { publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true } },
      },
    });
    await this.conn.sendNotification('initialized', {});
  }

  diagnostics(uri: string, test: (p: PublishDiagnosticsParams) => boolean = () => true, ms = 30_000) {
    const have = this.published.get(uri);
    if (have && test(have)) return Promise.resolve(have);
    return new Promise<PublishDiagnosticsParams>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics of ${uri}; log:\n${this.logs.join('\n')}`)), ms);
      this.waiters.push({ test: (p) => p.uri === uri && test(p), resolve: (p) => (clearTimeout(timer), resolve(p)) });
    });
  }

  open(uri: string, text: string, languageId = 'markdown'): Promise<void> {
    return this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  async stop(): Promise<void> {
    await this.conn.sendRequest('shutdown').catch(() => undefined);
    this.conn.dispose();
    this.channel.port1.close();
    this.channel.port2.close();
  }
}

/** A diagnostic as the comparison sees it (the rule page link differs: no bundled pages in the web). */
const shape = (d: Diagnostic) => ({ code: d.code, severity: d.severity, range: d.range, message: d.message });

describe('web build: the language server as a web worker', () => {
  // the desktop server reads the tables file from this folder; the web server never reads the disk
  const folder = mkdtempSync(join(tmpdir(), 'suanpan-web-'));
  writeTables(folder);
  const report = fileUri(`${folder}/report.md`);
  const tables = fileUri(`${folder}/tables.yaml`);
  const text = injected();
  let web: WebServer;
  before(async () => {
    web = new WebServer();
    await web.initialize(folder);
  });
  after(async () => {
    await web.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  test('without its tables file open, the report says at 数据 that it is not found', async () => {
    const lone = fileUri(`${folder}/lone/report.md`);
    const published = web.diagnostics(lone);
    await web.open(lone, text);
    const { diagnostics } = await published;
    const fm = diagnostics.find((d) => d.code === 'front-matter');
    assert.ok(fm, JSON.stringify(diagnostics.map((d) => d.code)));
    assert.match(fm.message, /tables\.yaml/);
    assert.match(fm.message, /找不到/);
    assert.equal(
      fm.range.start.line,
      text.split('\n').findIndex((l) => l.startsWith('数据:')),
    );
    assert.ok(
      web.logs.some((l) => /check worker cannot start/.test(l)),
      'checks run on the server worker itself',
    );
  });

  test('the seed with one slip: the same diagnostics as the desktop server, on the report and its tables', async () => {
    await web.open(tables, SEED_TABLES, 'yaml');
    const webReport = web.diagnostics(report, (p) => p.diagnostics.some((d) => d.code === 'share'));
    await web.open(report, text);
    const got = (await webReport).diagnostics;
    const gotTables = (await web.diagnostics(tables)).diagnostics;
    assert.ok(!got.some((d) => d.code === 'front-matter'), 'the linked tables file is read from the editor');
    const share = got.filter((d) => d.code === 'share');
    assert.equal(share.length, 1);
    assert.match(share[0].message, /72\.08%/);

    // the desktop server (dist/server.js over stdio) on the same texts (the tables file open too)
    const desktop = new LspClient();
    try {
      await desktop.initialize({ workspaceFolders: [{ uri: fileUri(folder), name: 'ws' }], rootUri: fileUri(folder) });
      const dTables = desktop.waitForDiagnostics((p) => p.uri === tables, 30_000);
      await desktop.open(tables, SEED_TABLES, 'yaml');
      await dTables;
      const dReport = desktop.waitForDiagnostics(
        (p) => p.uri === report && p.diagnostics.some((d) => d.code === 'share'),
        30_000,
      );
      await desktop.open(report, text);
      const want = (await dReport).diagnostics;
      assert.deepEqual(got.map(shape), want.map(shape));
      const wantTables = [...desktop.diagnostics].reverse().find((p) => p.uri === tables)!.diagnostics;
      assert.deepEqual(gotTables.map(shape), wantTables.map(shape));
    } finally {
      await desktop.shutdown();
    }
  });

  test('hover and quick fix on the wrong figure', async () => {
    const at = injectedPosition(text);
    const position = { line: at.line, character: at.character + 1 };
    const hover = await web.conn.sendRequest<Hover>('textDocument/hover', { textDocument: { uri: report }, position });
    const md = (hover.contents as { value: string }).value;
    assert.match(md.split('\n')[0], /= 72\.08%，写为 75\.08% ✗$/);
    const share = (await web.diagnostics(report)).diagnostics.find((d) => d.code === 'share')!;
    const actions = await web.conn.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: report },
      range: share.range,
      context: { diagnostics: [share], only: ['quickfix'] },
    });
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
    const edits = fix.edit?.documentChanges?.flatMap((c) => ('edits' in c ? c.edits : [])) ?? [];
    assert.deepEqual(
      edits.map((e) => e.newText),
      ['72.08'],
    );
  });
});

describe('web build: a report too complex to check in time', () => {
  test('the check on the server worker has the desktop budget (most of the deadline): input-limit', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'suanpan-web-slow-'));
    const web = new WebServer();
    try {
      // no worker to stop: the engine's own budget, 800 ms of a 1,000 ms deadline, is the limit
      await web.initialize(folder, { checkDeadlineMs: 1000 });
      const uri = fileUri(`${folder}/slow.md`);
      // 8,000 clauses on one line: seconds of work, far past the budget
      const clauses = Array.from({ length: 8000 }, (_, i) => `其中项目${i}支出${i + 1}.00万元，占${(i % 97) + 1}.00%`);
      const published = web.diagnostics(uri, () => true, 60_000);
      await web.open(uri, `${injected().replace('数据: tables.yaml\n', '')}\n${clauses.join('；')}。\n`);
      const limit = (await published).diagnostics.filter((d) => d.code === 'input-limit');
      assert.equal(limit.length, 1, 'the report says it was not checked in time');
      assert.match(limit[0].message, /时间预算（800 毫秒）/);
      assert.deepEqual(limit[0].range.start, { line: 0, character: 0 });
      // the server answers at once after it
      const hover = await web.conn.sendRequest('textDocument/hover', {
        textDocument: { uri },
        position: { line: 0, character: 0 },
      });
      assert.ok(hover === null || typeof hover === 'object');
    } finally {
      await web.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
