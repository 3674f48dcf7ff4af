/**
 * The language server and its check worker start from V8's code cache (host/code-cache.ts,
 * lsp/launch.ts, lsp/check-worker-launch.ts): a first session writes a cache of each bundle once
 * it has checked a report, and the next session uses them as they are (V8 accepts them: nothing is
 * written again; a cache made under other V8 flags than the next start's would be rejected and
 * rewritten at every start), with the same diagnostics.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { RELATIONS_REQUEST } from '../../server/src/lsp/protocol';
import { SEED, writeTables } from './fixtures';
import { fileUri, LspClient } from './lsp-client';

let tmp: string;
let dir: string;
const saved = process.env.TMPDIR;

before(() => {
  // a temporary directory of the test's own: the cache folder is under it
  tmp = mkdtempSync(join(tmpdir(), 'suanpan-code-cache-'));
  dir = join(tmp, 'ws');
  mkdirSync(dir);
  writeTables(dir);
  process.env.TMPDIR = tmp;
});
after(() => {
  if (saved === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = saved;
  rmSync(tmp, { recursive: true, force: true });
});

const cacheDir = () => readdirSync(tmp).find((f) => f.startsWith('suanpan-cache-'));
const caches = (): Map<string, Buffer> => {
  const d = cacheDir();
  const out = new Map<string, Buffer>();
  if (!d) return out;
  for (const f of readdirSync(join(tmp, d)).filter((x) => x.endsWith('.v8cache')))
    out.set(f, readFileSync(join(tmp, d, f)));
  return out;
};
const named = (m: Map<string, Buffer>) => [...m.keys()].map((f) => f.replace(/-v\d.*$/, '')).sort();

/**
 * A session: the seed opened, its diagnostics, then two jobs of the worker one after the other
 * (relations views): the worker has been idle in between, and written its cache then if it had to.
 */
async function session(): Promise<Diagnostic[]> {
  const client = new LspClient();
  try {
    await client.initialize({ workspaceFolders: [{ uri: fileUri(dir), name: 'ws' }], rootUri: fileUri(dir) });
    const uri = fileUri(join(dir, 'report.md'));
    const got = client.waitForDiagnostics((p) => p.uri === uri && p.version === 1);
    await client.open(uri, SEED);
    const { diagnostics } = await got;
    for (let i = 0; i < 2; i++) assert.ok(await client.request(RELATIONS_REQUEST, { textDocument: { uri } }));
    return diagnostics;
  } finally {
    await client.shutdown();
  }
}

test('a first session writes the caches; the next one uses them as they are, with the same diagnostics', async () => {
  assert.equal(existsSync(join(tmp, cacheDir() ?? 'none')), false);
  const first = await session();
  const written = caches();
  assert.deepEqual(named(written), ['check-worker-main', 'server-main']);
  const second = await session();
  assert.deepEqual(second, first);
  const after = caches();
  assert.deepEqual([...after.keys()].sort(), [...written.keys()].sort());
  for (const [f, bytes] of written) assert.ok(after.get(f)!.equals(bytes), `${f}: accepted, not written again`);
});
