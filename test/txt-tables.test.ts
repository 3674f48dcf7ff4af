/**
 * Tables in plain-text exports (columns aligned by spaces, as `pdftotext -layout` writes them):
 * every corpus .txt has its tables found with their captions, rows and columns (recorded below);
 * their cells become figures at the exact offsets of the text; table checks run on them (a slip in
 * a cell is caught at that cell and the certain fix restores it); the .txt and the imported PDF
 * of the same report give the same figures table by table; the findings the tables add to each
 * corpus file are recorded, each checked by hand; and a very long table or a very wide line is
 * read whole (in one pass: the reader is linear in the text).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readReport } from '../server/src/engine/read';
import { readPlainText } from '../server/src/engine/read/plaintext';
import { readTable } from '../server/src/engine/facts/tables';
import type { TableBlock } from '../server/src/engine/read/model';
import { importPdf } from '../server/src/engine/read/import/pdf';
import { parseWritten } from '../server/src/engine/util/decimal';
import { CORPUS, read, run } from './helpers';

/** `id caption rows×columns figures` of each table a caption names; `-` for a table the data does not know (yet). */
const TABLES: Record<string, string[]> = {
  // a Word export: its 绩效自评表 are tab-indented cells, no layout tables
  'changji-liaison-office-2024-final.txt': [],
  'shanghai-2024-final-accounts-template.txt': [
    'T1 收入支出决算总表 28x4 40',
    'T2 收入决算表 6x9 42',
    'T3 支出决算表 6x8 36',
    'T4 财政拨款收入支出决算总表 30x7 117',
    'T5 一般公共预算财政拨款支出决算表 6x5 18',
    'T6 一般公共预算财政拨款基本支出决算表 39x6 67',
    'T7 财政拨款“三公”经费支出决算表 2x7 12',
    'T8 政府性基金预算财政拨款收入支出决算表 1x8 6',
    'T9 国有资本经营预算财政拨款收入支出决算表 1x8 6',
  ],
  // the budgets: the budget tables B1–B9 (server/data/tables.yaml), recognised by their captions
  'shanghai-putuo-gov-office-2025-budget.txt': [
    'B1 2025年部门财务收支预算总表 8x5 8',
    'B2 2025年部门收入预算总表 21x7 105',
    'B3 2025年部门支出预算总表 21x5 63',
    'B4 2025年部门财政拨款收支预算总表 5x7 24',
    'B5 2025年部门一般公共预算支出功能分类预算表 21x5 63',
    'B6 2025年部门政府性基金预算支出功能分类预算表 1x5 3',
    'B7 2025年部门国有资本经营预算支出功能分类预算表 1x5 3',
    'B8 2025年部门一般公共预算基本支出部门预算经济分类预算表 30x5 90',
    'B9 2025年部门“三公”经费和机关运行经费预算表 1x7 6',
  ],
  'shanghai-putuo-gov-office-2025-unit-budget.txt': [
    'B1 2025年预算单位财务收支预算总表 8x7 28',
    'B2 2025年预算单位收入预算总表 21x7 105',
    'B3 2025年预算单位支出预算总表 21x5 63',
    'B4 2025年预算单位财政拨款收支预算总表 5x5 9',
    'B5 2025年预算单位一般公共预算支出功能分类预算表 21x5 63',
    'B6 2025年预算单位政府性基金预算支出功能分类预算表 1x5 3',
    'B7 2025年预算单位国有资本经营预算支出功能分类预算表 1x5 3',
    'B8 2025年预算单位一般公共预算基本支出部门预算经济分类预算表 30x5 90',
    'B9 2025年单位“三公”经费和机关运行经费预算表 1x7 6',
  ],
  'shanghai-putuo-planning-2024-final.txt': [
    'T1 收入支出决算总表 28x4 40',
    'T2 收入决算表 25x9 175',
    'T3 支出决算表 25x8 150',
    'T4 财政拨款收入支出决算总表 30x7 117',
    'T5 一般公共预算财政拨款支出决算表 25x5 75',
    'T6 一般公共预算财政拨款基本支出决算表 39x6 67',
    'T7 财政拨款“三公”经费支出决算表 2x7 12',
    'T8 政府性基金预算财政拨款收入支出决算表 1x8 6',
    'T9 国有资本经营预算财政拨款收入支出决算表 1x8 6',
  ],
  'shanghai-putuo-social-work-2024-final.txt': [
    'T1 收入支出决算总表 30x4 42',
    'T2 收入决算表 18x9 126',
    'T3 支出决算表 18x8 108',
    'T4 财政拨款收入支出决算总表 32x7 125',
    'T5 一般公共预算财政拨款支出决算表 18x5 54',
    'T6 一般公共预算财政拨款基本支出决算表 39x6 67',
    'T7 财政拨款“三公”经费支出决算表 2x7 12',
    'T8 政府性基金预算财政拨款收入支出决算表 1x8 6',
    'T9 国有资本经营预算财政拨款收入支出决算表 1x8 6',
  ],
  'shanghai-putuo-wanli-2024-budget.txt': [
    'B1 2024年部门财务收支预算总表 10x4 18',
    'B2 2024年部门收入预算总表 67x7 330',
    'B3 2024年部门支出预算总表 67x5 198',
    'B4 2024年部门财政拨款收支预算总表 10x7 44',
    'B5 2024年部门一般公共预算支出功能分类预算表 67x5 201',
    'B6 2024年部门政府性基金预算支出功能分类预算表 1x5 3',
    'B7 2024年部门国有资本经营预算支出功能分类预算表 1x5 3',
    'B8 2024年部门一般公共预算基本支出部门预算经济分类预算表 32x5 96',
    'B9 部门“三公”经费和机关运行经费预算表 1x7 6',
  ],
  'shanghai-putuo-wanli-2025-budget.txt': [
    'B1 2025年部门财务收支预算总表 10x4 18',
    'B2 2025年部门收入预算总表 67x7 335',
    'B3 2025年部门支出预算总表 67x5 198',
    'B4 2025年部门财政拨款收支预算总表 10x7 44',
    'B5 2025年部门一般公共预算支出功能分类预算表 67x5 201',
    'B6 2025年部门政府性基金预算支出功能分类预算表 1x5 3',
    'B7 2025年部门国有资本经营预算支出功能分类预算表 1x5 3',
    'B8 2025年部门一般公共预算基本支出部门预算经济分类预算表 32x5 96',
    'B9 2025年部门“三公”经费和机关运行经费预算表 1x7 6',
  ],
};

