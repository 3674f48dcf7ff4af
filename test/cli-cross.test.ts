/** `suanpan check <folder>`: the reports found are checked against each other; --no-cross turns it off. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importAll, run } from '../server/src/cli/main';
import { CORPUS, read } from './helpers';

const W24 = 'shanghai-putuo-wanli-2024-budget.txt';
const W25 = 'shanghai-putuo-wanli-2025-budget.txt';

function cli(args: string[], deps = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = run(args, { out: (s) => out.push(s), err: (s) => err.push(s) }, deps);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A folder with the wanli 2024 budget and the 2025 budget whose 财政拨款收入 change is 3,255.65 (not 3,355.65). */
function mutatedPair(): string {
  const d = mkdtempSync(join(tmpdir(), 'suanpan-cross-'));
  writeFileSync(join(d, W24), read(join(CORPUS, W24)));
  const later = read(join(CORPUS, W25));
  assert.ok(later.includes('比2024年预算增加\n3,355.65万元；事业收入'));
  writeFileSync(
    join(d, W25),
    later.replace('比2024年预算增加\n3,355.65万元；事业收入', '比2024年预算增加\n3,255.65万元；事业收入'),
  );
  return d;
}

interface JsonFinding {
  rule: string;
  related: Array<{ path?: string; page?: number; message: string }>;
  fixes: Array<{ certain: boolean }>;
}

const crossOf = (json: { files: Array<{ path: string; findings: JsonFinding[] }> }) =>
  json.files.flatMap((f) => f.findings.filter((x) => x.rule === 'cross-year').map((x) => ({ file: f.path, ...x })));

test('a folder: the reports found are checked against each other, in text, JSON and SARIF', () => {
  const d = mutatedPair();
  const text = cli(['check', d]);
  assert.equal(text.code, 1);
  assert.match(text.out, /wanli-2025-budget\.txt:74:1 +error +cross-year +财政拨款收入的增减额 3,255\.65万元/);
  assert.match(text.out, /wanli-2024-budget\.txt:73:53 +error +cross-year +财政拨款收入 15621\.11万元/);
  const json = JSON.parse(cli(['check', d, '--format', 'json']).out);
  const found = crossOf(json);
  assert.equal(found.length, 2);
  for (const f of found) {
    const other = f.file.endsWith(W24) ? W25 : W24;
    assert.ok(
      f.related.some((r) => r.path === join(d, other)),
      `related in the other file: ${JSON.stringify(f.related)}`,
    );
    assert.ok(f.fixes.every((x) => !x.certain));
  }
  const sarif = JSON.parse(cli(['check', d, '--format', 'sarif']).out);
  const result = sarif.runs[0].results.find(
    (r: { ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) =>
      r.ruleId === 'cross-year' && r.locations[0].physicalLocation.artifactLocation.uri.endsWith(W25),
  );
  const uris = result.relatedLocations.map(
    (x: { physicalLocation: { artifactLocation: { uri: string } } }) => x.physicalLocation.artifactLocation.uri,
  );
  assert.ok(
    uris.some((u: string) => u.endsWith(W24)),
    uris.join(' '),
  );
});

test('--no-cross turns the checks across reports off; --fix never applies their suggestions', () => {
  const d = mutatedPair();
  const off = cli(['check', d, '--no-cross']);
  assert.doesNotMatch(off.out, /cross-year/);
  assert.match(off.out, /2 个文件/);
  const before = readFileSync(join(d, W25), 'utf8');
  cli(['check', d, '--fix']);
  assert.ok(readFileSync(join(d, W25), 'utf8').includes('3,255.65万元；事业收入'), 'not applied');
  assert.ok(readFileSync(join(d, W24), 'utf8').includes('收入预算15621.11万元，其中：财政拨款收入15621.11万元'));
  assert.equal(readFileSync(join(d, W25), 'utf8').length, before.length);
});

test('.suanpan.yaml sets: name a set of reports whose 单位 names differ', () => {
  const d = mutatedPair();
  const renamed = read(join(CORPUS, W24)).replace(
    /预算主管部门：上海市普陀区人民政府万里街道办事处/,
    '预算主管部门：万里街道',
  );
  writeFileSync(join(d, W24), renamed);
  assert.doesNotMatch(cli(['check', d]).out, /cross-year/, 'another 单位: no pair');
  writeFileSync(join(d, '.suanpan.yaml'), `sets:\n  - [${W24}, ${W25}]\n`);
  const r = cli(['check', d]);
  assert.equal(r.err, '');
  assert.match(r.out, /cross-year/);
  assert.doesNotMatch(cli(['check', d, '--no-config']).out, /cross-year/);
  writeFileSync(join(d, '.suanpan.yaml'), `sets:\n  - ${W24}\n`);
  assert.match(cli(['check', d]).err, /sets must be a list of sets|sets 应为报告组的列表/);
});

test('a PDF among the reports: imported, checked against the others, pointed at with its page', async () => {
  const d = mutatedPair();
  copyFileSync(join(CORPUS, 'pdf', W24.replace('.txt', '.pdf')), join(d, W24.replace('.txt', '.pdf')));
  writeFileSync(join(d, W24), 'not a report, only a note\n');
  const argv = ['check', d, '--format', 'json'];
  const imported = await importAll(argv, { out: () => undefined, err: () => undefined });
  const json = JSON.parse(cli(argv, { imported }).out);
  const found = crossOf(json);
  const later = found.find((f) => f.file.endsWith(W25))!;
  const pdfRel = later.related.find((r) => r.path === join(d, W24.replace('.txt', '.pdf')));
  assert.ok(pdfRel, JSON.stringify(later.related));
  assert.ok(typeof pdfRel.page === 'number' && pdfRel.page >= 1);
  assert.ok(
    found.some((f) => f.file.endsWith('.pdf')),
    'the PDF gets its finding too',
  );
});
