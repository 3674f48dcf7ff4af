/**
 * Importing real documents: every corpus PDF through the PDF importer (pdf.js), checked for the
 * figures it prints (every amount and percentage of pdf.js's own text, counted both ways), its
 * tables (as GFM tables, and as the tables the engine recognises), with the counts recorded per
 * PDF; the social-work report's import against its hand conversion; Word documents written from
 * Markdown reports and imported back; and the bad inputs (exit 2, a clear message).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check, type CheckResult } from '../server/src/engine';
import { importPdf, ImportError, type ImportResult } from '../server/src/engine/read/import/pdf';
import { rawText } from '../server/src/engine/read/import/pdf-extract';
import { importDocx } from '../server/src/engine/read/import/docx';
import { importCommand } from '../server/src/cli/import';
import { CORPUS, ROOT, SEED_MD, read } from './helpers';
import { markdownToDocx } from './docx-writer';
import { pdfOf } from './pdf-writer';
import { perfTablesOf } from '../server/src/engine/facts/perf-table';

const PDF_DIR = join(CORPUS, 'pdf');

interface PdfRecord {
  file: string;
  /** amounts (with decimals or thousands separators) and percentages in pdf.js's text */
  figures: number;
  /** GFM tables and the body rows of each */
  tables: number[];
  /** the tables the engine recognises, with their rows */
  recognised: string;
  findings: number;
}

// Counts recorded from the import (each table compared by eye with the PDF). The budgets' tables
// are the budget forms B1–B9 (tables.yaml), each recognised by its caption; their findings are
// recorded and checked by hand in test/budget-tables.test.ts.
const RECORDS: PdfRecord[] = [
  {
    file: 'shanghai-2024-final-accounts-template.pdf',
    figures: 0, // the template prints placeholders (XX), no figures
    tables: [8, 28, 8, 8, 30, 8, 39, 2, 1, 1],
    recognised: 'T1:40 T2:6 T3:6 T4:36 T5:6 T6:67 T7:2 T8:1 T9:1',
    // 3 of them field-code: the template's own XX placeholders in its 目录 (real)
    findings: 236,
  },
  {
    file: 'shanghai-putuo-gov-office-2025-budget.pdf',
    figures: 244,
    tables: [8, 21, 21, 5, 21, 1, 1, 30, 1],
    recognised: 'B1:11 B2:21 B3:21 B4:8 B5:21 B6:1 B7:1 B8:30 B9:1',
    findings: 0,
  },
  {
    file: 'shanghai-putuo-gov-office-2025-unit-budget.pdf',
    figures: 255,
    tables: [8, 21, 21, 5, 21, 1, 1, 30, 1],
    recognised: 'B1:11 B2:21 B3:21 B4:7 B5:21 B6:1 B7:1 B8:30 B9:1',
    findings: 0,
  },
  {
    file: 'shanghai-putuo-planning-2024-final.pdf',
    figures: 428,
    tables: [5, 28, 25, 25, 30, 25, 39, 2, 1, 1],
    recognised: 'T1:40 T2:25 T3:25 T4:36 T5:25 T6:67 T7:2 T8:1 T9:1',
    // + 5 real: 住房保障支出 written as the 款 twice (official-name), 规划与自然资源局 three times (unit-name)
    // + paired-punctuation: 「平均得分99.33分（其中，…」 never closes its bracket (real)
    // − 1: the 类 = Σ 项 error the 住房保障支出（款） slip caused (its items counted twice) is not said
    findings: 31,
  },
  {
    file: 'shanghai-putuo-social-work-2024-final.pdf',
    figures: 273,
    tables: [2, 30, 18, 18, 32, 18, 39, 2, 1, 1],
    recognised: 'T1:42 T2:18 T3:18 T4:38 T5:18 T6:67 T7:2 T8:1 T9:1',
    findings: 10,
  },
  {
    file: 'shanghai-putuo-wanli-2024-budget.pdf',
    figures: 683,
    tables: [10, 67, 67, 10, 67, 1, 1, 32, 1],
    recognised: 'B1:18 B2:67 B3:67 B4:14 B5:67 B6:1 B7:1 B8:32 B9:1',
    // the 空表 note (empty-statement) + 1 real: 「减少2.98%」 explained by 「…经费增加」 (reason-contradiction)
    findings: 2,
  },
  {
    file: 'shanghai-putuo-wanli-2025-budget.pdf',
    figures: 585,
    tables: [10, 67, 67, 10, 67, 1, 1, 32, 1],
    recognised: 'B1:18 B2:67 B3:67 B4:14 B5:67 B6:1 B7:1 B8:32 B9:1',
    // 8 infos (one 尾差 in 4 tables) + 1 real: 「卫生健康支出（类）卫生健康支出（款）计划生育事务（项）」 (official-name)
    findings: 9,
  },
];

