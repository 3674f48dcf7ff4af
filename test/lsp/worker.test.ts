/**
 * The check worker of the language server (issues 9 and 12): checks run off the main thread with
 * a deadline; hover and code actions answer from the latest finished check while a check runs; a
 * check past its deadline is stopped and said so; an older check's result never overwrites a
 * newer one's. The worker is held by a wrapper of the real one (SUANPAN_CHECK_WORKER) that waits
 * for a file the test creates, or blocks for good: every wait here is on an event.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { Checker } from '../../server/src/lsp/checker';
import { diffOf, MAX_HOVERS, toAfter, toBefore, Views } from '../../server/src/lsp/views';
import { injected, injectedPosition, writeTables } from './fixtures';
import { fileUri, LspClient, ROOT } from './lsp-client';

const REAL_WORKER = resolve(ROOT, 'dist', 'check-worker.js');

/**
 * A worker script: the real one, except that a check holding `<!-- test: wait FILE -->` starts
 * once FILE exists, one holding `<!-- test: block -->` never ends, and one holding
 * `<!-- test: spin -->` spins for good (the worker's thread busy: terminate must still stop it).
 */
function holdingWorker(dir: string, real = REAL_WORKER): string {
  const script = join(dir, 'holding-worker.js');
  writeFileSync(
    script,
    `const { parentPort } = require('node:worker_threads');
const { existsSync } = require('node:fs');
const on = parentPort.on.bind(parentPort);
const when = (file, go) => (existsSync(file) ? go() : setTimeout(() => when(file, go), 5));
parentPort.on = (ev, fn) =>
  on(ev, ev !== 'message' ? fn : (job) => {
    if (job.text.includes('<!-- test: spin -->')) for (;;);
    if (job.text.includes('<!-- test: block -->')) return;
    const m = /<!-- test: wait (.*?) -->/.exec(job.text);
    if (m) when(m[1], () => fn(job));
    else fn(job);
  });
require(${JSON.stringify(real)});
`,
  );
  return script;
}

const errors = (ds: Diagnostic[]) => ds.filter((d) => d.severity === 1);

