/**
 * Knowledge as data: a sentence pattern and a table layout are edits of server/data, not of
 * the engine. The extraction is run with knowledge built from modified data (one more change
 * word, one more table alias) and reads what it did not read before; a data file that does not
 * match its schema fails the build, naming the file and the path.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATA } from '../server/src/generated/data';
import { extract, LEXICON } from '../server/src/engine/facts/extract';
import { readMarkdown } from '../server/src/engine/read/markdown';
import { buildGrammar, type GrammarData } from '../server/src/engine/knowledge/grammar';
import { buildTables, type TableDef } from '../server/src/engine/knowledge/tables';
import { ROOT } from './helpers';

const clone = <T>(x: unknown): T => JSON.parse(JSON.stringify(x)) as T;

test('a change word added to the grammar data makes the extraction read the sentence as a change', () => {
  const doc = readMarkdown(
    '# 2024年度部门决算\n\n## 支出决算情况说明\n\n本年支出合计120.00万元，比上年缩减10.00万元。\n',
  );
  const before = extract(doc);
  assert.equal(before.changes.length, 0, 'the default grammar has no 缩减');

  const data = clone<GrammarData>(DATA.grammar);
  data.change.decrease.push('缩减');
  const after = extract(doc, undefined, { ...LEXICON, grammar: buildGrammar(data) });
  assert.equal(after.changes.length, 1);
  const c = after.changes[0];
  assert.equal(c.deltaDir, -1);
  assert.equal(c.deltaWord?.word, '缩减');
  assert.equal(c.delta?.written.value.toString(), '10');
  assert.equal(c.current?.concept, 'all.本年支出合计');
});

test('a table alias added to the table data makes the extraction read a table it did not know', () => {
  const doc = readMarkdown(
    [
      '# 2024年度部门决算',
      '',
      '## 政府性基金收支表',
      '',
      '| 科目编码 | 科目名称 | 年初结转和结余 | 本年收入 | 本年支出 | 年末结转和结余 |',
      '|---|---|---|---|---|---|',
      '|  | 合计 | 0.00 | 30.00 | 30.00 | 0.00 |',
      '| 229 | 其他支出 | 0.00 | 30.00 | 30.00 | 0.00 |',
      '',
    ].join('\n'),
  );
  const before = extract(doc);
  assert.equal(before.tables.length, 0, 'neither the caption nor the header names a table');

  const defs = clone<TableDef[]>(DATA.tables);
  defs.find((d) => d.id === 'T8')!.aliases.push('政府性基金收支表');
  const after = extract(doc, undefined, { ...LEXICON, tables: buildTables(defs) });
  assert.deepEqual(
    after.tables.map((t) => t.def.id),
    ['T8'],
  );
  const total = after.facts.find((f) => f.concept === 'zfxjj.支出合计');
  assert.equal(total?.written.value.toString(), '30');
  assert.ok(after.facts.some((f) => f.concept === 'zfxjj.类:其他支出'));
});

test('a new budget table layout is a data edit: a table definition added to the table data', () => {
  // a budget table of another template (项目支出预算表: projects by 功能分类, funded by source)
  const doc = readMarkdown(
    [
      '---',
      '类型: 部门预算',
      '---',
      '# 2025年部门预算',
      '',
      '#### 2025年部门项目支出预算表',
      '',
      '编制部门：某单位单位：元',
      '',
      '| 功能分类科目编码 | 功能分类科目名称 | 项目支出 / 合计 | 项目支出 / 财政拨款 | 项目支出 / 其他资金 |',
      '|---|---|---|---|---|',
      '| 201 | 一般公共服务支出 | 300,000 | 200,000 | 100,000 |',
      '| 20103 | 政府办公厅（室）及相关机构事务 | 300,000 | 200,000 | 100,000 |',
      '| 2010302 | 一般行政管理事务 | 300,000 | 200,000 | 100,000 |',
      '|  | 合计 | 300,000 | 200,000 | 100,000 |',
      '',
    ].join('\n'),
  );
  const before = extract(doc);
  assert.deepEqual(before.tables.length, 0, 'no table of the data is named so, nor has this header');

  const defs = clone<TableDef[]>(DATA.tables);
  defs.push({
    id: 'B10',
    name: '项目支出预算表',
    aliases: ['项目支出预算表'],
    scope: 'all',
    layout: 'coded',
    columns: [
      { key: '项目支出', aliases: ['合计'], main: true },
      { key: '财政拨款', aliases: ['财政拨款'] },
      { key: '其他资金', aliases: ['其他资金'] },
    ],
    rowSums: [{ total: '项目支出', parts: ['财政拨款', '其他资金'] }],
  });
  const after = extract(doc, undefined, { ...LEXICON, tables: buildTables(defs) });
  assert.deepEqual(
    after.tables.map((t) => `${t.def.id}:${t.rows.length}:${t.unit}`),
    ['B10:4:元'],
  );
  const t = after.tables[0];
  assert.equal(t.facts.find((f) => f.concept === 'all.项目支出')?.written.value.toString(), '300000');
  assert.ok(
    t.facts.some((f) => f.concept === 'all.项:一般公共服务支出/政府办公厅（室）及相关机构事务/一般行政管理事务'),
  );
  // its identities come with it: 合计 = Σ 类 …, and each row's 合计 = 财政拨款 + 其他资金
  assert.ok(t.sums.some((x) => x.title.includes('项目支出 = 财政拨款 + 其他资金')));
  assert.ok(t.sums.some((x) => x.title.includes('合计 = Σ 类')));
});

test('a data file that does not match its schema fails gen-data with the file and the path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'suanpan-data-'));
  try {
    cpSync(join(ROOT, 'server', 'data'), dir, { recursive: true });
    const file = join(dir, 'grammar.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('  word: 占\n', '  word: [占]\n'));
    const run = () =>
      spawnSync(process.execPath, [join(ROOT, 'scripts', 'gen-data.mjs')], {
        encoding: 'utf8',
        env: { ...process.env, SUANPAN_DATA_DIR: dir, SUANPAN_GEN_FILE: join(dir, 'out', 'data.ts') },
      });
    const r = run();
    assert.equal(r.status, 1);
    assert.match(r.stderr, /grammar\.yaml: at \/share\/word: must be string/);
    // a file without a schema yet (another helper's) passes; the valid copy builds
    writeFileSync(file, readFileSync(join(ROOT, 'server', 'data', 'grammar.yaml'), 'utf8'));
    writeFileSync(join(dir, 'extra.yaml'), 'x: 1\n');
    const ok = run();
    assert.equal(ok.status, 0, ok.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
