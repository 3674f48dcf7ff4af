/**
 * The editor's import command on the server side (suanpan.server.importReport), in process:
 * report.pdf → report.md beside it with the importer's Markdown, an existing file never replaced
 * unless asked, the bad inputs (scanned, encrypted, damaged, not a PDF or Word file, not on
 * disk) answered with a message and nothing written. Over the protocol it runs in
 * package.test.ts, from the unpacked .vsix.
 */
import assert from 'node:assert/strict';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { DomMatrix2D } from '../../server/src/engine/read/import/dom-matrix';
import { importPdf } from '../../server/src/engine/read/import/pdf';
import { MAX_IMPORT_BYTES } from '../../server/src/host/import';
import { importReport, importTarget } from '../../server/src/lsp/handlers/import';
import { ROOT } from '../helpers';
import { markdownToDocx } from '../docx-writer';
import { pdfOf } from '../pdf-writer';
import { fileUri } from './lsp-client';

const PDF = join(ROOT, 'samples', 'shanghai-putuo-social-work-2024', 'report.pdf');
const dirs: string[] = [];
function workspace(): string {
  const d = mkdtempSync(join(tmpdir(), 'suanpan-import-cmd-'));
  dirs.push(d);
  return d;
}
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const BLANK = [
  '<< /Type /Catalog /Pages 2 0 R >>',
  '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
];

describe('the import command (server side)', () => {
  test('the target is beside the original, with its name', () => {
    assert.equal(importTarget('/a/b/report.pdf'), '/a/b/report.md');
    assert.equal(importTarget('/a/b/草稿.v2.DOCX'), '/a/b/草稿.v2.md');
  });

  test('report.pdf → report.md: the importer’s Markdown, the pages read; then never over it unasked', async () => {
    const d = workspace();
    const pdf = join(d, 'report.pdf');
    copyFileSync(PDF, pdf);
    const pages: number[] = [];
    const r = await importReport({ uri: fileUri(pdf) }, (p) => pages.push(p));
    assert.equal(r.status, 'written', JSON.stringify(r));
    if (r.status !== 'written') return;
    const md = join(d, 'report.md');
    assert.equal(r.target, md);
    assert.equal(r.uri, fileUri(md));
    assert.equal(r.pages, 24);
    assert.deepEqual(
      pages,
      Array.from({ length: 24 }, (_, i) => i + 1),
      'a progress call per page',
    );
    const expected = (await importPdf(new Uint8Array(readFileSync(PDF)))).markdown;
    assert.equal(readFileSync(md, 'utf8'), expected);
    assert.match(expected, /^---\n单位: 中共上海市普陀区委社会工作部\n年度: 2024\n类型: 部门决算\n/);

    // the user edited it: a second import does not touch it, and says so
    writeFileSync(md, '# my edits\n');
    const again = await importReport({ uri: fileUri(pdf) });
    assert.deepEqual(again, { status: 'exists', uri: fileUri(md), target: md });
    assert.equal(readFileSync(md, 'utf8'), '# my edits\n');
    // the user agreed: replaced, and no temporary file left behind
    const replaced = await importReport({ uri: fileUri(pdf), overwrite: true });
    assert.equal(replaced.status, 'written');
    assert.equal(readFileSync(md, 'utf8'), expected);
    assert.deepEqual(readdirSync(d).sort(), ['report.md', 'report.pdf']);
  });

  test('a Word draft: draft.docx → draft.md', async () => {
    const d = workspace();
    const docx = join(d, 'draft.docx');
    writeFileSync(docx, markdownToDocx(readFileSync(join(ROOT, 'samples', 'changji-2024', 'report.md'), 'utf8')));
    const r = await importReport({ uri: fileUri(docx) });
    assert.equal(r.status, 'written', JSON.stringify(r));
    assert.match(readFileSync(join(d, 'draft.md'), 'utf8'), /^---\n单位: 昌吉回族自治州人民政府驻北京联络处\n/);
  });

  test('bad input: a message and its kind, nothing written', async () => {
    const d = workspace();
    const hex = '0'.repeat(64);
    const files: Array<[string, Uint8Array | string, string, RegExp]> = [
      ['scan.pdf', pdfOf(BLANK), 'scanned', /OCR not done/],
      [
        'locked.pdf',
        pdfOf(
          [...BLANK, `<< /Filter /Standard /V 1 /R 2 /O <${hex}> /U <${hex}> /P -4 >>`],
          `/Encrypt 4 0 R /ID [<${hex.slice(0, 32)}> <${hex.slice(0, 32)}>] `,
        ),
        'encrypted',
        /encrypted PDF/,
      ],
      ['broken.pdf', '%PDF-1.4\n' + 'garbage '.repeat(200), 'damaged', /damaged/],
      ['fake.pdf', 'hello', 'damaged', /not a PDF/],
      ['broken.docx', 'not a zip', 'damaged', /./],
      ['notes.txt', 'text', 'unsupported', /only \.pdf and \.docx/],
    ];
    for (const [name, bytes, kind, message] of files) {
      writeFileSync(join(d, name), bytes);
      const r = await importReport({ uri: fileUri(join(d, name)) });
      assert.equal(r.status, 'failed', name);
      if (r.status !== 'failed') continue;
      assert.equal(r.kind, kind, `${name}: ${r.message}`);
      assert.match(r.message, message, name);
      assert.ok(!existsSync(join(d, name.replace(/\.\w+$/, '.md'))), `${name}: nothing written`);
    }
    // a file too large to hold is not read (a sparse file: no disk written)
    const huge = join(d, 'huge.pdf');
    writeFileSync(huge, '%PDF-1.4\n');
    truncateSync(huge, MAX_IMPORT_BYTES + 1);
    const big = await importReport({ uri: fileUri(huge) });
    assert.equal(big.status === 'failed' && big.kind, 'too-large');
    const missing = await importReport({ uri: fileUri(join(d, 'missing.pdf')) });
    assert.equal(missing.status === 'failed' && missing.kind, 'unreadable');
    for (const params of [{ uri: 'untitled:Untitled-1' }, { uri: 'https://example.org/r.pdf' }, undefined]) {
      const r = await importReport(params);
      assert.equal(r.status === 'failed' && r.kind, 'unsupported', JSON.stringify(params));
    }
  });
});

describe('the DOMMatrix given to pdf.js on Node', () => {
  test('2-D affine operations as the DOM defines them', () => {
    const m = new DomMatrix2D([2, 0, 0, 4, 10, 20]);
    assert.deepEqual(m.transformPoint({ x: 1, y: 1 }), { x: 12, y: 24, z: 0, w: 1 });
    const s = new DomMatrix2D().scaleSelf(0.5, -0.25).translateSelf(0, -8);
    assert.deepEqual([s.a, s.b, s.c, s.d, s.e, s.f], [0.5, 0, 0, -0.25, 0, 2]);
    const inv = new DomMatrix2D(m).invertSelf();
    assert.deepEqual(
      [inv.a, inv.b, inv.c, inv.d, inv.e, inv.f].map((x) => x + 0),
      [0.5, 0, 0, 0.25, -5, -5],
    );
    assert.ok(new DomMatrix2D(m).multiplySelf(inv).isIdentity);
    assert.ok(new DomMatrix2D(m).preMultiplySelf(inv).isIdentity);
    const pre = new DomMatrix2D([1, 0, 0, 1, 5, 0]).preMultiplySelf([2, 0, 0, 2, 0, 0]);
    assert.deepEqual([pre.a, pre.e], [2, 10]);
  });
});
