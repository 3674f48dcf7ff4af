/**
 * The figures coloured in reports only: semantic tokens from the server (the TextMate grammar
 * injected into every Markdown file is gone). The tokens themselves (amounts and units,
 * percentages, change words, numbering; not in code, comments, links or the front matter), then
 * over the protocol: a report gets them, a Markdown file that is not a report, a YAML file and a
 * text file that is not a report get none, a file named by suanpan.files does; the manifest maps
 * every token type to the scopes the themes colour.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { InitializeResult, SemanticTokens } from 'vscode-languageserver-protocol';
import { SEMANTIC_TOKEN_TYPES, semanticTokens, type SemanticToken } from '../../server/src/engine';
import { injected, injectedPosition, ROOT, SEED_TABLES } from './fixtures';
import { fileUri, LspClient } from './lsp-client';

/** The texts of the tokens of one type. */
function texts(text: string, tokens: SemanticToken[], type: SemanticToken['type']): string[] {
  const lines = text.split('\n');
  return tokens.filter((t) => t.type === type).map((t) => lines[t.line].slice(t.character, t.character + t.length));
}

/** Decodes LSP's relative encoding back to tokens. */
function decode(data: number[]): SemanticToken[] {
  const out: SemanticToken[] = [];
  let line = 0;
  let ch = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i];
    ch = data[i] ? data[i + 1] : ch + data[i + 1];
    out.push({ line, character: ch, length: data[i + 2], type: SEMANTIC_TOKEN_TYPES[data[i + 3]] });
  }
  return out;
}

describe('semantic tokens of a report', () => {
  test('plain text: amounts, percentages, change words, numbering', () => {
    const text =
      '一、收入支出决算总体情况说明\n本年收入355.15万元，其中：财政拨款收入1,256.00万元，占72.08%；' +
      '与上年相比，减少53.04万元，下降10.44%，持平0.5个百分点。\n' +
      '（二）在职人员7人，增加0人。\n1.一般公共服务支出(类)310.15万元。2024年度';
    const ts = semanticTokens(text, 'text');
    assert.deepEqual(texts(text, ts, 'suanpanNumbering'), ['一、', '（二）', '1.']);
    assert.deepEqual(texts(text, ts, 'suanpanAmount'), ['355.15', '1,256.00', '53.04', '7', '0', '310.15']);
    assert.deepEqual(texts(text, ts, 'suanpanUnit'), ['万元', '万元', '万元', '人', '人', '万元']);
    assert.deepEqual(texts(text, ts, 'suanpanPercent'), ['72.08', '10.44', '0.5']);
    assert.deepEqual(texts(text, ts, 'suanpanPercentUnit'), ['%', '%', '个百分点']);
    assert.deepEqual(texts(text, ts, 'suanpanIncrease'), ['增加']);
    assert.deepEqual(texts(text, ts, 'suanpanDecrease'), ['减少', '下降']);
    assert.deepEqual(texts(text, ts, 'suanpanFlat'), ['持平']);
    // years and dates are not amounts
    assert.ok(!ts.some((t) => t.type === 'suanpanAmount' && t.length === 4 && t.line === 3 && t.character > 20));
  });

  test('Markdown: in headings, paragraphs and table cells, not in code, comments, links or front matter', () => {
    const text =
      '---\n类型: 部门决算\n金额单位: 66.00万元\n---\n' +
      '### 二、收入决算情况说明\n\n本年收入355.15万元，占72.08%。\n\n```\n代码 99.00万元 增加\n```\n\n' +
      '行内 `88.00万元` 与 <!-- 77.00万元 减少 --> 与 [链接](http://x/55.00万元)\n' +
      '<!-- 多行\n44.00万元 增长\n-->\n| 合计 | 33.00万元 |\n';
    const ts = semanticTokens(text, 'markdown');
    assert.deepEqual(texts(text, ts, 'suanpanNumbering'), ['二、']);
    assert.deepEqual(texts(text, ts, 'suanpanAmount'), ['355.15', '33.00']);
    assert.deepEqual(texts(text, ts, 'suanpanPercent'), ['72.08']);
    for (const type of ['suanpanIncrease', 'suanpanDecrease', 'suanpanFlat'] as const)
      assert.deepEqual(texts(text, ts, type), [], type);
  });
});

