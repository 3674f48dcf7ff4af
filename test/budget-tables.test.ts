/**
 * Budget reports (部门预算 / 单位预算) as first-class as 决算: every budget table of the corpus
 * budget PDFs (imported in memory) recognised by its caption as the budget table it is (B1–B9 of
 * tables.yaml), with its rows and columns recorded; one cell changed in a budget table caught by
 * the right rule on that figure; the unmutated budgets checked, each remaining finding recorded;
 * amounts in 元 in the tables against 万元 in the prose; an empty fund table never taken for
 * another table.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, type CheckResult } from '../server/src/engine';
import { importPdf } from '../server/src/engine/read/import/pdf';
import { CORPUS, brief } from './helpers';

const PDF_DIR = join(CORPUS, 'pdf');

const imports = new Map<string, Promise<string>>();
function imported(name: string): Promise<string> {
  if (!imports.has(name)) {
    const bytes = new Uint8Array(readFileSync(join(PDF_DIR, `${name}.pdf`)));
    imports.set(
      name,
      importPdf(bytes).then((r) => r.markdown),
    );
  }
  return imports.get(name)!;
}

const runMd = (md: string, name: string): CheckResult => check(md, { path: `${name}.md` });

interface BudgetRecord {
  name: string;
  /** table id : header columns x body rows : rows read (every table by its caption) */
  tables: string;
  /** every finding of the unmutated import, checked by hand */
  findings: Array<[string, string]>;
}

// Before this work the same imports gave 6 false `repeated` errors each (the empty 政府性基金 and
// 国有资本经营 tables read as the general budget's table, their blank 合计 as zeros of it):
// gov-office 6 findings, gov-office unit 10, wanli 2024 7, wanli 2025 10.
const BUDGETS: BudgetRecord[] = [
  {
    name: 'shanghai-putuo-gov-office-2025-budget',
    // B1 and B4 come out of the import partly misaligned (a figure run into the next label, two
    // figures in one cell): those rows' blanks are not read as zeros, their sums not checked
    tables: 'B1:4x8:11 B2:7x21:21 B3:5x21:21 B4:7x5:8 B5:5x21:21 B6:5x1:1 B7:5x1:1 B8:5x30:30 B9:7x1:1',
    findings: [],
  },
  {
    name: 'shanghai-putuo-gov-office-2025-unit-budget',
    tables: 'B1:7x8:11 B2:7x21:21 B3:5x21:21 B4:7x5:7 B5:5x21:21 B6:5x1:1 B7:5x1:1 B8:5x30:30 B9:7x1:1',
    // (the 主要职能 heading the importer once kept inside the 目录 comment is a heading again)
    findings: [],
  },
  {
    name: 'shanghai-putuo-wanli-2024-budget',
    tables: 'B1:4x10:18 B2:7x67:67 B3:5x67:67 B4:7x10:14 B5:5x67:67 B6:5x1:1 B7:5x1:1 B8:5x32:32 B9:7x1:1',
    findings: [
      [
        'reason-contradiction warning 107:111 减少',
        'real: 114.00 -> 110.60, 「比2023年预算执行数减少2.98%」, explained by 「宣传事务一般行政管理事务经费增加」',
      ],
      [
        'empty-statement error 490:1 注:本部门2024年无“三公”经费和机关运行经费预算，故本表为空表。',
        'real: the note says the table is empty, its row states 47.91 万元 三公 and 443.18 万元 机关运行经费',
      ],
    ],
  },
  {
    name: 'shanghai-putuo-wanli-2025-budget',
    tables: 'B1:4x10:18 B2:7x67:67 B3:5x67:67 B4:7x10:14 B5:5x67:67 B6:5x1:1 B7:5x1:1 B8:5x32:32 B9:7x1:1',
    // real 尾差 of 1 元 (the amounts are 分 rounded to 元): 212 城乡社区支出 154,369,326 against its
    // 款 summing to 154,369,327, and 21201 94,995,790 against its 项 summing to 94,995,789, in each
    // table that prints them (收入预算总表 合计 and 财政拨款收入, 支出预算总表, 一般公共预算支出表)
    findings: [
      [
        'official-name warning 141:14 卫生健康支出',
        'real: 「卫生健康支出（类）卫生健康支出（款）计划生育事务（项）」, the 类 written again as the 款',
      ],
      ['rounding-difference info 238:18 154,369,326', 'real 尾差 (B2 合计)'],
      ['rounding-difference info 238:32 154,369,326', 'real 尾差 (B2 财政拨款收入)'],
      ['rounding-difference info 239:22 94,995,790', 'real 尾差 (B2 合计)'],
      ['rounding-difference info 239:35 94,995,790', 'real 尾差 (B2 财政拨款收入)'],
      ['rounding-difference info 312:18 154,369,326', 'real 尾差 (B3)'],
      ['rounding-difference info 313:22 94,995,790', 'real 尾差 (B3)'],
      ['rounding-difference info 403:18 154,369,326', 'real 尾差 (B5)'],
      ['rounding-difference info 404:22 94,995,790', 'real 尾差 (B5)'],
    ],
  },
];