const FIGURE = /(?<![\d.,])-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)%?|(?<![\d.,])\d+%/g;

function figures(text: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of text.match(FIGURE) ?? []) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

function gfmTables(markdown: string): string[][] {
  const out: string[][] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i + 1 < lines.length; i++) {
    if (!lines[i].startsWith('|') || !/^\| --- /.test(lines[i + 1])) continue;
    const t: string[] = [];
    for (let j = i; j < lines.length && lines[j].startsWith('|'); j++) t.push(lines[j]);
    out.push(t);
    i += t.length - 1;
  }
  return out;
}

function recognised(r: CheckResult): string {
  return r.extraction.tables.map((t) => `${t.def.id}:${t.rows.length}`).join(' ');
}

const imports = new Map<string, Promise<ImportResult>>();
function imported(file: string): Promise<ImportResult> {
  if (!imports.has(file)) imports.set(file, importPdf(new Uint8Array(readFileSync(join(PDF_DIR, file)))));
  return imports.get(file)!;
}

test('the corpus PDFs are there (the import tests need them)', () => {
  for (const r of RECORDS) assert.ok(existsSync(join(PDF_DIR, r.file)), `missing ${join(PDF_DIR, r.file)}`);
});

for (const rec of RECORDS) {
  test(`import ${rec.file}: figures, tables, pages, check`, async () => {
    const bytes = new Uint8Array(readFileSync(join(PDF_DIR, rec.file)));
    const r = await imported(rec.file);
    const md = r.markdown;
    assert.equal(r.pages.length, md.split('\n').length, 'a page for every line');
    assert.ok(r.pages.every((p) => p >= 0));
    // every figure pdf.js reads is in the Markdown as printed, as often, and nothing else is
    const raw = figures((await rawText(bytes)).join('\n'));
    const out = figures(md);
    const diff = [...new Set([...raw.keys(), ...out.keys()])]
      .filter((k) => raw.get(k) !== out.get(k))
      .map((k) => `${k}: pdf ${raw.get(k) ?? 0}, md ${out.get(k) ?? 0}`);
    assert.deepEqual(diff, []);
    assert.equal(
      [...raw.values()].reduce((a, b) => a + b, 0),
      rec.figures,
    );
    const tables = gfmTables(md);
    assert.deepEqual(
      tables.map((t) => t.length - 2),
      rec.tables,
    );
    for (const t of tables) {
      const cols = t[0].split(/(?<!\\)\|/).length;
      for (const l of t) assert.equal(l.split(/(?<!\\)\|/).length, cols, `ragged table row: ${l}`);
    }
    const res = check(md, { path: rec.file.replace(/\.pdf$/, '.md') });
    assert.ok(res.isReport, 'the import reads as a report');
    assert.equal(recognised(res), rec.recognised);
    assert.equal(res.findings.length, rec.findings);
  });
}

