/**
 * traditional-character: its table (every character traditional, never in simplified text, with a
 * different simplified form) and a report in traditional characters throughout left alone; such a
 * report's fixes and quotes in its own script, and the names and units of its figures in its
 * messages, hovers and relations view.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createEngine, type CheckResult } from '../server/src/engine';
import { applyEdits } from '../server/src/engine/features/fix';
import { hygiene } from '../server/src/engine/knowledge/hygiene';
import { asWritten, quotesAsWritten } from '../server/src/engine/read/traditional';
import { read, ROOT, run, SEED_MD } from './helpers';

test('traditional: each character maps to a different simplified one, once', () => {
  assert.ok(hygiene.traditional.size > 100);
  for (const [trad, simp] of hygiene.traditional) {
    assert.notEqual(trad, simp);
    assert.ok(!hygiene.traditional.has(simp), `${simp} is itself in the table`);
  }
  for (const w of ['經費', '預算', '決算', '財政']) {
    const to = [...w].map((c) => hygiene.traditional.get(c) ?? c).join('');
    assert.ok(['经费', '预算', '决算', '财政'].includes(to), w);
  }
});

test('traditional: a report in traditional characters throughout is left alone', () => {
  const text =
    '# 2024年度部門決算\n\n一般公共預算財政撥款支出年初預算為452.40萬元，支出決算為446.11萬元，完成年初預算的98.61%。' +
    '決算數小於預算數的主要原因：年中社會保險繳費基數變更。\n';
  const r = run(text, 'trad.md');
  assert.deepEqual(
    r.findings.filter((f) => f.rule === 'traditional-character'),
    [],
  );
  const mixed = run('# 2024年度部门决算\n\n一般公共预算财政拨款支出年初預算为452.40万元。\n', 'mixed.md');
  assert.equal(mixed.findings.filter((f) => f.rule === 'traditional-character').length, 1);
});

/**
 * A report written in traditional characters is read converted, but what goes back to it is in
 * its script: a fix writes the words as the report writes them, a message quotes the report as
 * written (test/fixtures/*\/traditional.md, the simplified cases of their folders written so).
 */
const fixture = (rule: string, name: string) => join(ROOT, 'test', 'fixtures', rule, name);
const only = (r: CheckResult, rule: string) => r.findings.filter((f) => f.rule === rule);

test('traditional script: a direction fixed in the word the report writes, the sentence quoted as written', () => {
  const path = fixture('direction-contradiction', 'traditional.md');
  const text = read(path);
  const found = only(run(text, path), 'direction-contradiction');
  assert.equal(found.length, 2);
  for (const f of found) {
    assert.match(f.message, /^「決算數大於(全年)?預算數」/, f.message);
    assert.deepEqual(
      f.fixes.map((x) => [x.title, x.edits.map((e) => e.newText)]),
      [['改为「小於」', ['小於']]],
    );
  }
  const fixed = applyEdits(text, found[0].fixes[0].edits);
  assert.ok(fixed.includes('決算數小於預算數的主要原因'), 'the fixed sentence reads in traditional characters');
  assert.deepEqual(only(run(fixed, path), 'direction-contradiction').length, 1, 'the other one is left');
  // English messages quote it as written too
  const en = only(run(text, path, { lang: 'en' }), 'direction-contradiction');
  assert.ok(en.every((f) => f.message.includes('「決算數大於') && f.fixes[0].title === 'Change to 「小於」'));
  // the same slip written in simplified characters is fixed in simplified ones
  const simp = fixture('direction-contradiction', 'contradiction.md');
  const s = only(run(read(simp), simp), 'direction-contradiction');
  assert.ok(s.every((f) => f.message.startsWith('「决算数大于') && f.fixes[0].edits[0].newText === '小于'));
});

test('traditional script: a unit added as the report writes it', () => {
  const path = fixture('bare-number', 'traditional.md');
  const found = only(run(read(path), path), 'bare-number');
  assert.equal(found.length, 2);
  for (const f of found) {
    assert.deepEqual(
      f.fixes.map((x) => [x.title, x.edits.map((e) => e.newText)]),
      [['补上「萬元」', ['萬元']]],
    );
  }
  const simp = fixture('bare-number', 'bare.md');
  assert.ok(only(run(read(simp), simp), 'bare-number').every((f) => f.fixes[0].edits[0].newText === '万元'));
});

