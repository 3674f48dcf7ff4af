/**
 * suanpan/relations over the protocol: the bundled server answers with the report's relations
 * view (the seed's 314 relations, their counts, each figure with the URI and range it is at, the
 * linked tables file's under its own URI), follows an edit (a slip fails its relation at the
 * figure), and answers null for what is no report or no open document.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { RelationsResult } from '../../server/src/lsp/handlers/relations';
import { RELATIONS_REQUEST } from '../../server/src/lsp/protocol';
import { injected, injectedPosition, NOT_A_REPORT, SEED, writeTables } from './fixtures';
import { fileUri, LspClient, startInWorkspace, stopInWorkspace } from './lsp-client';

type Fig = RelationsResult['view']['groups'][number]['relations'][number]['figures'][number] & { uri: string };

describe('suanpan/relations', () => {
  let client: LspClient;
  let dir: string;

  before(async () => {
    ({ client, dir } = await startInWorkspace('suanpan-lsp-rel-', writeTables));
  });

  after(() => stopInWorkspace(client, dir));

  const relations = (uri: string) =>
    client.request<RelationsResult | null>(RELATIONS_REQUEST, { textDocument: { uri } });

  test('the seed: its relations by section and table, the counts, the figures where they are', async () => {
    const uri = fileUri(join(dir, 'report.md'));
    const tables = fileUri(join(dir, 'tables.yaml'));
    const published = client.waitForDiagnostics((p) => p.uri === uri && p.version === 1);
    await client.open(uri, SEED);
    await published;
    const r = (await relations(uri))!;
    assert.equal(r.uri, uri);
    assert.equal(r.version, 1);
    assert.deepEqual(r.view.counts, { checked: 314, holding: 303, rounding: 7, failing: 0, undetermined: 4 });
    const figs = r.view.groups.flatMap((g) => g.relations.flatMap((x) => x.figures)) as Fig[];
    assert.ok(
      figs.every((f) => f.uri === uri || f.uri === tables),
      'every figure has its URI',
    );
    assert.ok(figs.some((f) => f.uri === tables));
    const share = r.view.groups.flatMap((g) => g.relations).find((x) => x.formula.startsWith('256.00 ÷ 355.15'))!;
    const at = share.figures.find((f) => f.target)!;
    const line = SEED.split('\n')[at.range.start.line];
    assert.equal(line.slice(at.range.start.character, at.range.end.character), '72.08');
    await client.close(uri);
  });

  test('follows an edit: the slip fails its relation at the figure', async () => {
    const uri = fileUri(join(dir, 'edited.md'));
    const first = client.waitForDiagnostics((p) => p.uri === uri && p.version === 1);
    await client.open(uri, SEED);
    await first;
    assert.equal((await relations(uri))!.view.counts.failing, 0);
    const text = injected();
    const second = client.waitForDiagnostics((p) => p.uri === uri && p.version === 2);
    await client.change(uri, 2, text);
    await second;
    const r = (await relations(uri))!;
    assert.equal(r.version, 2);
    assert.equal(r.view.counts.failing, 1);
    const failing = r.view.groups.flatMap((g) => g.relations).find((x) => x.status === 'fails')!;
    assert.equal(failing.mark, '✗');
    const pos = injectedPosition(text);
    assert.equal(failing.figures.find((f) => f.target)!.range.start.line, pos.line);
    await client.close(uri);
  });

  test('made when asked: of the latest finished check, after other reports were checked since', async () => {
    // the worker keeps the results of the last few checks only: this one is checked again for its view
    const uri = fileUri(join(dir, 'first.md'));
    const others = ['second.md', 'third.md', 'fourth.md'].map((f) => fileUri(join(dir, f)));
    const text = injected();
    const published = client.waitForDiagnostics((p) => p.uri === uri && p.version === 1);
    await client.open(uri, text);
    await published;
    for (const u of others) {
      const done = client.waitForDiagnostics((p) => p.uri === u && p.version === 1);
      await client.open(u, SEED);
      await done;
    }
    const r = (await relations(uri))!;
    assert.equal(r.version, 1);
    assert.equal(r.view.counts.checked, 314);
    assert.equal(r.view.counts.failing, 1, 'the view of this report, not of the last one checked');
    for (const u of [uri, ...others]) await client.close(u);
  });

  test('no report, no document: null, and the server keeps answering', async () => {
    const uri = fileUri(join(dir, 'list.md'));
    const published = client.waitForDiagnostics((p) => p.uri === uri);
    await client.open(uri, NOT_A_REPORT);
    await published;
    assert.equal(await relations(uri), null);
    assert.equal(await relations('file:///nowhere.md'), null);
    await client.close(uri);
  });
});