test('import social-work PDF: front matter, outline, page map', async () => {
  const r = await imported('shanghai-putuo-social-work-2024-final.pdf');
  const lines = r.markdown.split('\n');
  assert.deepEqual(lines.slice(0, 6), [
    '---',
    '单位: 中共上海市普陀区委社会工作部',
    '年度: 2024',
    '类型: 部门决算',
    '金额单位: 万元',
    '---',
  ]);
  assert.ok(lines.includes('# 中共上海市普陀区委社会工作部2024年度部门决算'));
  const headings = lines.filter((l) => /^##? /.test(l));
  assert.deepEqual(headings, [
    '# 中共上海市普陀区委社会工作部2024年度部门决算',
    '## 第一部分 中共上海市普陀区委社会工作部概况',
    '## 第二部分 中共上海市普陀区委社会工作部2024年度部门决算表',
    '## 第三部分 中共上海市普陀区委社会工作部2024年度部门决算情况说明',
    '## 第四部分 名词解释',
  ]);
  // the 目录 is kept apart, inside a comment
  const toc = lines.indexOf('<!-- 目录 (table of contents)');
  assert.ok(toc > 0 && lines[toc + 1] === '  第一部分 中共上海市普陀区委社会工作部概况');
  const page = (s: string) => r.pages[lines.findIndex((l) => l.startsWith(s))];
  assert.equal(page('#### 收入支出决算总表'), 5);
  assert.equal(
    page('| 2210203 | 购房补贴 | 11.72 | 11.72 |  |  |  |  |  |'),
    7,
    'a table row continued on the next page',
  );
  assert.equal(page('## 第四部分 名词解释'), 23);
  assert.ok(
    lines.includes('| 收入 / 项目 | 收入 / 决算数 | 支出 / 项目 | 支出 / 决算数 |'),
    'spanned header cells combined',
  );
  assert.ok(
    lines.includes('| 2080505 | 机关事业单位基本养老保险缴费支出 | 6.18 | 6.18 |  |  |  |  |  |'),
    'wrapped label',
  );
  assert.ok(
    lines.includes(
      '| 项目 | 合计 | 因公出国（境）费 | 公务用车购置及运行维护费 | 公务用车购置费 | 公务用车运行维护费 | 公务接待费 |',
    ),
  );
  assert.ok(!/^\s*\d+\s*$/m.test(r.markdown), 'no page numbers left');
});

const SOCIAL_MD = join(ROOT, 'samples', 'shanghai-putuo-social-work-2024', 'report.md');

function ruleSeverity(r: CheckResult): string[] {
  return r.findings.map((f) => `${f.rule} ${f.severity} ${f.message}`).sort();
}

test('import social-work PDF: the same findings as the hand conversion', async () => {
  const r = await imported('shanghai-putuo-social-work-2024-final.pdf');
  const fromPdf = check(r.markdown, { path: 'social-work.md' });
  const byHand = check(read(SOCIAL_MD), { path: SOCIAL_MD });
  assert.equal(recognised(fromPdf), recognised(byHand));
  // recorded comparison: all ten agree (rule, severity, message); none differ
  assert.deepEqual(ruleSeverity(fromPdf), ruleSeverity(byHand));
  assert.deepEqual(fromPdf.findings.map((f) => `${f.rule} ${f.severity}`).sort(), [
    'budget error',
    'rounding-difference info',
    'rounding-difference info',
    'share warning',
    'template-leftover warning',
    'template-leftover warning',
    'yoy warning',
    'yoy warning',
    'yoy warning',
    'yoy warning',
  ]);
});

/** The Markdown a check sees once the importer has inferred the front matter (no 模板, no 数据 link). */
function withoutLinks(md: string): string {
  return md.replace(/^(?:模板|数据): .*\n/gm, '');
}

test('docx round trip: the seed report as a Word document, imported back, the same findings', () => {
  const md = read(SEED_MD);
  const r = importDocx(markdownToDocx(md));
  assert.equal(r.pages.length, r.markdown.split('\n').length);
  const fromWord = check(r.markdown, { path: 'seed.md' });
  const original = check(withoutLinks(md), { path: 'seed.md' });
  assert.ok(fromWord.isReport);
  assert.equal(recognised(fromWord), recognised(original));
  // the seed prints its 自评表 in Markdown (its nine tables are in tables.yaml): the unit's and 3 projects'
  const perf = (c: CheckResult) => perfTablesOf(c.doc).map((t) => `${t.funding.length}/${t.indicators.length}`);
  assert.equal(perf(fromWord).length, 4);
  assert.deepEqual(perf(fromWord), perf(original));
  assert.ok(r.markdown.includes('## 第一部分 单位概况'));
  assert.deepEqual(ruleSeverity(fromWord), ruleSeverity(original));
});

test('docx round trip: social-work as Word (merged header cells), read back, the same findings', async () => {
  const pdf = await imported('shanghai-putuo-social-work-2024-final.pdf');
  const docx = markdownToDocx(pdf.markdown);
  const r = importDocx(docx);
  const word = r.markdown.split('\n');
  assert.ok(
    word.includes('| 收入 / 项目 | 收入 / 决算数 | 支出 / 项目 | 支出 / 决算数 |'),
    'gridSpan header read back',
  );
  const fromWord = check(r.markdown, { path: 'social-work.md' });
  const fromPdf = check(pdf.markdown, { path: 'social-work.md' });
  assert.equal(recognised(fromWord), 'T1:42 T2:18 T3:18 T4:38 T5:18 T6:67 T7:2 T8:1 T9:1');
  assert.deepEqual(ruleSeverity(fromWord), ruleSeverity(fromPdf));
});

/** A one-page PDF without text (what a scan without OCR looks like to a text reader). */
const PAGE = [
  '<< /Type /Catalog /Pages 2 0 R >>',
  '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
];

async function importError(bytes: Uint8Array): Promise<ImportError> {
  try {
    await importPdf(bytes);
  } catch (e) {
    assert.ok(e instanceof ImportError, String(e));
    return e;
  }
  assert.fail('no error');
}

test('bad PDFs: scanned (no text layer), encrypted, damaged, not a PDF', async () => {
  const scanned = await importError(pdfOf(PAGE));
  assert.equal(scanned.kind, 'scanned');
  assert.match(scanned.message, /scanned PDF, OCR not done/);
  const hex = '0'.repeat(64);
  const enc = pdfOf(
    [...PAGE, `<< /Filter /Standard /V 1 /R 2 /O <${hex}> /U <${hex}> /P -4 >>`],
    `/Encrypt 4 0 R /ID [<${hex.slice(0, 32)}> <${hex.slice(0, 32)}>] `,
  );
  assert.equal((await importError(enc)).kind, 'encrypted');
  const damaged = new TextEncoder().encode('%PDF-1.4\n' + 'garbage '.repeat(200));
  assert.equal((await importError(damaged)).kind, 'damaged');
  assert.equal((await importError(new TextEncoder().encode('hello'))).kind, 'damaged');
  assert.throws(() => importDocx(new TextEncoder().encode('not a zip')), ImportError);
});

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await importCommand(argv, { out: (s) => (out += s + '\n'), err: (s) => (err += s + '\n') });
  return { code, out, err };
}