function tablesOf(r: CheckResult): string {
  return r.extraction.tables
    .map((t) => `${t.def.id}:${t.block.header.length}x${t.block.rows.length}:${t.rows.length}`)
    .join(' ');
}

for (const rec of BUDGETS) {
  test(`budget ${rec.name}: every budget table recognised by its caption, findings recorded`, async () => {
    const md = await imported(rec.name);
    const r = runMd(md, rec.name);
    assert.equal(tablesOf(r), rec.tables);
    assert.ok(
      r.extraction.tables.every((t) => t.by === 'caption'),
      'each budget table is named by its caption',
    );
    // the tables state 单位：元 (the 三公 table 单位：万元) on their 编制部门 line
    assert.deepEqual(
      r.extraction.tables.map((t) => t.unit),
      ['元', '元', '元', '元', '元', '元', '元', '元', '万元'],
    );
    assert.deepEqual(
      r.findings.map((f) => brief(md, f)),
      rec.findings.map(([f]) => f),
    );
    // no false alarm from the empty fund tables: nothing reported in them but their statement
    for (const t of r.extraction.tables.filter((x) => x.def.id === 'B6' || x.def.id === 'B7')) {
      assert.ok(t.facts.every((f) => f.blank && f.concept?.startsWith(t.def.scope + '.')));
    }
  });
}

interface Mutation {
  name: string;
  report: string;
  from: string;
  to: string;
  /** which occurrence of `from` (0 = the first) */
  nth?: number;
  /** the findings the mutation adds, as `rule severity text-at-the-range` */
  expect: string[];
}