/**
 * Every finding of each corpus .txt (`rule severity line`). Those the tables brought are marked:
 * each was checked against the text by hand, and the import of the same report's PDF gives the
 * same ones (the figures of its tables are the same, see below).
 */
const FINDINGS: Record<string, { count: number; fromTables: Array<[string, string]> }> = {
  'changji-liaison-office-2024-final.txt': { count: 5, fromTables: [] },
  // + 3 field-code: the template's 「上海市 XX 局」 in its 目录 (test/hygiene-corpus.test.ts)
  'shanghai-2024-final-accounts-template.txt': { count: 234, fromTables: [] },
  'shanghai-putuo-gov-office-2025-budget.txt': {
    count: 2,
    fromTables: [
      [
        'rounding-difference info 128',
        "real: the text's 9,101.68万元 and the table's 91,016,775.35元, within the 万元 rounding",
      ],
    ],
  },
  'shanghai-putuo-gov-office-2025-unit-budget.txt': { count: 1, fromTables: [] },
  'shanghai-putuo-wanli-2024-budget.txt': {
    // + 1 from the prose: 「减少2.98%」 explained by 「…经费增加」 (reason-contradiction, test/corpus.test.ts)
    count: 2,
    fromTables: [
      ['empty-statement error 795', 'real: 「本表为空表」 under 47.91万元 “三公” and 443.18万元 机关运行经费 (B9)'],
    ],
  },
  'shanghai-putuo-wanli-2025-budget.txt': {
    count: 10,
    fromTables: [
      [
        'official-name warning 121',
        'real: 「卫生健康支出（类）卫生健康支出（款）计划生育事务（项）」 (not from the tables)',
      ],
      ['rounding-difference info 275', 'real: 1 元 尾差 of 212 城乡社区支出, B2 (as in the PDF import)'],
      ['rounding-difference info 277', 'real: 1 元 尾差 of 21201, B2'],
      ['rounding-difference info 413', 'real: the same 尾差 in B3'],
      ['rounding-difference info 598', 'real: the same 尾差 in B5'],
    ],
  },
  'shanghai-putuo-planning-2024-final.txt': {
    // 23 with the tables, 5 of official-name / unit-name (test/official-name.test.ts) and 1
    // paired-punctuation (「平均得分99.33分（其中，…」 never closed: test/hygiene-corpus.test.ts)
    count: 29,
    fromTables: [
      ['rounding-difference info 305', 'real: 支出决算表 卫生健康支出 236.64, the 总表 236.63'],
      ['rounding-difference info 312', 'real: 支出决算表 城乡社区支出 3845.24, the 总表 3845.25'],
      ['sum error 356', 'real: the text names an item (机关事业单位退休人员活动费支出 0.88) the table does not have'],
      ['sum error 374', 'real: the text names an item (其他国土资源事务支出 45.00) the table does not have'],
      ['rounding-difference info 383', 'real: 财政拨款总表 支出合计 9746.50, 基本 5364.75 + 项目 4381.74 = 9746.49'],
      ['rounding-difference info 424', 'real: 一般公共预算支出表 卫生健康支出 236.64 vs the 总表 236.63'],
      ['rounding-difference info 432', 'real: 城乡社区支出 3832.36 = 1572.70 + 2259.65 = 3832.35'],
      ['rounding-difference info 434', 'real: 城乡社区管理事务 1092.80 = 1084.02 + 8.77 = 1092.79'],
      ['rounding-difference info 437', 'real: 行政运行 1092.80 = 1084.02 + 8.77 = 1092.79'],
      ['rounding-difference info 460', 'real: 合计 9746.50, 5364.75 + 4381.74 = 9746.49'],
      ['rounding-difference info 467', 'real: 302 商品和服务支出 440.90, its items 440.88'],
      ['rounding-difference info 534', 'real: 人员经费合计 4884.09, its items 4884.10'],
      ['names warning 697', 'real: the text says 机关事业单位退休人员活动费支出, the table 其他行政事业单位养老支出'],
      ['names warning 760', 'real: the text says 其他国土资源事务支出, the table 其他自然资源事务支出'],
      ['repeated error 786', 'real: the text says 一般公共预算财政拨款基本支出 5377.64, the table 5364.75'],
      ['repeated error 788', 'real: the text says 人员经费 4896.98, the table 4884.09'],
      ['budget error 818', 'real: 13.68% is 0.39 of the 全年预算 2.85 (the table), the sentence says 年初预算'],
    ],
  },
  'shanghai-putuo-social-work-2024-final.txt': {
    count: 10,
    fromTables: [
      ['rounding-difference info 326', 'real: 基本支出 105.58, 人员 95.36 + 公用 10.23 = 105.59'],
      ['rounding-difference info 333', 'real: 302 商品和服务支出 10.23, its items 10.22'],
    ],
  },
};