test('suanpan import: writes the Markdown (-o), exit 2 with a message on bad input', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'suanpan-import-'));
  const target = join(dir, 'report.md');
  const ok = await cli([join(PDF_DIR, 'shanghai-putuo-social-work-2024-final.pdf'), '-o', target]);
  assert.equal(ok.code, 0, ok.err);
  assert.equal(read(target), (await imported('shanghai-putuo-social-work-2024-final.pdf')).markdown);
  const scan = join(dir, 'scan.pdf');
  writeFileSync(scan, pdfOf(PAGE));
  const bad = await cli([scan]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /scanned PDF, OCR not done/);
  const docx = join(dir, 'seed.docx');
  writeFileSync(docx, markdownToDocx(read(SEED_MD)));
  const word = await cli([docx]);
  assert.equal(word.code, 0, word.err);
  assert.match(word.out, /^---\n单位: 昌吉回族自治州人民政府驻北京联络处\n/);
  assert.equal((await cli([join(dir, 'missing.pdf')])).code, 2);
  assert.equal((await cli([target])).code, 2, 'only .pdf and .docx');
  assert.equal((await cli([])).code, 2);
});

/** A one-page PDF with text at given places (Helvetica) and ruling lines (x1 y1 x2 y2). */
function layoutPdf(
  texts: Array<[number, number, string]>,
  rules: Array<[number, number, number, number]> = [],
): Uint8Array {
  const text = texts.map(([x, y, t]) => `BT /F1 10 Tf ${x} ${y} Td (${t}) Tj ET`).join('\n');
  const lines = rules.map(([a, b, c, d]) => `${a} ${b} m ${c} ${d} l S`).join('\n');
  const stream = `0.5 w\n${lines}\n${text}`;
  return pdfOf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]);
}