const MUTATIONS: Mutation[] = [
  {
    name: '支出预算总表: a 项 基本支出 cell (款 = Σ 项, row 合计 = 基本 + 项目)',
    report: 'shanghai-putuo-wanli-2024-budget',
    from: '| 2120101 | 行政运行 | 16,603,248 | 16,353,248 |',
    to: '| 2120101 | 行政运行 | 16,603,248 | 16,353,284 |',
    expect: ['sum error 16,353,284'],
  },
  {
    name: '支出预算总表: the 合计 (Σ 类, = 财务收支总表 支出总计)',
    report: 'shanghai-putuo-wanli-2024-budget',
    from: '|  | 合计 | 156,211,123 | 99,706,020 |',
    to: '|  | 合计 | 156,211,132 | 99,706,020 |',
    expect: ['sum error 156,211,132'],
  },
  {
    name: '收入预算总表: a 项 财政拨款收入 cell',
    report: 'shanghai-putuo-wanli-2024-budget',
    from: '| 2080705 | 公益性岗位补贴 | 4,212,300 | 4,212,300 |',
    to: '| 2080705 | 公益性岗位补贴 | 4,212,300 | 4,213,200 |',
    expect: ['sum error 4,213,200'],
  },
  {
    name: '财务收支预算总表: 收入总计 (= 支出总计, = Σ sources, = the prose 收入预算)',
    report: 'shanghai-putuo-wanli-2024-budget',
    from: '| 收入总计 | 156,211,123 |',
    to: '| 收入总计 | 156,211,132 |',
    expect: ['sum error 156,211,132'],
  },
  {
    name: '财务收支预算总表: 一般公共预算资金 (财政拨款收入 = 一般公共预算 + 政府性基金 + 国有资本经营)',
    report: 'shanghai-putuo-wanli-2024-budget',
    from: '| 1.一般公共预算资金 | 156,211,123 |',
    to: '| 1.一般公共预算资金 | 156,211,132 |',
    expect: ['sum error 156,211,132'],
  },
  {
    name: '经济分类预算表: 30101 基本工资 合计 (row 合计 = 人员 + 公用, 301 = Σ 款)',
    report: 'shanghai-putuo-wanli-2024-budget',
    from: '| 30101 | 基本工资 | 5,873,551 |',
    to: '| 30101 | 基本工资 | 5,873,515 |',
    expect: ['sum error 5,873,515'],
  },
  {
    name: '“三公”经费预算表: 公务接待费 (合计 = Σ items, = the prose)',
    report: 'shanghai-putuo-wanli-2024-budget',
    from: '| 47.91 | 0 | 1.35 |',
    to: '| 47.91 | 0 | 1.53 |',
    expect: ['sum error 1.53'],
  },
  {
    name: 'an empty 政府性基金 table given a figure: the statement contradicted, the figure against 财政拨款收支总表',
    report: 'shanghai-putuo-wanli-2024-budget',
    from: '|  | 合计 |  |  |  |',
    to: '|  | 合计 | 100,000 | 0 | 100,000 |',
    expect: [
      'repeated error 100,000',
      'empty-statement error 注:本部门2024年无政府性基金预算财政拨款安排的预算，故本表为空表。',
    ],
  },
  {
    name: 'the prose 收入预算 in 万元 against the table in 元',
    report: 'shanghai-putuo-wanli-2024-budget',
    from: '收入预算15621.11万元',
    to: '收入预算15621.21万元',
    expect: ['repeated error 15621.21'],
  },
  {
    name: '经济分类预算表 (元 with 分): 30217 公务接待费 公用经费',
    report: 'shanghai-putuo-gov-office-2025-budget',
    from: '| 30217 | 公务接待费 | 185,000.00 |  | 185,000.00 |',
    to: '| 30217 | 公务接待费 | 185,000.00 |  | 158,000.00 |',
    expect: ['sum error 158,000.00'],
  },
  {
    name: '一般公共预算支出功能分类预算表: 合计 基本支出 (= 经济分类表 合计, = 人员经费 + 公用经费)',
    report: 'shanghai-putuo-gov-office-2025-budget',
    from: '|  | 合计 | 91,016,775.35 | 24,606,775.35 |',
    to: '|  | 合计 | 91,016,775.35 | 24,606,757.35 |',
    nth: 1,
    expect: ['sum error 24,606,757.35'],
  },
  {
    name: '“三公”经费预算表 (万元): 公务接待费',
    report: 'shanghai-putuo-gov-office-2025-budget',
    from: '| 867.50 | 839.00 | 28.50 |',
    to: '| 867.50 | 839.00 | 82.50 |',
    expect: ['sum error 82.50'],
  },
];

function mutate(md: string, m: Mutation): string {
  let at = -1;
  for (let i = 0; i <= (m.nth ?? 0); i++) at = md.indexOf(m.from, at + 1);
  assert.ok(at >= 0, `mutation anchor not found: ${m.from}`);
  return md.slice(0, at) + m.to + md.slice(at + m.from.length);
}

const key = (md: string, f: CheckResult['findings'][number]) =>
  `${f.rule} ${f.severity} ${md.slice(f.span.start, f.span.end)}`;

for (const m of MUTATIONS) {
  test(`budget mutation caught: ${m.name}`, async () => {
    const md = await imported(m.report);
    const before = new Set(runMd(md, m.report).findings.map((f) => key(md, f)));
    const text = mutate(md, m);
    const r = runMd(text, m.report);
    const added = r.findings
      .filter((f) => f.rule !== 'rounding-difference')
      .map((f) => key(text, f))
      .filter((k) => !before.has(k));
    assert.deepEqual(added.sort(), [...m.expect].sort());
    // the figure at fault is the changed figure, at its place
    const changed = m.to.split('|').find((c, i) => c !== m.from.split('|')[i]) ?? m.to;
    const figure = r.findings.find((f) => key(text, f) === m.expect[0])!;
    assert.equal(text.slice(figure.span.start, figure.span.end), changed.trim().replace(/^收入预算|万元$/g, ''));
    // a certain fix restores the original figure, and the report checks as before
    const fix = figure.fixes?.find((x) => x.certain);
    if (fix) {
      const e = fix.edits[0];
      const fixed = text.slice(0, e.span.start) + e.newText + text.slice(e.span.end);
      assert.equal(fixed, md);
    }
  });
}

