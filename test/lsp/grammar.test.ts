/**
 * The TextMate injection grammar, tokenized with the same engine VS Code uses (vscode-textmate
 * + Oniguruma): amounts with units, percentages, change words and outline numbering are
 * scoped in plain text and Markdown, and left alone inside code.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, parseRawGrammar, Registry, type IGrammar } from 'vscode-textmate';
import { ROOT } from './fixtures';

/** Stands in for VS Code's Markdown grammar: paragraphs, headings and fenced code. */
const MINI_MARKDOWN = {
  scopeName: 'text.html.markdown',
  patterns: [
    { begin: '^```', end: '^```', name: 'markup.fenced_code.block.markdown' },
    { match: '`[^`]*`', name: 'markup.inline.raw.string.markdown' },
    {
      match: '^(#{1,6})\\s+(.*)$',
      captures: {
        1: { name: 'punctuation.definition.heading.markdown' },
        2: { name: 'entity.name.section.markdown', patterns: [] },
      },
      name: 'markup.heading.markdown',
    },
    { match: '<!--.*?-->', name: 'comment.block.html' },
  ],
};

let registry: Registry;
const grammars = new Map<string, IGrammar>();

async function grammar(scope: string): Promise<IGrammar> {
  if (!grammars.has(scope)) grammars.set(scope, (await registry.loadGrammar(scope))!);
  return grammars.get(scope)!;
}

/** Each token's text with its innermost scope from the injection (or 'text'). */
async function tokens(scope: string, text: string): Promise<Array<[string, string]>> {
  const g = await grammar(scope);
  let stack = INITIAL;
  const out: Array<[string, string]> = [];
  for (const line of text.split('\n')) {
    const r = g.tokenizeLine(line, stack);
    for (const t of r.tokens) {
      const s = [...t.scopes].reverse().find((x) => x.endsWith('.suanpan')) ?? 'text';
      out.push([line.slice(t.startIndex, t.endIndex), s]);
    }
    stack = r.ruleStack;
  }
  return out;
}

const scoped = (ts: Array<[string, string]>, scope: string) =>
  ts.filter(([, s]) => s.startsWith(scope)).map(([t]) => t.trim());

describe('injection grammar', () => {
  before(async () => {
    const wasm = readFileSync(join(ROOT, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const files: Record<string, string> = {
      'suanpan.injection': join(ROOT, 'syntaxes', 'suanpan.injection.tmLanguage.json'),
      'text.plain.suanpan': join(ROOT, 'syntaxes', 'plaintext.tmLanguage.json'),
    };
    registry = new Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (p) => new oniguruma.OnigScanner(p),
        createOnigString: (s) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scope) => {
        if (scope === 'text.html.markdown') return parseRawGrammar(JSON.stringify(MINI_MARKDOWN), 'md.json');
        const f = files[scope];
        return f ? parseRawGrammar(readFileSync(f, 'utf8'), f) : null;
      },
      getInjections: (scope) =>
        scope === 'text.html.markdown' || scope === 'text.plain.suanpan' ? ['suanpan.injection'] : undefined,
    });
  });

  test('the manifest contributes it to Markdown and to the plain-text grammar', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const inj = pkg.contributes.grammars.find((g: { scopeName: string }) => g.scopeName === 'suanpan.injection');
    assert.deepEqual(inj.injectTo, ['text.html.markdown', 'text.plain.suanpan']);
    assert.ok(
      pkg.contributes.grammars.some(
        (g: { language?: string; scopeName: string }) =>
          g.language === 'plaintext' && g.scopeName === 'text.plain.suanpan',
      ),
    );
  });

  test('plain text: amounts, percentages, change words, numbering', async () => {
    const ts = await tokens(
      'text.plain.suanpan',
      '一、收入支出决算总体情况说明\n本年收入355.15万元，其中：财政拨款收入1,256.00万元，占72.08%；' +
        '与上年相比，减少53.04万元，下降10.44%，持平0.5个百分点。\n' +
        '（二）在职人员7人，增加0人。\n1.一般公共服务支出(类)310.15万元。2024年度',
    );
    assert.deepEqual(scoped(ts, 'keyword.control.numbering'), ['一、', '（二）', '1.']);
    assert.deepEqual(scoped(ts, 'constant.numeric.amount'), ['355.15', '1,256.00', '53.04', '7', '0', '310.15']);
    assert.deepEqual(scoped(ts, 'keyword.other.unit.suanpan'), ['万元', '万元', '万元', '人', '人', '万元']);
    assert.deepEqual(scoped(ts, 'constant.numeric.value'), ['72.08', '10.44', '0.5']);
    assert.deepEqual(scoped(ts, 'keyword.other.unit.percent'), ['%', '%', '个百分点']);
    assert.deepEqual(scoped(ts, 'markup.inserted'), ['增加']);
    assert.deepEqual(scoped(ts, 'markup.deleted'), ['减少', '下降']);
    assert.deepEqual(scoped(ts, 'markup.changed'), ['持平']);
    // years and dates are not amounts
    assert.ok(!scoped(ts, 'constant.numeric').includes('2024'));
  });

  test('Markdown: in headings and paragraphs, not in code or comments', async () => {
    const ts = await tokens(
      'text.html.markdown',
      '### 二、收入决算情况说明\n\n本年收入355.15万元，占72.08%。\n\n```\n代码 99.00万元 增加\n```\n\n行内 `88.00万元` 与 <!-- 77.00万元 减少 -->',
    );
    assert.deepEqual(scoped(ts, 'keyword.control.numbering'), ['二、']);
    assert.deepEqual(scoped(ts, 'constant.numeric.amount'), ['355.15']);
    assert.deepEqual(scoped(ts, 'constant.numeric.value'), ['72.08']);
    assert.deepEqual(scoped(ts, 'markup'), []);
  });
});