const TXT = Object.keys(TABLES);

function namedTables(file: string): { text: string; tables: TableBlock[]; unit: '万元' | '元' } {
  const path = join(CORPUS, file);
  const text = read(path);
  const doc = readReport(text, path);
  const tables = doc.blocks.filter((b): b is TableBlock => b.kind === 'table' && !!b.named);
  return { text, tables, unit: doc.meta.amountUnit };
}

test('the corpus .txt files are all recorded', () => {
  assert.ok(existsSync(CORPUS), `the shared corpus is missing: ${CORPUS}`);
  const files = readdirSync(CORPUS).filter((f) => f.endsWith('.txt'));
  assert.deepEqual(files.sort(), [...TXT].sort());
});

for (const file of TXT) {
  test(`${file}: the tables are found with their captions, rows and columns`, () => {
    const { tables, unit } = namedTables(file);
    const got = tables.map((b) => {
      const m = readTable(b, unit);
      return `${m ? m.def.id : '-'} ${b.caption} ${b.rows.length}x${b.header.length} ${m ? m.facts.length : 0}`;
    });
    assert.deepEqual(got, TABLES[file]);
  });

  test(`${file}: every cell figure stands at its offsets in the text`, () => {
    const { text, tables, unit } = namedTables(file);
    for (const b of tables) {
      for (const r of b.rows) for (const c of r) assert.ok(c.span.start <= c.span.end && c.span.end <= text.length);
      const m = readTable(b, unit);
      for (const f of m?.facts ?? []) {
        const at = text.slice(f.span.start, f.span.end);
        if (f.blank) assert.ok(/^[\s-—–]*$/.test(at), `${b.caption}: blank cell at ${f.span.start} holds «${at}»`);
        else assert.equal(parseWritten(at)?.value.toString(), f.written.value.toString(), `${b.caption}: «${at}»`);
      }
    }
  });

  test(`${file}: the findings (those the tables bring checked by hand)`, () => {
    const path = join(CORPUS, file);
    const text = read(path);
    const got = run(text, path).findings.map((f) => `${f.rule} ${f.severity} ${f.range.start.line + 1}`);
    const rec = FINDINGS[file];
    assert.equal(got.length, rec.count, got.join('\n'));
    for (const [f] of rec.fromTables) assert.ok(got.includes(f), `${file}: expected ${f}`);
  });
}

