/**
 * A diagnostic's codeDescription over the protocol: the rule's page bundled with the server
 * (docs/rules/<id>.md beside dist/, as in the .vsix) when no public site is configured, a file
 * the editor opens itself; the public site's page when the client names one
 * (initializationOptions.ruleDocsBase).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { injected, writeTables } from './fixtures';
import { fileUri, LspClient, startInWorkspace, stopInWorkspace } from './lsp-client';

async function shareDiagnostic(client: LspClient, dir: string) {
  const uri = fileUri(join(dir, 'report.md'));
  const published = client.waitForDiagnostics((p) => p.uri === uri, 20_000);
  await client.open(uri, injected());
  const d = (await published).diagnostics.find((x) => x.code === 'share');
  assert.ok(d, 'the share error');
  return d;
}

describe('rule pages in diagnostics', () => {
  const started: Array<{ client: LspClient; dir: string }> = [];
  after(async () => {
    for (const s of started) await stopInWorkspace(s.client, s.dir);
  });

  test('no public site configured: the bundled page, as a file URI of the rule’s own page', async () => {
    const s = await startInWorkspace('suanpan-docs-', writeTables);
    started.push(s);
    const d = await shareDiagnostic(s.client, s.dir);
    const href = d.codeDescription!.href;
    assert.match(href, /^file:\/\/.*\/docs\/rules\/share\.md$/);
    const page = fileURLToPath(href);
    assert.ok(existsSync(page), page);
    assert.match(readFileSync(page, 'utf8'), /share/);
  });

  test('a public site configured: its page', async () => {
    const s = await startInWorkspace('suanpan-docs-site-', writeTables);
    await s.client.shutdown();
    const client = new LspClient();
    await client.initialize({
      workspaceFolders: [{ uri: fileUri(s.dir), name: 'ws' }],
      initializationOptions: { ruleDocsBase: 'https://suanpan.example.org/rules' },
    });
    started.push({ client, dir: s.dir });
    const d = await shareDiagnostic(client, s.dir);
    assert.equal(d.codeDescription!.href, 'https://suanpan.example.org/rules/share.md');
  });
});
