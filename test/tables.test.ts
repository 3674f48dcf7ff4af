/**
 * Tables and YAML: the nine tables recognised in both samples, the seed's narrative with its
 * linked tables.yaml checking clean apart from rounding differences and the known malformed
 * cell, the Shanghai sample's findings recorded, and bad YAML handled.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { check } from '../server/src/engine';
import { ROOT, read } from './helpers';

export const PAIR_MD = join(ROOT, 'samples', 'changji-2024', 'report.md');
export const PAIR_YAML = join(ROOT, 'samples', 'changji-2024', 'tables.yaml');
export const SH_MD = join(ROOT, 'samples', 'shanghai-putuo-social-work-2024', 'report.md');
const readFile = (p: string) => readFileSync(p, 'utf8');

function briefAll(r: ReturnType<typeof check>): string[] {
  const text = (p?: string) => (p ? readFile(p) : r.doc.source);
  return r.findings.map(
    (f) =>
      `${f.path ? 'tables.yaml' : 'report'} ${f.rule} ${f.severity} ` +
      `${f.range.start.line + 1}:${f.range.start.character + 1} ${text(f.path).slice(f.span.start, f.span.end)}`,
  );
}

test('the nine tables are recognised in the YAML and the Markdown samples', () => {
  const pair = check(read(PAIR_MD), { path: PAIR_MD, readFile });
  assert.deepEqual(
    pair.extraction.tables.map((t) => t.def.id),
    ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9'],
  );
  const sh = check(read(SH_MD), { path: SH_MD });
  assert.deepEqual(
    sh.extraction.tables.map((t) => t.def.id),
    ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9'],
  );
  // every amount cell of the coded tables became a fact at its exact place
  for (const t of sh.extraction.tables) {
    for (const f of t.facts) {
      if (f.blank) continue;
      assert.equal(sh.doc.source.slice(f.span.start, f.span.end), f.written.value.toFixed(f.written.decimals));
    }
  }
  for (const t of pair.extraction.tables) {
    for (const f of t.facts)
      assert.equal(pair.linked[0].source.slice(f.span.start, f.span.end), f.written.value.toFixed(f.written.decimals));
  }
});

test(
  'seed narrative + tables.yaml: clean apart from rounding differences ' + 'and the malformed cell (in both files)',
  () => {
    const r = check(read(PAIR_MD), { path: PAIR_MD, readFile });
    assert.deepEqual(briefAll(r), [
      'report rounding-difference info 30:29 455.15', // 409.30 + 27.83 + 7.61 + 10.42 = 455.16 (all funds by 类)
      'report rounding-difference info 52:19 356.00', // 310.15 + 27.83 + 7.61 + 10.42 = 356.01
      'report yoy warning 70:88 100.00',
      'report yoy warning 72:68 100.00',
      'report rounding-difference info 88:21 184.00', // 143.57 + 40.44 = 184.01
      'report malformed warning 184:45 2024年10月31日7',
      // 支出决算表 合计 vs Σ 类 (67:29 455.15) and 一般公共预算财政拨款支出决算表 合计 vs Σ 类 (103:25
      // 356.00): the same sums as the narrative's 30:29 and 52:19, shown once, there
      'tables.yaml rounding-difference info 67:43 184.00',
      'tables.yaml rounding-difference info 103:39 184.00', // Σ 类 of 基本支出, not the narrative's 人员 + 公用
      'tables.yaml malformed warning 206:69 2024年10月31日7', // the same stray 7 in the YAML copy of the 自评表
    ]);
    // text and tables are tied together: the prose figures meet their cells
    const textTable = r.network.constraints.filter(
      (c) => c.rule === 'repeated' && c.facts.some((f) => f.doc === r.doc) && c.facts.some((f) => f.doc !== r.doc),
    );
    assert.ok(textTable.length >= 40, `${textTable.length} text-to-table links`);
  },
);

test('Shanghai sample in Markdown: each finding recorded and checked by hand', () => {
  const text = read(SH_MD);
  const r = check(text, { path: SH_MD });
  const found = r.findings.map(
    (f) =>
      `${f.rule} ${f.severity} ${f.range.start.line + 1}:${f.range.start.character + 1} ` +
      `${text.slice(f.span.start, f.span.end)}`,
  );
  assert.deepEqual(found, [
    'rounding-difference info 170:20 105.58', // real: 95.36 + 10.23 = 105.59 vs 基本支出 105.58 (尾差)
    'rounding-difference info 197:42 10.23', // real: the 302 lines add to 10.22 vs 10.23 (尾差)
    // real: the template's instruction printed
    'template-leftover warning 262:1 无政府性基金预算财政拨款收入支出的，仍保留该表格式，并在本表下方作下述说明：',
    'template-leftover warning 276:1 无国有资本经营预算财政拨款收入支出的，仍保留该表格式，并在本表下方作下述说明：', // real: the same under table 9
    'yoy warning 284:65 100.00', // real: growth from zero, the unit was founded in 2024
    'yoy warning 296:73 100.00', // real: the same for 财政拨款收入支出总计
    'yoy warning 302:73 100.00', // real: the same for 一般公共预算财政拨款支出
    'share warning 306:127 9.55', // real: 29.42 ÷ 307.82 = 9.5575%, truncated
    'budget error 310:52 年初', // real: 完成年初预算的95.89% but 年初预算 is 0; it is the 全年预算 321.02
    'yoy warning 354:36 100.00', // real: 机关运行经费 growth from zero
  ]);
});

test('malformed YAML: the parser error at its place, the rest still read', () => {
  const text =
    '类型: 部门决算\n说明:\n  - 标题: 一、收入决算情况说明\n    正文: |\n' +
    '      本年收入合计307.82万元，其中：财政拨款收入307.82万元，占90.00%。\n表: [ {名称: 收入决算表, 行: [ }\n';
  const r = check(text, { path: 'r.yaml' });
  const e = r.findings.find((f) => f.rule === 'front-matter' && /YAML/.test(f.message));
  assert.ok(e, 'the parse error is reported');
  assert.equal(e!.range.start.line, 5);
  assert.ok(
    r.findings.some((f) => f.rule === 'share'),
    'the narrative is still checked',
  );
});

test('a YAML alias bomb is not expanded and does not hang', () => {
  let bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n';
  for (let i = 0; i < 12; i++) {
    const [from, to] = [String.fromCharCode(97 + i), String.fromCharCode(98 + i)];
    bomb += `${to}: &${to} [${Array(9).fill(`*${from}`).join(',')}]\n`;
  }
  bomb += '类型: 部门决算\n表: [*m]\n';
  const r = check(bomb, { path: 'bomb.yaml' });
  // work bound, not a clock: nothing of the 9^13 expansion is read (no table, no figure from the aliases)
  assert.equal(r.extraction.tables.length, 0);
  assert.ok(r.extraction.facts.length < 10, `${r.extraction.facts.length} figures read from an alias bomb`);
});

test('a 10 MB file gets one finding and no hang', () => {
  const big = '类型: 部门决算\n说明:\n' + '  - 标题: 一、x\n    正文: 本年收入合计1.00万元。\n'.repeat(300_000);
  assert.ok(big.length > 10_000_000);
  const r = check(big, { path: 'big.yaml' });
  // work bound, not a clock: a text over the limit is not read at all
  assert.equal(r.doc.blocks.length, 0);
  assert.equal(r.extraction.facts.length, 0);
  assert.equal(r.findings.length, 1);
  assert.match(r.findings[0].message, /过大/);
});

test('a missing linked file is reported at its front-matter entry', () => {
  const text = read(PAIR_MD).replace('数据: tables.yaml', '数据: nowhere.yaml');
  const r = check(text, { path: PAIR_MD, readFile: (p) => (p.endsWith('nowhere.yaml') ? undefined : readFile(p)) });
  const f = r.findings.find((x) => x.rule === 'front-matter')!;
  assert.match(f.message, /nowhere\.yaml/);
  assert.equal(text.slice(f.span.start, f.span.end), 'nowhere.yaml');
});

test('YAML directives are comments', () => {
  const yaml = read(PAIR_YAML).replace('{ 科目名称: 合计, 合计: 356.00', '{ 科目名称: 合计, 合计: 365.00');
  const bad = check(yaml, { path: PAIR_YAML });
  assert.ok(bad.findings.some((f) => f.severity === 'error'));
  const off = check('# suanpan-disable-file sum repeated\n' + yaml, { path: PAIR_YAML });
  assert.equal(off.findings.filter((f) => f.severity === 'error').length, 0);
});

test('a table without its name is recognised by its header row', () => {
  const text = read(SH_MD)
    .replace('#### 一般公共预算财政拨款支出决算表\n', '#### 表五\n')
    .replace('#### 收入支出决算总表\n', '#### 表一\n');
  const r = check(text, { path: SH_MD });
  assert.deepEqual(
    r.extraction.tables.map((t) => t.def.id),
    ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9'],
  );
});