test('a slip in a .txt table cell is caught at that cell and the certain fix restores it', () => {
  const path = join(CORPUS, 'shanghai-putuo-planning-2024-final.txt');
  const text = read(path);
  const cases = [
    // 收入决算表, a 项 row: its own row sum (本年收入合计 = 财政拨款收入 + …) fails at the slip
    { ctx: '2080501   行政单位离退休             54.53', from: '54.53', to: '54.63' },
    // 收入支出决算总表, the expense side: 类 = Σ its 项 of the coded tables
    { ctx: '八、社会保障和就业支出            754.75', from: '754.75', to: '745.75' },
  ];
  const before = new Set(run(text, path).findings.map((f) => `${f.rule}|${f.message}`));
  for (const c of cases) {
    const i = text.indexOf(c.ctx);
    assert.ok(i >= 0 && text.indexOf(c.ctx, i + 1) < 0, c.ctx);
    const at = i + c.ctx.lastIndexOf(c.from);
    const mutated = text.slice(0, at) + c.to + text.slice(at + c.from.length);
    const hit = run(mutated, path).findings.filter((f) => !before.has(`${f.rule}|${f.message}`));
    const f = hit.find((x) => x.span.start === at && x.span.end === at + c.to.length);
    assert.ok(f, `${c.ctx}: no finding at the slip; got ${hit.map((x) => `${x.rule}@${x.span.start}`).join(', ')}`);
    const fix = f.fixes?.find((x) => x.certain);
    assert.ok(fix, `${c.ctx}: no certain fix`);
    let fixed = mutated;
    for (const e of [...fix.edits].sort((a, b) => b.span.start - a.span.start))
      fixed = fixed.slice(0, e.span.start) + e.newText + fixed.slice(e.span.end);
    assert.equal(fixed, text, `${c.ctx}: the fix does not restore the figure`);
  }
});

/** The figures of each recognised table: concept = value, sorted. */
function figures(text: string, path: string): Map<string, string[]> {
  const doc = readReport(text, path);
  const out = new Map<string, string[]>();
  for (const b of doc.blocks) {
    if (b.kind !== 'table') continue;
    const m = readTable(b, doc.meta.amountUnit);
    if (!m) continue;
    out.set(m.def.id, [...(out.get(m.def.id) ?? []), ...m.facts.map((f) => `${f.concept}=${f.written.value}`)].sort());
  }
  return out;
}

