/**
 * The 类/款/项 names across years (engine/cross/names.ts, rule cross-year-name) on the wanli 2024
 * and 2025 budgets of the shared corpus: every 功能分类 row of the coded tables of one report is
 * compared with the other report's name of the same code (the text form and the Markdown imported
 * from the PDFs); all agree and nothing is said. Mutations: a 项 renamed in one table of the later
 * report (on that row, the earlier report's row as related information, a suggestion only); the
 * same 项 renamed throughout the later report (on each of its rows, nothing on the earlier
 * report); a dictionary name broken in the earlier report (a warning there, the later report's
 * official name backing it); a renaming the dictionary records (207 in 2018 and 2019): nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, type CheckResult, type Finding } from '../server/src/engine';
import { importFile } from '../server/src/cli/import';
import type { ImportResult } from '../server/src/engine/read/import/blocks';
import { CORPUS, mutateAt, read } from './helpers';

const W24 = join(CORPUS, 'shanghai-putuo-wanli-2024-budget.txt');
const W25 = join(CORPUS, 'shanghai-putuo-wanli-2025-budget.txt');

interface Doc {
  path: string;
  text: string;
}

function crossCheckAll(docs: Doc[]): Map<string, CheckResult> {
  const engine = createEngine();
  const results = docs.map((d) => engine.check(d.text, { path: d.path }));
  const partners = results.map((r) => engine.crossEntry(r));
  return new Map(results.map((r) => [r.doc.path!, engine.crossCheck(r, { partners })]));
}

const named = (r: CheckResult): Finding[] => r.findings.filter((f) => f.rule === 'cross-year-name');

function verdicts(r: CheckResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const n of r.cross?.names ?? []) out[n.verdict] = (out[n.verdict] ?? 0) + 1;
  return out;
}

const codes = (r: CheckResult) => new Set(r.cross!.names.map((n) => n.code)).size;

async function md(txtPath: string): Promise<Doc> {
  const pdf = join(CORPUS, 'pdf', txtPath.replace(/^.*[\\/]/, '').replace(/\.txt$/, '.pdf'));
  if (!existsSync(pdf)) assert.fail(`the shared corpus is missing: ${pdf}`);
  const r = await importFile(pdf, { out: () => undefined, err: () => undefined });
  assert.equal(typeof r, 'object', `import of ${pdf}: ${String(r)}`);
  return { path: `${pdf}.md`, text: (r as ImportResult).markdown };
}

test('wanli 2024 and 2025 budgets (text): 198 rows of 66 codes compared each way, all the same name', () => {
  const rs = crossCheckAll([W24, W25].map((path) => ({ path, text: read(path) })));
  for (const p of [W24, W25]) {
    const r = rs.get(p)!;
    assert.deepEqual(verdicts(r), { same: 198 }, p);
    assert.equal(codes(r), 66, p);
    assert.deepEqual(named(r), [], p);
  }
});

test('wanli 2024 and 2025 budgets (Markdown from the PDFs): the same 198 rows, all the same name', async () => {
  const rs = crossCheckAll([await md(W24), await md(W25)]);
  for (const r of rs.values()) {
    assert.deepEqual(verdicts(r), { same: 198 }, r.doc.path);
    assert.equal(codes(r), 66);
    assert.deepEqual(named(r), []);
  }
});

test('mutation (text): a 项 renamed in one table of the later report is caught on that row', () => {
  const earlier = read(W24);
  const m = mutateAt(read(W25), {
    name: '2010507 in B2',
    ctx: '201   05   07   专项普查活动                  438,300      438,300',
    from: '专项普查活动',
    to: '专项调查活动',
  });
  const rs = crossCheckAll([
    { path: W24, text: earlier },
    { path: W25, text: m.text },
  ]);
  const got = named(rs.get(W25)!);
  assert.equal(got.length, 1, got.map((f) => f.message).join('\n'));
  const f = got[0];
  assert.equal(f.severity, 'info');
  assert.deepEqual([f.span.start, f.span.end], [m.at, m.end]);
  assert.match(f.message, /2010507.*专项调查活动.*2024年报告.*专项普查活动/);
  assert.equal(f.related.length, 1);
  assert.equal(f.related[0].path, W24);
  assert.equal(earlier.slice(f.related[0].span.start, f.related[0].span.end), '专项普查活动');
  assert.equal(f.expected, '专项普查活动');
  assert.ok(f.fixes.length === 1 && !f.fixes[0].certain, 'a suggestion only');
  // the earlier report: the later one names the code two ways, it cannot arbitrate
  assert.deepEqual(named(rs.get(W24)!), []);
  const engine = createEngine();
  const en = engine.crossCheck(
    engine.check(m.text, { path: W25, lang: 'en' }),
    { partners: [...rs.values()].map((r) => engine.crossEntry(r)) },
    { lang: 'en' },
  );
  assert.match(named(en)[0].message, /no renaming of the code is recorded/);
});

test('mutation (text): a 项 renamed throughout the later report: on each of its rows, not on the earlier report', () => {
  const later = read(W25).replaceAll('专项普查活动', '专项调查活动');
  const rs = crossCheckAll([
    { path: W24, text: read(W24) },
    { path: W25, text: later },
  ]);
  const got = named(rs.get(W25)!);
  // the rows of B2, B3 and B5 (the prose's 「（项）」 chains are official-name's)
  assert.equal(got.length, 3, got.map((f) => f.message).join('\n'));
  assert.ok(got.every((f) => later.slice(f.span.start, f.span.end) === '专项调查活动'));
  assert.deepEqual(named(rs.get(W24)!), []);
  assert.equal(verdicts(rs.get(W24)!).earlier, 3);
});

test("mutation (Markdown): a 项 renamed in one table of the later report's import", async () => {
  const earlier = await md(W24);
  const later = await md(W25);
  const m = mutateAt(later.text, {
    name: '2010507 in B2',
    ctx: '| 2010507 | 专项普查活动 | 438,300 | 438,300 |',
    from: '专项普查活动',
    to: '专项调查活动',
  });
  const rs = crossCheckAll([earlier, { path: later.path, text: m.text }]);
  const got = named(rs.get(later.path)!);
  assert.equal(got.length, 1);
  assert.deepEqual([got[0].span.start, got[0].span.end], [m.at, m.end]);
  assert.equal(got[0].related[0].path, earlier.path);
  assert.deepEqual(named(rs.get(earlier.path)!), []);
});

test('mutation (text): a dictionary name broken in the earlier report: a warning there, backed by 2025', () => {
  // 2080505 is in the dictionary: the 2025 name is its official name, the 2024 report's is not
  const earlier = read(W24).replace(
    /机关事业单位基本养老保险缴费支出(?= +4,608,515)/g,
    '机关事业单位基本养老保险费支出 ',
  );
  assert.notEqual(earlier, read(W24));
  const rs = crossCheckAll([
    { path: W24, text: earlier },
    { path: W25, text: read(W25) },
  ]);
  const got = named(rs.get(W24)!);
  assert.equal(got.length, 3, got.map((f) => f.message).join('\n'));
  for (const f of got) {
    assert.equal(f.severity, 'warning');
    assert.equal(earlier.slice(f.span.start, f.span.end), '机关事业单位基本养老保险费支出');
    assert.equal(f.expected, '机关事业单位基本养老保险缴费支出');
    assert.equal(f.related[0].path, W25);
    assert.ok(!f.fixes[0].certain);
  }
  // the later report holds the official name: nothing on it
  assert.deepEqual(named(rs.get(W25)!), []);
  assert.equal(verdicts(rs.get(W25)!).official, 3);
});

test('a renaming the dictionary records (207 up to 2018, then 文化旅游体育与传媒支出): nothing said', () => {
  // the wanli pair moved to 2018 and 2019, the 2018 report with the name 207 had then
  const shift = (s: string) => s.replace(/20(2[2-5])年/g, (_, y: string) => `${2000 + Number(y) - 6}年`);
  const y18 = shift(read(W24)).replaceAll('文化旅游体育与传媒支出', '文化体育与传媒支出');
  const y19 = shift(read(W25));
  const rs = crossCheckAll([
    { path: '/w/2018.txt', text: y18 },
    { path: '/w/2019.txt', text: y19 },
  ]);
  const r18 = rs.get('/w/2018.txt')!;
  const r19 = rs.get('/w/2019.txt')!;
  assert.equal(r18.cross!.entry.identity.year, 2018);
  assert.equal(r19.cross!.entry.identity.year, 2019);
  assert.ok((verdicts(r18).renamed ?? 0) >= 1, JSON.stringify(verdicts(r18)));
  assert.ok((verdicts(r19).renamed ?? 0) >= 1, JSON.stringify(verdicts(r19)));
  assert.deepEqual(named(r18), []);
  assert.deepEqual(named(r19), []);
  // the later report keeping the former name: official-name's finding, not this rule's
  const stale = crossCheckAll([
    { path: '/w/2018.txt', text: y18 },
    { path: '/w/2019.txt', text: y19.replaceAll('文化旅游体育与传媒支出', '文化体育与传媒支出') },
  ]).get('/w/2019.txt')!;
  assert.deepEqual(named(stale), []);
  assert.ok(stale.findings.some((f) => f.rule === 'official-name' && f.message.includes('文化体育与传媒支出')));
});