describe('the check worker, over stdio', () => {
  let client: LspClient;
  let dir: string;
  let n = 0;
  /** A file name that does not exist yet: a check waiting for it is held until release() creates it. */
  const gate = () => {
    const file = join(dir, `gate-${++n}`);
    return { mark: `\n<!-- test: wait ${file} -->\n`, release: () => writeFileSync(file, '') };
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'suanpan-worker-'));
    writeTables(dir);
    process.env.SUANPAN_CHECK_WORKER = holdingWorker(dir);
    try {
      client = new LspClient();
    } finally {
      delete process.env.SUANPAN_CHECK_WORKER;
    }
    await client.initialize({
      workspaceFolders: [{ uri: fileUri(dir), name: 'ws' }],
      rootUri: fileUri(dir),
      initializationOptions: { checkDeadlineMs: 5000 },
    } as never);
  });

  after(async () => {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Opens a report with the injected share error and waits for its diagnostics. */
  async function openInjected(name: string) {
    const uri = fileUri(join(dir, name));
    const text = injected();
    const got = client.waitForDiagnostics((p) => p.uri === uri && p.version === 1);
    await client.open(uri, text);
    const d = errors((await got).diagnostics);
    assert.equal(d.length, 1);
    return { uri, text, d: d[0], pos: injectedPosition(text) };
  }

  test('hover and code actions answer from the latest finished check while a check is running', async () => {
    const { uri, text, d, pos } = await openInjected('running.md');
    const g = gate();
    const v2 = client.waitForDiagnostics((p) => p.uri === uri && p.version === 2);
    // the comment is added at the end: the figure hovered is where it was
    await client.change(uri, 2, text + g.mark);
    const hover = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri },
      position: { line: pos.line, character: pos.character + 2 },
    });
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d], triggerKind: 1 },
    });
    assert.ok(!client.diagnostics.some((p) => p.uri === uri && p.version === 2), 'the check of version 2 is held');
    assert.match((hover.contents as { value: string }).value, /256\.00 ÷ 355\.15 × 100% = 72\.08/);
    assert.ok(actions.some((a) => a.isPreferred && a.kind === 'quickfix'));
    assert.ok(actions.some((a) => a.title.includes('此行停用')));
    g.release();
    assert.equal(errors((await v2).diagnostics).length, 1);
    await client.close(uri);
  });

  test('hovers of a document not kept (others checked since) are computed again when asked', async () => {
    const first = await openInjected('first.md');
    const others = [];
    for (let i = 0; i <= MAX_HOVERS; i++) others.push(await openInjected(`other-${i}.md`));
    const hover = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri: first.uri },
      position: { line: first.pos.line, character: first.pos.character + 2 },
    });
    assert.match((hover.contents as { value: string }).value, /72\.08/);
    for (const o of [first, ...others]) await client.close(o.uri);
  });

  test('a hover after an edit before the figure is carried over the edit', async () => {
    const { uri, text, pos } = await openInjected('shifted.md');
    const g = gate();
    const v2 = client.waitForDiagnostics((p) => p.uri === uri && p.version === 2);
    // two lines more at the top (one holds the check): the hover comes from version 1's hovers
    await client.change(uri, 2, `${g.mark.trim()}\n\n${text}`);
    const hover = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri },
      position: { line: pos.line + 2, character: pos.character + 2 },
    });
    assert.match((hover.contents as { value: string }).value, /72\.08/);
    assert.equal(hover.range?.start.line, pos.line + 2, 'the range is in the text as it is now');
    assert.equal(hover.range?.start.character, pos.character);
    g.release();
    await v2;
    await client.close(uri);
  });

  test('a check past its deadline is stopped: an input-limit diagnostic, and the server keeps answering', async () => {
    const { uri, text, pos } = await openInjected('stuck.md');
    const v2 = client.waitForDiagnostics((p) => p.uri === uri && p.version === 2, 20_000);
    await client.change(uri, 2, text + '\n<!-- test: block -->\n');
    // answered while the check is stuck
    const hover = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri },
      position: { line: pos.line, character: pos.character + 2 },
    });
    assert.match((hover.contents as { value: string }).value, /72\.08/);
    const stopped = (await v2).diagnostics;
    assert.equal(stopped.length, 1);
    assert.equal(stopped[0].code, 'input-limit');
    assert.match(stopped[0].message, /时限（5000 毫秒）/);
    assert.deepEqual(stopped[0].range.start, { line: 0, character: 0 });
    // the next edit is checked again, by a new worker
    const v3 = client.waitForDiagnostics((p) => p.uri === uri && p.version === 3);
    await client.change(uri, 3, text);
    const again = (await v3).diagnostics;
    assert.equal(errors(again).length, 1);
    assert.equal(errors(again)[0].code, 'share');
    await client.close(uri);
  });

  test('results in order: the check of an older version is never published over a newer one', async () => {
    const { uri, text } = await openInjected('order.md');
    const g = gate();
    await client.change(uri, 2, text + g.mark);
    // version 3 is scheduled while version 2's check runs; then version 2's check ends
    const v3 = client.waitForDiagnostics((p) => p.uri === uri && p.version === 3);
    await client.change(uri, 3, text.replace('占75.08%', '占72.08%'));
    // a request answered: the server has had the change before the held check ends
    await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
    g.release();
    const published = await v3;
    assert.deepEqual(errors(published.diagnostics), [], 'version 3 has the figure right');
    assert.ok(!client.diagnostics.some((p) => p.uri === uri && p.version === 2), 'version 2 was never published');
    const last = client.diagnostics.filter((p) => p.uri === uri).at(-1);
    assert.equal(last?.version, 3);
    await client.close(uri);
  });
});

