/**
 * The hover's layout over the protocol (the bundled server over stdio): the verdict and the
 * formula first, on one line; the diagnostic's message not repeated (the editor shows it above
 * the hover); the relation table with a separator drawn in its cells (hovers draw no table rules);
 * a right figure in a failing relation marked ✓ with the figure at fault named, and given no other
 * value; the marks in the hover's language.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';
import type { Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { injected, injectedPosition, SEED, writeTables } from './fixtures';
import { fileUri, LspClient, startInWorkspace, stopInWorkspace } from './lsp-client';

/** The 0-based position of the `nth` character of `needle` in `text`. */
function positionOf(text: string, needle: string, nth = 1): { line: number; character: number } {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `the text holds ${needle}`);
  const before = text.slice(0, offset + nth);
  return { line: before.split('\n').length - 1, character: offset + nth - (before.lastIndexOf('\n') + 1) };
}

async function hoverText(client: LspClient, uri: string, position: { line: number; character: number }) {
  const h = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position });
  return (h.contents as { value: string }).value;
}

describe('hover layout over the protocol', () => {
  let client: LspClient;
  let dir: string;
  before(async () => ({ client, dir } = await startInWorkspace('suanpan-hover-', writeTables)));
  after(() => stopInWorkspace(client, dir));

  async function openWith(name: string, text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    const uri = fileUri(join(dir, name));
    const published = client.waitForDiagnostics((p) => p.uri === uri, 20_000, `diagnostics of ${name}`);
    await client.open(uri, text);
    return { uri, diagnostics: (await published).diagnostics };
  }

  test('the wrong share: verdict and formula on the first line, the message not repeated, separators', async () => {
    const text = injected();
    const { uri, diagnostics } = await openWith('share.md', text);
    const d = diagnostics.find((x) => x.code === 'share')!;
    assert.ok(d, 'the share error');
    const pos = injectedPosition(text);
    const md = await hoverText(client, uri, { line: pos.line, character: pos.character + 1 });
    const lines = md.split('\n');
    assert.equal(lines[0], '256.00 ÷ 355.15 × 100% = 72.08%，写为 75.08% ✗');
    assert.ok(!md.includes(d.message), 'the diagnostic message is not shown a second time');
    assert.ok(!/应为 \*\*/.test(md), 'no second block of the finding');
    // the relation table: a separator in every cell after the mark, the relation marked ✗
    const rows = lines.filter((l) => l.startsWith('| '));
    assert.ok(rows.length >= 2, md);
    for (const r of rows) assert.match(r, /^\| [^|]*\| │ .* \| │ .* \|$/, r);
    assert.ok(
      rows.some((r) => /^\| ✗ \| │ 占比 = 部分 ÷ 整体 × 100% \| │ 256\.00 ÷ 355\.15 × 100% = 72\.0822%/.test(r)),
    );
    // the interval corners only with their label
    assert.match(md, /舍入区间: \[75\.075, 75\.085\]%/);
    assert.doesNotMatch(md.replace(/舍入区间: \[[^\]]*\]/, ''), /\[\d/);
    await client.close(uri);
  });

  test('a right figure in a failing relation: ✓ (not ✗), the figure at fault named, no value for it', async () => {
    const text = injected();
    const { uri } = await openWith('right.md', text);
    // 财政拨款收入256.00万元 on the line of the wrong share: right, part of the failing share
    const md = await hoverText(client, uri, positionOf(text, '财政拨款收入256.00万元，占75.08%', 7));
    const first = md.split('\n')[0];
    assert.match(first, /^✓ 本数字无误；「占比 = 部分 ÷ 整体 × 100%」不成立，问题在第\d+行的占比 75\.08%$/);
    assert.doesNotMatch(first, /✗/);
    const shareRow = md.split('\n').find((l) => l.includes('│ 占比 = 部分 ÷ 整体'))!;
    assert.match(shareRow, /^\| ✗ /, 'the relation keeps its ✗');
    assert.doesNotMatch(shareRow, /→/, 'no other value offered for a figure that is right');
    await client.close(uri);
  });

  test('a wrong part of a sum: 「应为 …：the sum with it，写为 … ✗」; a figure whose relations hold: ✓', async () => {
    const text = SEED.replace('基本支出184.00万元，占40.43%', '基本支出185.00万元，占40.43%');
    assert.notEqual(text, SEED);
    const { uri } = await openWith('part.md', text);
    const md = await hoverText(client, uri, positionOf(text, '185.00万元', 1));
    assert.equal(
      md.split('\n')[0],
      '应为 184.00万元：184.00 + 271.15 + 0.00 + 0.00 + 0.00 = 455.15，写为 185.00万元 ✗',
    );
    const held = await hoverText(client, uri, positionOf(text, '项目支出271.15万元', 5));
    assert.doesNotMatch(held.split('\n')[0], /✗/);
    await client.close(uri);
    const clean = await openWith('clean.md', SEED);
    const ok = await hoverText(client, clean.uri, positionOf(SEED, '本年收入355.15万元', 5));
    assert.match(ok.split('\n')[0], /^✓ \d+ 处关系均相符$/);
    assert.doesNotMatch(ok, /✗/);
    await client.close(clean.uri);
  });
});

describe('hover in English', () => {
  let client: LspClient;
  let dir: string;
  before(async () => {
    ({ client, dir } = await startInWorkspace('suanpan-hover-en-', writeTables));
    await client.shutdown();
    client = new LspClient();
    // the editor's language (its locale, en) rather than the reports' (the default)
    client.setConfiguration({ language: 'auto' });
    await client.initialize({ workspaceFolders: [{ uri: fileUri(dir), name: 'ws' }], locale: 'en' });
  });
  after(() => stopInWorkspace(client, dir));

  test('the verdict and the marks in English (no Chinese mark in an English hover)', async () => {
    const text = injected();
    const uri = fileUri(join(dir, 'en.md'));
    const published = client.waitForDiagnostics((p) => p.uri === uri, 20_000);
    await client.open(uri, text);
    await published;
    const pos = injectedPosition(text);
    const md = await hoverText(client, uri, { line: pos.line, character: pos.character + 1 });
    assert.equal(md.split('\n')[0], '256.00 ÷ 355.15 × 100% = 72.08%, written 75.08% ✗');
    // 增长100.00% over a prior year of zero
    const zero = await hoverText(client, uri, positionOf(text, '增长100.00%', 3));
    assert.match(zero.split('\n')[0], /, written 100\.00% ⚠ prior year zero$/);
    for (const zh of ['尾差', '截尾', '上年为零', '写为', '本数字'])
      assert.ok(!zero.includes(zh) && !md.includes(zh), zh);
    await client.close(uri);
  });
});
