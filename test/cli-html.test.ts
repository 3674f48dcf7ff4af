/**
 * `suanpan check --format html -o file`: a standalone page per run, a section per report with its
 * findings and every relation checked (the relations view), counts the engine's, no external
 * resource, every text escaped, a filter to failing relations. (e2e/html-report.mjs opens the
 * page in headless Chromium.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../server/src/cli/main';
import { SEED_MD, read } from './helpers';

function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = run(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function seedCopy(edit: (s: string) => string = (s) => s): string {
  const d = mkdtempSync(join(tmpdir(), 'suanpan-html-'));
  writeFileSync(join(d, 'report.md'), edit(read(SEED_MD)));
  copyFileSync(join(SEED_MD, '..', 'tables.yaml'), join(d, 'tables.yaml'));
  return d;
}

const attr = (html: string, name: string) => [...html.matchAll(new RegExp(`${name}="(\\d+)"`, 'g'))].map((m) => +m[1]);
const count = (html: string, re: RegExp) => html.match(re)?.length ?? 0;

test('the seed as HTML: the counts of its relations and findings, one row per relation', () => {
  const d = seedCopy();
  const out = join(d, 'report.html');
  const r = cli(['check', join(d, 'report.md'), '--format', 'html', '-o', out]);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, '', 'the page goes to the file, not stdout');
  const html = readFileSync(out, 'utf8');
  assert.match(html, /^<!DOCTYPE html>/);
  assert.equal(count(html, /<section class="report"/g), 1);
  assert.deepEqual(attr(html, 'data-checked'), [314]);
  assert.deepEqual(attr(html, 'data-holding'), [303]);
  assert.deepEqual(attr(html, 'data-rounding'), [7]);
  assert.deepEqual(attr(html, 'data-failing'), [0]);
  assert.deepEqual(attr(html, 'data-findings'), [9]);
  assert.match(html, /核对关系 314 处/);
  assert.equal(count(html, /<tr class="rel /g), 314);
  assert.equal(count(html, /<tr class="rel st-rounding"/g), 7);
  assert.equal(count(html, /<tr class="finding /g), 9);
  assert.match(html, /<code>256\.00 ÷ 355\.15 × 100% = 72\.0822%<\/code>/);
  // standalone: nothing fetched from anywhere
  assert.doesNotMatch(html, /<(script|link|img|iframe)\b|\bsrc=|href=|@import|url\(/i);
  assert.equal(count(html, /<table/g), count(html, /<\/table>/g));
  assert.equal(count(html, /<details/g), count(html, /<\/details>/g));
});

test('a slip shows as a failing relation and a finding; the filter hides the others; English', () => {
  const d = seedCopy((s) => s.replace('占72.08%', '占75.08%'));
  const r = cli(['check', join(d, 'report.md'), '--format', 'html', '--lang', 'en']);
  assert.equal(r.code, 1);
  const html = r.out;
  assert.deepEqual(attr(html, 'data-failing'), [1]);
  assert.equal(count(html, /<tr class="rel st-fails"/g), 1);
  assert.match(html, /314 relations checked/);
  assert.match(html, /<input type="checkbox" id="only-failing">/);
  assert.match(html, /#only-failing:checked ~ main tr\.rel:not\(\.st-fails\)/);
  assert.equal(count(html, /<details open class="group has-fails"/g), 1);
  assert.match(html, /<tr class="finding sev-error">.*share/);
});

test('text from the report is escaped; several reports, a section each', () => {
  const d = seedCopy((s) => s.replace('二、收入决算情况说明', '二、收入决算情况说明<script>alert("x")</script>'));
  const second = join(d, 'second.md');
  writeFileSync(second, read(SEED_MD));
  const r = cli(['check', join(d, 'report.md'), second, '--format', 'html']);
  assert.doesNotMatch(r.out, /<script/);
  assert.match(r.out, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;/);
  assert.equal(count(r.out, /<section class="report"/g), 2);
});

test('-o to a folder that does not exist: a clear problem, exit 2', () => {
  const r = cli(['check', SEED_MD, '--format', 'html', '-o', join(tmpdir(), 'no-such-dir-suanpan', 'x.html')]);
  assert.equal(r.code, 2);
  assert.match(r.err, /cannot write/);
});