describe('semantic tokens over the protocol: reports only', () => {
  let client: LspClient;
  let legend: string[];
  const dir = join(ROOT, 'samples', 'changji-2024');
  before(async () => {
    client = new LspClient();
    client.setConfiguration({ files: ['**/named/*.md'] });
    const init: InitializeResult = await client.initialize({
      workspaceFolders: [{ uri: fileUri(dir), name: 'ws' }],
      rootUri: fileUri(dir),
    });
    legend = init.capabilities.semanticTokensProvider!.legend.tokenTypes;
  });
  after(() => client.shutdown());

  async function tokensOf(name: string, text: string, languageId = 'markdown'): Promise<SemanticToken[]> {
    const uri = fileUri(join(dir, name));
    const published = client.waitForDiagnostics((p) => p.uri === uri, 20_000, `diagnostics of ${name}`);
    await client.open(uri, text, languageId);
    await published;
    const r = await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
    return decode(r.data);
  }

  test('the legend is the engine’s token types', () => {
    assert.deepEqual(legend, [...SEMANTIC_TOKEN_TYPES]);
  });

  test('a report: its figures, the injected percentage among them', async () => {
    const text = injected();
    const ts = await tokensOf('report.md', text);
    const at = injectedPosition(text);
    assert.ok(
      ts.some(
        (t) => t.type === 'suanpanPercent' && t.line === at.line && t.character === at.character && t.length === 5,
      ),
      'the 75.08 of 占75.08% is a percentage',
    );
    assert.ok(ts.filter((t) => t.type === 'suanpanAmount').length > 100);
  });

  const PROSE = '# 会议记录\n\n一、本月支出 12.00万元，占 50%，比上月增加 3.00万元。\n';

  test('Markdown, text and YAML files that are not reports: none', async () => {
    assert.deepEqual(await tokensOf('notes.md', PROSE), []);
    assert.deepEqual(await tokensOf('notes.txt', PROSE, 'plaintext'), []);
    assert.deepEqual(await tokensOf('tables.yaml', SEED_TABLES, 'yaml'), []);
  });

  test('a file named by suanpan.files is a report: its figures are coloured', async () => {
    const ts = await tokensOf('named/notes.md', PROSE);
    assert.deepEqual(texts(PROSE, ts, 'suanpanAmount'), ['12.00', '3.00']);
    assert.deepEqual(texts(PROSE, ts, 'suanpanPercent'), ['50']);
    assert.deepEqual(texts(PROSE, ts, 'suanpanIncrease'), ['增加']);
  });

  test('a file that becomes a report (front matter added) gets its tokens at the next request', async () => {
    assert.deepEqual(await tokensOf('becomes.md', PROSE), []);
    const uri = fileUri(join(dir, 'becomes.md'));
    const report = `---\n类型: 部门决算\n年度: 2024\n---\n${PROSE}`;
    await client.change(uri, 2, report);
    const r = await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
    assert.deepEqual(texts(report, decode(r.data), 'suanpanAmount'), ['12.00', '3.00']);
  });

  test('the manifest: no grammar injected into Markdown; every token type mapped to a theme scope', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    assert.deepEqual(pkg.contributes.grammars ?? [], []);
    const types = pkg.contributes.semanticTokenTypes as Array<{ id: string; superType: string; description: string }>;
    assert.deepEqual(types.map((t) => t.id).sort(), [...SEMANTIC_TOKEN_TYPES].sort());
    const [scopes] = pkg.contributes.semanticTokenScopes as Array<{ scopes: Record<string, string[]> }>;
    for (const t of SEMANTIC_TOKEN_TYPES) assert.ok(scopes.scopes[t]?.length, `a scope for ${t}`);
    assert.deepEqual(scopes.scopes.suanpanIncrease, ['markup.inserted.change.suanpan']);
    assert.deepEqual(scopes.scopes.suanpanDecrease, ['markup.deleted.change.suanpan']);
  });
});