const BODY: Array<[number, number, string]> = [
  [72, 670, 'Alpha'],
  [250, 670, '1,234.56'],
  [350, 670, '0.00'],
  [72, 655, 'Beta'],
  [250, 655, '10.00'],
  [350, 655, '20.50'],
  [72, 640, 'Total'],
  [250, 640, '1,244.56'],
  [350, 640, '20.50'],
  [290, 30, '- 1 -'],
];

test('PDF tables without ruling lines: columns from the gaps; page numbers dropped', async () => {
  const r = await importPdf(layoutPdf([[72, 700, 'Item'], [250, 700, 'Last year'], [350, 700, 'This year'], ...BODY]));
  assert.deepEqual(r.markdown.split('\n'), [
    '| Item | Last year | This year |',
    '| --- | --- | --- |',
    '| Alpha | 1,234.56 | 0.00 |',
    '| Beta | 10.00 | 20.50 |',
    '| Total | 1,244.56 | 20.50 |',
    '',
  ]);
  assert.deepEqual(r.pages, [1, 1, 1, 1, 1, 1]);
  assert.deepEqual(r.warnings, []);
});

test('PDF import is bounded: a page limit, with a warning', async () => {
  const r = await importPdf(new Uint8Array(readFileSync(join(PDF_DIR, 'shanghai-putuo-social-work-2024-final.pdf'))), {
    maxPages: 3,
  });
  assert.ok(Math.max(...r.pages) <= 3);
  assert.deepEqual(r.warnings, ['只读取了前 3 页，共 24 页 (only the first 3 of 24 pages read)']);
});

test('PDF tables with ruling lines: a spanned header cell combined, a merged one read once', async () => {
  const h = (y: number, from = 60): [number, number, number, number] => [from, y, 420, y];
  const v = (x: number, top = 715): [number, number, number, number] => [x, 635, x, top];
  const r = await importPdf(
    layoutPdf(
      [[72, 693, 'Item'], [270, 702, 'Amounts'], [250, 686, 'Last year'], [350, 686, 'This year'], ...BODY],
      [h(715), h(698, 240), h(682), h(666), h(651), h(635), v(60), v(240), v(340, 698), v(420)],
    ),
  );
  assert.deepEqual(r.markdown.split('\n').slice(0, 5), [
    '| Item | Amounts / Last year | Amounts / This year |',
    '| --- | --- | --- |',
    '| Alpha | 1,234.56 | 0.00 |',
    '| Beta | 10.00 | 20.50 |',
    '| Total | 1,244.56 | 20.50 |',
  ]);
});

test('every corpus PDF imported checks with the same errors as its plain-text export', async () => {
  const errors = (r: CheckResult) =>
    r.findings
      .filter((f) => f.severity === 'error')
      .map((f) => f.rule)
      .sort();
  for (const rec of RECORDS) {
    const txt = join(CORPUS, rec.file.replace(/\.pdf$/, '.txt'));
    const md = (await imported(rec.file)).markdown;
    assert.deepEqual(
      errors(check(md, { path: join(PDF_DIR, `${rec.file}.md`) })),
      errors(check(read(txt), { path: txt })),
      rec.file,
    );
  }
});
