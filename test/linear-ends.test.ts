/**
 * Issue 9, "every check linear in its input": the patterns that read the end of a text are loops,
 * not end-anchored regexes (a regex such as /\s+#+\s*$/ is tried at every start of a long run and
 * scans the run each time: a heading with 122,302 spaces took 28 s, fuzz seed 4 #2789). Each loop is
 * checked here against the regex it replaces, on every short string of the characters that matter,
 * and the check is run on the long runs that were quadratic.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { check } from '../server/src/engine';
import { closingHashes } from '../server/src/engine/read/markdown';
import { withoutLevel } from '../server/src/engine/read/layout-table';
import { withoutTocTail } from '../server/src/engine/read/import/pdf';
import { CharSet, endWithout, isWs, isWsCode, MappedText, trimEndOf } from '../server/src/engine/util/text';
import { unitName } from '../server/src/engine/cross/identity';
import { normLabel } from '../server/src/engine/knowledge';
import { grammar } from '../server/src/engine/knowledge/grammar';
import { splitClauses, splitSentences } from '../server/src/engine/facts/extract';
import { unbalanced } from '../server/src/engine/rules/text/paired-punctuation';
import { CANDIDATE, STRAY_RES } from '../server/src/engine/rules/text/malformed';

const strings = (alphabet: string[]) =>
  fc.array(fc.constantFrom(...alphabet), { maxLength: 12 }).map((cs) => cs.join(''));

test('closingHashes is /\\s+#+\\s*$/', () => {
  fc.assert(
    fc.property(strings([' ', '#', 'a', '\t', '\u3000']), (s) => {
      assert.equal(s.slice(0, closingHashes(s)), s.replace(/\s+#+\s*$/, ''));
    }),
    { numRuns: 3000 },
  );
});

test('withoutLevel is /\\s*\\/\\s*(?:类|款|项)$/', () => {
  fc.assert(
    fc.property(strings([' ', '/', '类', '款', '项', '科', '\u3000']), (s) => {
      assert.equal(withoutLevel(s), s.replace(/\s*\/\s*(?:类|款|项)$/, ''));
    }),
    { numRuns: 3000 },
  );
});

test('withoutTocTail is /[\\s.·…．_-]*\\d{1,3}$/', () => {
  fc.assert(
    fc.property(strings([' ', '.', '…', '1', '2', '章', '-', '_']), (s) => {
      assert.equal(withoutTocTail(s), s.replace(/[\s.·…．_-]*\d{1,3}$/, ''));
    }),
    { numRuns: 3000 },
  );
});

test('trimEndOf and endWithout are /[…]+$/ and isWs is \\s', () => {
  fc.assert(
    fc.property(strings(['。', '：', ':', 'a', ' ']), (s) => {
      assert.equal(trimEndOf(s, '。：:'), s.replace(/[。：:]+$/, ''));
      assert.equal(s.slice(0, endWithout(s, isWs)), s.replace(/\s+$/, ''));
    }),
    { numRuns: 2000 },
  );
  for (let c = 0; c < 0x10000; c++) {
    const ch = String.fromCharCode(c);
    if (isWs(ch) !== /\s/.test(ch)) assert.fail(`U+${c.toString(16)}`);
    if (isWsCode(c) !== /\s/.test(ch)) assert.fail(`isWsCode U+${c.toString(16)}`);
  }
  assert.equal(unitName('某某局：。'), normLabel('某某局'));
});

test('long runs at the ends of headings, 目录 entries, unit names and years are read in one pass', () => {
  const run = ' '.repeat(120_000);
  const text = [
    '---',
    '类型: 部门决算',
    '年度: 2024',
    `单位: 某单位${'。'.repeat(50_000)}`,
    '---',
    '',
    '# 某单位2024年度部门决算',
    '',
    `## ##${run}（三）一般公共预算财政拨款支出决算具体情况 ##${run}`,
    '',
    '## 目录',
    '',
    `第一部分 单位概况${'.'.repeat(60_000)}${run}`,
    '',
    `## 2023年${'2023年与'.repeat(20_000)}比${run}2022年`,
    '',
    '本年支出合计1.00万元。',
    '',
  ].join('\n');
  const r = check(text, { path: 'r.md' });
  const title = r.doc.sections.find((s) => s.title.includes('具体情况'))?.title;
  assert.equal(title?.replace(/\s+/g, ' '), '（三）一般公共预算财政拨款支出决算具体情况');
  for (const f of r.findings) assert.ok(f.span.end <= text.length);
});

// The per-character scans read code units (no one-character string per step); each is checked
// against the form it replaced, written here as the oracle.
test('the sentence and clause splitters, paired marks and the mapped text read code units as the strings did', () => {
  const oldSentences = (t: string) => {
    const out: Array<[number, number]> = [];
    let s = 0;
    for (let i = 0; i < t.length; i++) {
      if (grammar.sentenceEnd.includes(t[i])) {
        let e = i + 1;
        while (e < t.length && grammar.closing.includes(t[e])) e++;
        out.push([s, e]);
        s = e;
        i = e - 1;
      }
    }
    if (s < t.length) out.push([s, t.length]);
    return out;
  };
  const oldClauses = (t: string, s0: number, s1: number) => {
    const out: Array<[number, number]> = [];
    let s = s0;
    for (let i = s0; i < s1; i++) {
      const c = t[i];
      let cut = grammar.clauseEnd.includes(c);
      if (c === ',') cut = !(/\d/.test(t[i - 1] ?? '') && /^\d{3}(?!\d)/.test(t.slice(i + 1, i + 5)));
      if (cut) {
        out.push([s, i + 1]);
        s = i + 1;
      }
    }
    if (s < s1) out.push([s, s1]);
    return out;
  };
  const alphabet = [
    '。',
    '！',
    '”',
    '，',
    '；',
    '、',
    ',',
    '1',
    '2',
    '3',
    '4',
    'a',
    ' ',
    '\u3000',
    '\n',
    '支',
    '出',
    '（',
    '）',
  ];
  fc.assert(
    fc.property(strings(alphabet), (t) => {
      assert.deepEqual(splitSentences(t), oldSentences(t));
      for (const [s0, s1] of oldSentences(t)) assert.deepEqual(splitClauses(t, s0, s1), oldClauses(t, s0, s1));
      const parts = [
        { text: t, offset: 3 },
        { text: t.slice(1), offset: 100 },
      ];
      const built = MappedText.build(parts, true);
      // the text without layout white space, one space kept between two ASCII alphanumerics
      const joined = parts.map((p) => p.text).join('');
      assert.equal(built.text.replace(/ /g, ''), joined.replace(/[ \t\n\r\u3000\u00a0\f\v]/g, ''));
      assert.equal(built.map.length, built.text.length);
    }),
    { numRuns: 3000 },
  );
  const set = new CharSet(['。', '！？']);
  for (const ch of '。！？') assert.ok(set.has(ch.charCodeAt(0)));
  assert.ok(!set.has('，'.charCodeAt(0)));
  // paired marks: a closer after its opener, a crossed pair, an unpaired opener
  assert.deepEqual(unbalanced('（境“内）”'), []);
  assert.deepEqual(unbalanced('“三公经费（'), [
    { at: 0, ch: '“', kind: 'open' },
    { at: 5, ch: '（', kind: 'open' },
  ]);
});

test('the malformed scan skips only texts no stray pattern can match (its anchors are necessary)', () => {
  const parts = [
    '1',
    '2',
    '0',
    '.',
    '年',
    '月',
    '日',
    '万',
    '元',
    'o',
    'O',
    'l',
    'I',
    '０',
    '．',
    '９',
    'a',
    '，',
    ' ',
  ];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...parts), { maxLength: 24 }), (xs) => {
      const t = xs.join('');
      const any = STRAY_RES.some((s) => new RegExp(s.re.source).test(t));
      if (any) assert.ok(CANDIDATE.test(t), `${t}: a pattern matches, the anchors must`);
    }),
    { numRuns: 20000 },
  );
});
