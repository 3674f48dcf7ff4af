/** `suanpan check report.pdf`: the PDF imported in memory and checked in one step, each finding with its page. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers';

const PDF = join(ROOT, 'samples', 'shanghai-putuo-social-work-2024', 'report.pdf');
const cli = (args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], { encoding: 'utf8' });

test('check a PDF: imported and checked in one step, findings say their page (text, JSON, SARIF)', () => {
  const text = cli(['check', PDF]);
  // the report's one real error: 完成年初预算的95.89% where 年初预算 is 0 (it fits 全年预算 321.02)
  assert.equal(text.status, 1, text.stderr);
  assert.match(text.stdout, /report\.pdf:p18 +error +budget +95\.89% 与年初预算 0万元不符/);
  const json = JSON.parse(cli(['check', PDF, '--format', 'json']).stdout);
  const findings = json.files[0].findings as Array<{ rule: string; page?: number }>;
  assert.equal(json.files[0].path, PDF);
  assert.ok(
    findings.length > 0 && findings.every((f) => typeof f.page === 'number' && f.page >= 1),
    'every finding has its page',
  );
  assert.equal(findings.find((f) => f.rule === 'budget')!.page, 18);
  const sarif = JSON.parse(cli(['check', PDF, '--format', 'sarif']).stdout);
  assert.equal(sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'budget').properties.page, 18);
});

test('a damaged PDF is unusable input (exit 2) with a clear message, never a crash', () => {
  const dir = mkdtempSync(join(tmpdir(), 'suanpan-pdf-'));
  const bad = join(dir, 'bad.pdf');
  writeFileSync(bad, '%PDF-1.4\nthis is not a pdf body');
  const r = cli(['check', bad]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /bad\.pdf: /);
});