// the 决算 whose PDF is in the corpus: the .txt and the PDF's import give the same figures per table
const SAME_AS_PDF: Array<[string, string[]]> = [
  ['shanghai-putuo-planning-2024-final', ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9']],
  ['shanghai-putuo-social-work-2024-final', ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9']],
  // the template's T3: its label printed around a code with placeholders (…) reads another path
  ['shanghai-2024-final-accounts-template', ['T1', 'T2', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9']],
];

for (const [name, ids] of SAME_AS_PDF) {
  test(`${name}: the .txt and the imported PDF give the same tables`, async () => {
    const pdf = join(CORPUS, 'pdf', `${name}.pdf`);
    assert.ok(existsSync(pdf), `the shared corpus is missing: ${pdf}`);
    const md = (await importPdf(new Uint8Array(readFileSync(pdf)))).markdown;
    const fromPdf = figures(md, `${name}.md`);
    const fromTxt = figures(read(join(CORPUS, `${name}.txt`)), `${name}.txt`);
    for (const id of ids) {
      assert.ok(fromTxt.get(id)?.length, `${name} ${id}: no figures from the .txt`);
      assert.deepEqual(fromTxt.get(id), fromPdf.get(id), `${name} ${id}`);
    }
  });
}

test('a table of 20,000 rows and a line of 10,000 columns are read whole', () => {
  const n = 20_000;
  const rows = Array.from(
    { length: n },
    (_, i) => `${2010000 + (i % 9000)}   名称${i}        ${i % 100}.00     ${i % 100}.00`,
  );
  const long = `支出决算表\n单位：万元\n  科目编码   科目名称   本年支出合计   基本支出\n\n${rows.join('\n')}\n`;
  const t = readReport(long, 'long.txt').blocks.find((b): b is TableBlock => b.kind === 'table' && !!b.named);
  assert.ok(t);
  assert.equal(t.rows.length, n);
  const last = t.rows[n - 1];
  assert.equal(long.slice(last[2].span.start, last[2].span.end), `${(n - 1) % 100}.00`);

  const cols = 10_000;
  const head = Array.from({ length: cols }, (_, i) => `列${i}`).join('   ');
  const values = Array.from({ length: cols }, (_, i) => `${i}.00`).join('   ');
  const wide = `收入决算表\n单位：万元\n项目  ${head}\n合计  ${values}\n`;
  const w = readReport(wide, 'wide.txt').blocks.find((b): b is TableBlock => b.kind === 'table' && !!b.named);
  assert.ok(w);
  assert.equal(w.rows.length, 1);
  const cells = w.rows[0].filter((c) => /\.00$/.test(c.text.text));
  assert.equal(cells.length, cols);
  assert.equal(wide.slice(cells[cols - 1].span.start, cells[cols - 1].span.end), `${cols - 1}.00`);
});

test("a text export read in outline (a batch's first look): the full read's sections, metadata, blocks", () => {
  const texts = readdirSync(CORPUS)
    .filter((n) => n.endsWith('.txt'))
    .map((n) => read(join(CORPUS, n)));
  // a table whose lines hold a heading-like line: the table takes them in both reads
  texts.push(
    '2024年度某单位部门决算\n\n一、概况\n\n收入决算表\n单位：万元\n项目      决算数\n一、合计  1.00\n\n二、说明\n文字。\n',
  );
  for (const text of texts) {
    const full = readPlainText(text);
    const outline = readPlainText(text, 'outline');
    const strip = (d: typeof full) =>
      d.sections.map((s) => ({ id: s.id, level: s.level, numbering: s.numbering, title: s.title, span: s.span }));
    assert.deepEqual(strip(outline), strip(full));
    assert.deepEqual(outline.meta, full.meta);
    const places = (d: typeof full) =>
      d.blocks.map((b) => ({
        kind: b.kind,
        span: b.span,
        section: b.kind === 'comment' ? 0 : b.section.id,
        caption: b.kind === 'table' ? b.caption : '',
      }));
    assert.deepEqual(places(outline), places(full));
  }
});