const AMOUNTS = (table: string, prose: string) =>
  [
    '---',
    '类型: 部门预算',
    '年度: 2025',
    '---',
    '# 某单位2025年部门预算',
    '',
    '## 部门预算编制说明',
    '',
    `2025年，某单位收入预算${prose}万元。`,
    '',
    '## 部门预算表',
    '',
    '#### 2025年部门财务收支预算总表',
    '',
    '编制部门：某单位单位：元',
    '',
    '| 本年收入 / 项目 | 本年收入 / 预算数 | 本年支出 / 项目 | 本年支出 / 预算数 |',
    '| --- | --- | --- | --- |',
    `| 一、财政拨款收入 | ${table} | 一、一般公共服务支出 | ${table} |`,
    `| 收入总计 | ${table} | 支出总计 | ${table} |`,
    '',
  ].join('\n');

test('元 in a table and 万元 in the prose agree within the coarser unit’s rounding interval', () => {
  // 12,345,678 元 = 1,234.5678 万元, written 1234.57: the same figure, no finding, not even a 尾差
  const same = check(AMOUNTS('12,345,678', '1234.57'), { path: 'b.md' });
  assert.deepEqual(
    same.findings.map((f) => f.rule),
    [],
  );
  const t = same.extraction.tables[0];
  assert.equal(t.def.id, 'B1');
  assert.equal(t.unit, '元', 'the 编制部门 line states the unit and is no caption');
  const linked = same.network.constraints.filter(
    (c) => c.rule === 'repeated' && c.facts.some((f) => f.unit === '万元') && c.facts.some((f) => f.unit === '元'),
  );
  assert.equal(linked.length, 1, 'the prose total is tied to the table');
  // 1234.58 is outside [1234.565, 1234.575]: reported, on the prose figure
  const off = check(AMOUNTS('12,345,678', '1234.58'), { path: 'b.md' });
  const text = AMOUNTS('12,345,678', '1234.58');
  assert.deepEqual(
    off.findings.map((f) => key(text, f)),
    ['repeated error 1234.58'],
  );
});

test('an empty fund table is never taken for another table, its blanks are no zeros of another concept', async () => {
  const md = await imported('shanghai-putuo-wanli-2024-budget');
  // the caption names it: B6, blanks are the fund's own zeros
  const r = runMd(md, 'wanli');
  const fund = r.extraction.tables.find((t) => t.def.id === 'B6')!;
  assert.deepEqual(
    fund.facts.map((f) => f.concept),
    ['zfxjj.支出合计', 'zfxjj.基本支出', 'zfxjj.项目支出'],
  );
  // no caption naming it, and a header without the fund's name: only the header row would tell
  // (as the general budget's table), and the table states nothing, so it is not read at all
  const anon = md
    .replace('#### 2024年部门政府性基金预算支出功能分类预算表', '#### 表六')
    .replace(
      '| 功能分类科目编码 | 功能分类科目名称 | 政府性基金预算支出 / 合计 | 政府性基金预算支出 / 基本支出 | 政府性基金预算支出 / 项目支出 |',
      '| 功能分类科目编码 | 功能分类科目名称 | 合计 | 基本支出 | 项目支出 |',
    );
  assert.notEqual(anon, md);
  const a = runMd(anon, 'wanli');
  assert.deepEqual(
    a.extraction.tables.map((t) => t.def.id),
    ['B1', 'B2', 'B3', 'B4', 'B5', 'B7', 'B8', 'B9'],
  );
  assert.deepEqual(
    a.findings.filter((f) => f.rule === 'repeated' || f.rule === 'sum'),
    [],
  );
  // its header naming the fund is enough without the caption
  const headerOnly = md.replace('#### 2024年部门政府性基金预算支出功能分类预算表', '#### 表六');
  const h = runMd(headerOnly, 'wanli');
  assert.equal(h.extraction.tables.find((t) => t.block.caption === '表六')?.def.id, 'B6');
});
