/** The command-line checker: output formats, exit codes, --fix, bad input. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { run } from '../server/src/cli/main';
import { ROOT, SEED_MD, read } from './helpers';

function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = run(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'suanpan-cli-'));
}

test('check the seed with its linked tables: text output, exit 0 (no errors)', () => {
  const r = cli(['check', SEED_MD]);
  assert.equal(r.code, 0);
  assert.match(r.out, /report\.md:184:45 {2}warning {2}malformed/);
  // the narrative's 2 rounding differences, 1 more in its 本年支出 by class, 4 in tables.yaml, of
  // which 2 are the same sums as the narrative's (the same figures stated in both): shown once
  assert.match(r.out, /tables\.yaml:103:39 {2}info/);
  assert.doesNotMatch(r.out, /tables\.yaml:103:25 {2}info/);
  assert.equal((r.out.match(/各项之和 356\.01 与 一般公共预算财政拨款支出合计 356\.00万元/g) ?? []).length, 1);
  // and the seed's malformed 自评表 cell, in the narrative and in the tables file's YAML copy
  assert.match(r.out, /tables\.yaml:206:69 {2}warning {2}malformed/);
  assert.match(r.out, /1 个文件：0 个错误，4 个警告，5 个提示/);
});

test('an error gives exit 1; --format json has the documented shape', () => {
  const d = tmp();
  const p = join(d, 'r.md');
  const text = read(SEED_MD).replace('占72.08%', '占75.08%');
  writeFileSync(p, text);
  const at = text.indexOf('75.08');
  const line = text.slice(0, at).split('\n').length - 1;
  const character = at - (text.lastIndexOf('\n', at - 1) + 1);
  const r = cli(['check', p, '--format', 'json']);
  assert.equal(r.code, 1);
  const j = JSON.parse(r.out);
  const f = j.files[0].findings.find((x: { rule: string }) => x.rule === 'share');
  assert.equal(j.files[0].path, p);
  assert.equal(f.severity, 'error');
  assert.deepEqual(Object.keys(f.range), ['start', 'end']);
  assert.deepEqual(f.range.start, { line, character });
  assert.ok(Array.isArray(f.related) && f.related.length === 2);
  assert.equal(f.fixes[0].edits[0].newText, '72.08');
});

test('--format sarif is SARIF 2.1.0 with rules and results', () => {
  const r = cli(['check', SEED_MD, '--format', 'sarif']);
  const s = JSON.parse(r.out);
  assert.equal(s.version, '2.1.0');
  assert.ok(s.runs[0].tool.driver.rules.some((x: { id: string }) => x.id === 'share'));
  assert.equal(s.runs[0].results.length, 9);
  assert.equal(s.runs[0].results[0].locations[0].physicalLocation.region.startLine, 30);
  assert.ok(
    s.runs[0].results.some((x: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) =>
      x.locations[0].physicalLocation.artifactLocation.uri.endsWith('tables.yaml'),
    ),
  );
});

test('--fix writes the certain fixes and the file re-checks clean', () => {
  const d = tmp();
  const p = join(d, 'r.md');
  copyFileSync(join(ROOT, 'samples', 'changji-2024', 'tables.yaml'), join(d, 'tables.yaml'));
  const original = read(SEED_MD);
  writeFileSync(p, original.replace('占72.08%', '占75.08%').replace('下降10.44%', '增长10.44%'));
  const r = cli(['check', '--fix', p]);
  assert.equal(r.code, 0, r.out);
  assert.equal(readFileSync(p, 'utf8'), original);
});

test('--lang en prints English', () => {
  const r = cli(['check', SEED_MD, '--lang', 'en']);
  assert.match(r.out, /stray characters after a date/);
  assert.match(r.out, /1 file\(s\): 0 error\(s\), 4 warning\(s\), 5 info/);
});

test('folders are walked; non-reports inside are skipped, not errors', () => {
  const d = tmp();
  mkdirSync(join(d, 'sub'));
  copyFileSync(SEED_MD, join(d, 'sub', 'a.md'));
  copyFileSync(join(ROOT, 'samples', 'changji-2024', 'tables.yaml'), join(d, 'sub', 'tables.yaml'));
  writeFileSync(join(d, 'notes.md'), '# Shopping list\n\n- eggs\n');
  const r = cli(['check', d, '--format', 'json']);
  assert.equal(r.code, 0);
  // the narrative and its tables file (reported once, with the narrative)
  assert.deepEqual(
    JSON.parse(r.out).files.map((f: { path: string }) => f.path.replace(/^.*[\\/]/, '')),
    ['a.md', 'tables.yaml'],
  );
});

test('unusable input exits 2 with a clear message', () => {
  const d = tmp();
  const notReport = join(d, 'x.md');
  writeFileSync(notReport, 'hello world');
  let r = cli(['check', notReport]);
  assert.equal(r.code, 2);
  assert.match(r.err, /不是决算\/预算公开报告 \(not a report/);
  r = cli(['check', join(d, 'missing.md')]);
  assert.equal(r.code, 2);
  assert.match(r.err, /cannot read/);
  r = cli(['check']);
  assert.equal(r.code, 2);
  r = cli(['frobnicate']);
  assert.equal(r.code, 2);
  r = cli(['check', SEED_MD, '--format', 'xml']);
  assert.equal(r.code, 2);
});

test('the bundled bin runs', () => {
  const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'check', SEED_MD], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /0 个错误/);
  const v = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), '--version'], { encoding: 'utf8' });
  assert.match(v.stdout, /^\d+\.\d+\.\d+/);
});

test('the nearest .suanpan.yaml sets rules and rounding for the files below it; --no-config ignores it', () => {
  const d = tmp();
  mkdirSync(join(d, 'reports'));
  const p = join(d, 'reports', 'r.md');
  copyFileSync(join(ROOT, 'samples', 'changji-2024', 'tables.yaml'), join(d, 'reports', 'tables.yaml'));
  writeFileSync(p, read(SEED_MD).replace('占72.08%', '占75.08%'));
  writeFileSync(join(d, '.suanpan.yaml'), 'rules:\n  share: warning\n  yoy: off\nroundingDifferences: hide\n');
  let r = cli(['check', p, '--format', 'json']);
  assert.equal(r.code, 0, 'the share error is only a warning for this team');
  const rules = JSON.parse(r.out).files.flatMap((f: { findings: Array<{ rule: string; severity: string }> }) =>
    f.findings.map((x) => `${x.rule}:${x.severity}`),
  );
  assert.ok(rules.includes('share:warning'));
  assert.ok(!rules.some((x: string) => x.startsWith('yoy:') || x.startsWith('rounding-difference:')));
  r = cli(['check', p, '--no-config']);
  assert.equal(r.code, 1);
  writeFileSync(join(d, '.suanpan.yaml'), 'rules:\n  nosuchrule: off\n');
  r = cli(['check', p]);
  assert.match(r.err, /\.suanpan\.yaml:2:3/);
});