describe('a report too complex to check in time, over stdio (the real worker)', () => {
  test('a long line of 占 clauses: stopped or cut short with input-limit, hovers answered meanwhile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'suanpan-slow-'));
    writeTables(dir);
    const client = new LspClient();
    try {
      await client.initialize({
        workspaceFolders: [{ uri: fileUri(dir), name: 'ws' }],
        rootUri: fileUri(dir),
        initializationOptions: { checkDeadlineMs: 1000 },
      } as never);
      const uri = fileUri(join(dir, 'slow.md'));
      const text = injected();
      const pos = injectedPosition(text);
      const v1 = client.waitForDiagnostics((p) => p.uri === uri && p.version === 1);
      await client.open(uri, text);
      await v1;
      // 8,000 clauses on one line: seconds of work, far past the deadline
      const clauses = Array.from({ length: 8000 }, (_, i) => `其中项目${i}支出${i + 1}.00万元，占${(i % 97) + 1}.00%`);
      const v2 = client.waitForDiagnostics((p) => p.uri === uri && p.version === 2, 30_000);
      await client.change(uri, 2, `${text}\n${clauses.join('；')}。\n`);
      const hover = await client.request<Hover>('textDocument/hover', {
        textDocument: { uri },
        position: { line: pos.line, character: pos.character + 2 },
      });
      assert.match((hover.contents as { value: string }).value, /72\.08/);
      assert.ok(!client.diagnostics.some((p) => p.uri === uri && p.version === 2), 'answered before the check ended');
      const limit = (await v2).diagnostics.filter((d) => d.code === 'input-limit');
      assert.equal(limit.length, 1, 'the report says it was not checked in time');
      assert.deepEqual(limit[0].range.start, { line: 0, character: 0 });
      assert.match(limit[0].message, /过于复杂/);
      const v3 = client.waitForDiagnostics((p) => p.uri === uri && p.version === 3);
      await client.change(uri, 3, text);
      assert.deepEqual(
        errors((await v3).diagnostics).map((d) => d.code),
        ['share'],
      );
    } finally {
      await client.shutdown();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the check worker, in process', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'suanpan-checker-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const request = (text: string, uri = 'file:///r.md', version = 1) => ({
    uri,
    version,
    text,
    options: { path: '/r.md' },
  });

  test('a stuck check times out, the worker is replaced, a queued check of the document superseded', async () => {
    const checker = new Checker({
      script: holdingWorker(dir),
      deadlineMs: 500,
      openFiles: () => [],
    });
    try {
      const stuck = checker.check(request('<!-- test: spin -->', 'file:///a.md'));
      const older = checker.check(request('# 1', 'file:///b.md', 1));
      const newer = checker.check(request('# 2', 'file:///b.md', 2));
      assert.deepEqual(await older, { kind: 'superseded' });
      assert.deepEqual(await stuck, { kind: 'timeout', ms: 500 });
      const done = await newer;
      assert.equal(done.kind, 'done');
      assert.equal(checker.starts, 2, 'a new worker after the stuck one');
    } finally {
      checker.dispose();
    }
  });

  test('a worker that cannot start is given up: checks are answered failed, never hang', async () => {
    const checker = new Checker({ script: join(dir, 'missing.js'), deadlineMs: 5000, openFiles: () => [] });
    try {
      const r = await checker.check(request('# x'));
      assert.equal(r.kind, 'failed');
      assert.ok(checker.broken);
    } finally {
      checker.dispose();
    }
  });

  test('views: an older check never replaces a newer one; offsets are carried over an edit', () => {
    const views = new Views();
    const f = (version: number) => ({
      version,
      text: '',
      view: {
        findings: [],
        isReport: true,
        dropped: 0,
        doc: { format: 'markdown' as const },
        linked: [],
        symbols: [],
        folding: [],
      },
      settings: {} as never,
      options: {},
    });
    assert.ok(views.set('u', f(3)));
    assert.ok(!views.set('u', f(2)));
    assert.equal(views.get('u')?.version, 3);
    const d = diffOf('abcXYZdef', 'abc12345def');
    assert.equal(toBefore(d, 1), 1);
    assert.equal(toBefore(d, 4), undefined);
    assert.equal(toBefore(d, 9), 7);
    assert.equal(toAfter(d, 7), 9);
    assert.equal(toAfter(d, 4), undefined);
  });
});
