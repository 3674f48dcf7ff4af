/** The readers: structure, metadata, exact offsets, wrapped lines, bad front matter. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, readReport } from '../server/src/engine';
import { SEED_MD, read } from './helpers';

test('Markdown: front matter, headings, scopes', () => {
  const doc = readReport(read(SEED_MD), SEED_MD);
  assert.equal(doc.meta.unit, '昌吉回族自治州人民政府驻北京联络处');
  assert.equal(doc.meta.year, 2024);
  assert.equal(doc.meta.kind, '部门决算');
  assert.equal(doc.meta.template, 'xinjiang-2024-final');
  const titles = doc.sections.map((s) => s.title);
  assert.ok(titles.includes('第二部分 部门决算情况说明'));
  const s = doc.sections.find((x) => x.title.startsWith('六、'))!;
  assert.equal(s.scope, 'ybg');
  assert.equal(doc.sections.find((x) => x.title.startsWith('九、'))!.scope, 'sangong');
  assert.equal(doc.sections.find((x) => x.title.startsWith('（二）政府采购'))!.scope, 'zfcg');
  assert.equal(doc.blocks.filter((b) => b.kind === 'table').length, 16);
});

test('Markdown: inline markup and list markers keep exact offsets', () => {
  const text =
    '---\n类型: 部门决算\n---\n\n# 某单位2024年度部门决算公开说明\n\n## 一、收入决算情况说明\n\n' +
    '- 本年收入**355.15**万元，其中：财政拨款收入256.00万元，占`72.08`%；其他收入99.15万元，占27.92%。\n';
  const r = check(text, { path: 'a.md' });
  for (const f of r.extraction.facts) {
    assert.equal(text.slice(f.span.start, f.span.end), f.written.value.toFixed(f.written.decimals));
  }
  assert.equal(r.findings.filter((f) => f.severity === 'error').length, 0);
  const bad = check(text.replace('`72.08`', '`75.08`'), { path: 'a.md' });
  const e = bad.findings.find((f) => f.rule === 'share')!;
  assert.equal(text.replace('`72.08`', '`75.08`').slice(e.span.start, e.span.end), '75.08');
});

test('plain text: wrapped PDF lines join into sentences, spaces and all', () => {
  const text =
    '某单位\n2024 年度部门决算\n第一部分 概况\n一、收入决算情况说明\n\n   本年收入合计 307.82 万元，其中：财政拨款收入 307.82 万元，\n\n占 100.00%。\n';
  const r = check(text, { path: 'a.txt' });
  assert.ok(r.isReport);
  assert.equal(r.network.constraints.filter((c) => c.rule === 'share').length, 1);
  const bad = text.replace('100.00%', '90.00%');
  const f = check(bad, { path: 'a.txt' }).findings.find((x) => x.rule === 'share')!;
  assert.equal(bad.slice(f.span.start, f.span.end), '90.00');
  assert.deepEqual(f.range.start, { line: 7, character: 2 });
});

test('plain text: a table of contents is skipped', () => {
  const text =
    '某单位2024年度部门决算\n目  录\n第一部分 概况\n一、主要职能\n第二部分 决算表\n第一部分 概况\n一、主要职能\n负责……。\n第二部分 决算表\n';
  const doc = readReport(text, 'a.txt');
  assert.deepEqual(
    doc.sections.map((s) => s.title),
    ['某单位2024年度部门决算', '第一部分 概况', '一、主要职能', '第二部分 决算表'],
  );
});

test('bad front matter gives a clear finding and no crash', () => {
  const r = check('---\n类型: 部门决算\n年度: [\n---\n# x\n', { path: 'a.md' });
  assert.ok(r.findings.some((f) => f.rule === 'front-matter' && /YAML/.test(f.message)));
  const r2 = check('---\n类型: 决算报告\n---\n# x\n', { path: 'a.md' });
  assert.ok(r2.findings.some((f) => f.rule === 'front-matter' && /类型/.test(f.message)));
  const r3 = check('---\n类型: 部门决算\n', { path: 'a.md' });
  assert.ok(r3.findings.some((f) => f.rule === 'front-matter'));
});

test('CRLF line endings and UTF-16 positions (astral characters)', () => {
  const text =
    '---\r\n类型: 部门决算\r\n---\r\n# 𠀀单位2024年度部门决算\r\n\r\n## 一、收入决算情况说明\r\n\r\n' +
    '𠀀本年收入355.15万元，其中：财政拨款收入256.00万元，占75.08%。\r\n';
  const r = check(text, { path: 'a.md' });
  const f = r.findings.find((x) => x.rule === 'share')!;
  assert.equal(text.slice(f.span.start, f.span.end), '75.08');
  // 𠀀 is two UTF-16 code units: 2 + 本年收入(4) + 355.15(6) + 万元，其中：(6) + 财政拨款收入(6) + 256.00(6) + 万元，占(4)
  assert.deepEqual(f.range.start, { line: 7, character: 34 });
});

test('not a report', () => {
  assert.equal(check('# Shopping\n\n- eggs\n', { path: 'a.md' }).isReport, false);
  assert.equal(check('', { path: 'a.txt' }).isReport, false);
});
