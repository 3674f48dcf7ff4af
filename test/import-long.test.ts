/**
 * A long PDF (200 pages, written by test/pdf-writer.ts): `suanpan import` and `suanpan check`
 * read it in bounded memory (a 64 MB heap: the pages are read one at a time and released), say
 * how far they are on stderr (a line every 50 pages and at the end), and keep every page in the
 * page map. Its speed is in `npm run bench` (no timed tests).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { importPdf } from '../server/src/engine/read/import/pdf';
import { ROOT } from './helpers';
import { longReport } from './pdf-writer';

const PAGES = 200;
const dir = mkdtempSync(join(tmpdir(), 'suanpan-long-'));
const pdf = join(dir, 'long.pdf');
writeFileSync(pdf, longReport(PAGES));
after(() => rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[]) =>
  spawnSync(process.execPath, ['--max-old-space-size=64', join(ROOT, 'dist', 'cli.js'), ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });

const PROGRESS = [50, 100, 150, 200].map((p) => `suanpan: ${pdf}: page ${p} of ${PAGES}`);
const progressOf = (stderr: string) => stderr.split('\n').filter((l) => / page \d+ of \d+$/.test(l));

test('a 200-page PDF: every page imported, in order, with its page', async () => {
  const seen: number[] = [];
  const r = await importPdf(longReport(PAGES), { onPage: (p, n) => (assert.equal(n, PAGES), seen.push(p)) });
  assert.deepEqual(
    seen,
    Array.from({ length: PAGES }, (_, i) => i + 1),
  );
  assert.deepEqual(r.warnings, []);
  const lines = r.markdown.split('\n');
  for (const n of [1, 77, PAGES]) {
    const at = lines.indexOf(`${n}. Section ${n}`);
    assert.ok(at >= 0, `page ${n}'s heading`);
    assert.equal(r.pages[at], n);
    assert.equal(r.pages[lines.indexOf(`| Line ${n}-8 | 8.00 | ${n + 7}.50 |`)], n, `page ${n}'s last table row`);
  }
  assert.ok(!lines.some((l) => /^- \d+ -$/.test(l)), 'page numbers dropped');
});

test('suanpan import of a 200-page PDF: bounded memory, a progress line on stderr', () => {
  const out = join(dir, 'long.md');
  const r = cli(['import', pdf, '-o', out]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(progressOf(r.stderr), PROGRESS);
  const md = readFileSync(out, 'utf8');
  assert.ok(md.includes(`${PAGES}. Section ${PAGES}`));
  const paged = cli(['import', pdf, '--pages']);
  assert.equal(paged.status, 0, paged.stderr);
  assert.match(paged.stdout, new RegExp(`^${PAGES}\\t${PAGES}\\. Section ${PAGES}$`, 'm'));
});

test('suanpan check of a 200-page PDF: bounded memory, a progress line, checked (not unusable input)', () => {
  const r = cli(['check', pdf, '--format', 'json']);
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
  assert.deepEqual(progressOf(r.stderr), PROGRESS);
  const json = JSON.parse(r.stdout);
  assert.equal(json.files[0].path, pdf);
});