test('traditional script: engine words in the forms the report writes, text of the report as it is there', () => {
  const text = '# 2024年度部門決算\n\n以後年度預算為452.40萬元，皇后區決算為446.11萬元，之後的決算數。\n';
  const doc = run(text, 'trad.md').doc;
  assert.ok(doc.written, 'read converted');
  assert.equal(doc.source.length, text.length);
  // 后 is written 後 twice and 后 once: the engine's 后 is 後; the report's 皇后 stays as written
  assert.equal(asWritten(doc, '之后的决算数'), '之後的決算數');
  assert.equal(asWritten(doc, '皇后区决算'), '皇后區決算');
  assert.equal(asWritten(doc, '年后预算'), '年後預算');
  assert.equal(quotesAsWritten(doc, '「皇后区」与「区县」'), '「皇后區」与「区县」', 'only what the report holds');
  const simplified = run('# 2024年度部门决算\n\n以后年度预算为452.40万元。\n', 's.md').doc;
  assert.equal(simplified.written, undefined);
  assert.equal(asWritten(simplified, '之后'), '之后');
});

test('traditional script: figures named, and their units, in messages, hovers and relations view as written', () => {
  const engine = createEngine({});
  const path = fixture('share', 'traditional.md');
  const text = read(path);
  const r = engine.check(text, { path });
  const [f] = only(r, 'share');
  assert.ok(f, 'the share slip is caught as in its simplified twin (income-share.md)');
  // the engine's own words stay as they are; the report's figures are named as the report writes them
  assert.match(
    f.message,
    /^占比 27\.29% 与相关数字不符，可能应为 27\.92%，也可能是 其他收入 99\.15萬元 → 96\.92萬元：/,
  );
  assert.deepEqual(
    f.related.map((x) => x.message),
    ['其他收入 99.15萬元', '本年收入合計 355.15萬元'],
  );
  assert.deepEqual(
    f.fixes.map((x) => [x.title, x.edits.map((e) => e.newText)]),
    [
      ['改为 27.92%', ['27.92']],
      ['其他收入: 改为 96.92萬元', ['96.92']],
    ],
  );
  for (const lang of ['zh-CN', 'en'] as const) {
    const md = engine.hover(r, text.indexOf('256.00') + 1, lang)!.markdown;
    assert.match(md, /\*\*財政撥款收入\*\* 256\.00萬元 {2}\n/, md);
    assert.match(md, /: \[255\.995, 256\.005\]萬元\n/, md);
    assert.ok(
      !/[万财拨]/.test(md.split('|')[0].replace(/^.*\n\n/, '')),
      `the figure's lines in the report's script: ${md}`,
    );
  }
  const view = engine.relations(r, 'zh-CN')!;
  assert.equal(view.groups[0].section, '收入決算情況說明');
  const figures = view.groups.flatMap((g) => g.relations.flatMap((x) => x.figures));
  assert.ok(
    figures.some((x) => x.label === '本年收入合計' && x.text === '355.15萬元'),
    JSON.stringify(figures),
  );
  assert.ok(
    figures.every((x) => !/[万计财拨]/.test(x.label + x.text)),
    JSON.stringify(figures),
  );
  // the same report in simplified characters: the same words, in simplified characters
  const simp = fixture('share', 'income-share.md');
  const s = only(run(read(simp), simp), 'share');
  assert.deepEqual(
    s.flatMap((x) => x.related.map((y) => y.message)),
    ['其他收入 99.15万元', '本年收入合计 355.15万元'],
  );
});

test('traditional script: a relation failing in a traditional report and its simplified tables, shown once', () => {
  // the seed written in traditional characters (each simplified character of the table in a
  // traditional form), its tables file as it is: the figures named in two scripts, one relation
  const toTraditional = new Map<string, string>();
  for (const [trad, simp] of hygiene.traditional) if (!toTraditional.has(simp)) toTraditional.set(simp, trad);
  const seed = read(SEED_MD);
  const tables = read(join(SEED_MD, '..', 'tables.yaml'));
  const text = [...seed].map((c) => toTraditional.get(c) ?? c).join('');
  const readFile = (p: string) => (p.endsWith('tables.yaml') ? tables : undefined);
  const twins = (r: CheckResult) => r.findings.flatMap((f) => f.related).filter((x) => /中亦有此项/.test(x.message));
  const simp = run(seed, SEED_MD, { readFile });
  const trad = run(text, SEED_MD, { readFile });
  assert.ok(trad.doc.written && trad.linked.length === 1, 'read converted, its tables file linked');
  assert.equal(twins(simp).length, 2);
  assert.equal(twins(trad).length, 2, 'the same twins as the simplified seed');
  assert.equal(trad.findings.length, simp.findings.length);
});
