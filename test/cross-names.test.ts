/**
 * The 类/款/项 names across years (engine/cross/names.ts, rule cross-year-name) on the wanli 2024
 * and 2025 budgets of the shared corpus: every 功能分类 row of the coded tables of one report, and
 * every 「X（类）Y（款）Z（项）」 name of its prose whose code is certain, is compared with the other
 * report's name of the same code (the text form and the Markdown imported from the PDFs); all agree
 * and nothing is said. Mutations: a 项 renamed in one table of the later report (on that row, the
 * earlier report's row as related information, a suggestion only); the same 项 renamed throughout
 * the later report (on each of its rows and on its prose chain, nothing on the earlier report); a
 * 项 misspelt in the prose alone (its code is not certain: nothing); a dictionary name broken in
 * the earlier report (a warning there, the later report's official name backing it); a renaming
 * the dictionary records (207 in 2018 and 2019): nothing.
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

/** The names compared that the prose states (not a table row). */
const prose = (r: CheckResult) => r.cross!.names.filter((n) => /^[（(][类款项][）)]/.test(after(r, n.here.span.end)));
const after = (r: CheckResult, at: number) => r.doc.source.slice(at, at + 3);

async function md(txtPath: string): Promise<Doc> {
  const pdf = join(CORPUS, 'pdf', txtPath.replace(/^.*[\\/]/, '').replace(/\.txt$/, '.pdf'));
  if (!existsSync(pdf)) assert.fail(`the shared corpus is missing: ${pdf}`);
  const r = await importFile(pdf, { out: () => undefined, err: () => undefined });
  assert.equal(typeof r, 'object', `import of ${pdf}: ${String(r)}`);
  return { path: `${pdf}.md`, text: (r as ImportResult).markdown };
}

test('wanli 2024 and 2025 budgets (text): 198 rows and the prose names of 66 codes compared, all the same', () => {
  const rs = crossCheckAll([W24, W25].map((path) => ({ path, text: read(path) })));
  // the prose: 33 chains of 3 names in each report; in 2025 two are not certain (「卫生健康支出（款）」,
  // a 类 written as a 款: official-name's finding, and the 项 after it)
  const want = new Map([
    [W24, 99],
    [W25, 97],
  ]);
  for (const p of [W24, W25]) {
    const r = rs.get(p)!;
    assert.deepEqual(verdicts(r), { same: 198 + want.get(p)! }, p);
    assert.equal(prose(r).length, want.get(p), p);
    assert.equal(codes(r), 66, p);
    assert.deepEqual(named(r), [], p);
  }
});

test('wanli 2024 and 2025 budgets (Markdown from the PDFs): the same rows and prose names, all the same', async () => {
  const rs = crossCheckAll([await md(W24), await md(W25)]);
  for (const r of rs.values()) {
    assert.deepEqual(verdicts(r), { same: 198 + prose(r).length }, r.doc.path);
    assert.equal(prose(r).length, r.doc.path!.includes('2024') ? 99 : 97, r.doc.path);
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

test('mutation (text): a 项 renamed throughout the later report: on its rows and prose chain, not the earlier', () => {
  const later = read(W25).replaceAll('专项普查活动', '专项调查活动');
  const rs = crossCheckAll([
    { path: W24, text: read(W24) },
    { path: W25, text: later },
  ]);
  const got = named(rs.get(W25)!);
  // the rows of B2, B3 and B5, and the prose's chain (its code given by those rows under 20105)
  assert.equal(got.length, 4, got.map((f) => f.message).join('\n'));
  assert.ok(got.every((f) => later.slice(f.span.start, f.span.end) === '专项调查活动'));
  const chain = got.filter((f) => later.slice(f.span.end, f.span.end + 3) === '（项）');
  assert.equal(chain.length, 1);
  assert.match(later.slice(chain[0].span.start - 20, chain[0].span.end), /统计信息事务（款）专项调查活动$/);
  assert.equal(chain[0].related[0].path, W24);
  assert.ok(!chain[0].fixes[0].certain);
  assert.deepEqual(named(rs.get(W24)!), []);
  assert.equal(verdicts(rs.get(W24)!).earlier, 4);
});

test('mutation (text): a 项 misspelt in the prose alone: its code is not certain, nothing across years', () => {
  const m = mutateAt(read(W25), {
    name: 'the 2010507 chain',
    ctx: '统计信息事务（款）专项普查活动（项）',
    from: '专项普查活动',
    to: '专项调查活动',
  });
  const rs = crossCheckAll([
    { path: W24, text: read(W24) },
    { path: W25, text: m.text },
  ]);
  assert.deepEqual(named(rs.get(W25)!), []);
  assert.equal(prose(rs.get(W25)!).length, 96);
  assert.deepEqual(named(rs.get(W24)!), []);
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

test("mutation (Markdown): a 项 renamed throughout the later report's import: its prose chain too", async () => {
  const earlier = await md(W24);
  const later = await md(W25);
  const text = later.text.replaceAll('专项普查活动', '专项调查活动');
  const rs = crossCheckAll([earlier, { path: later.path, text }]);
  const got = named(rs.get(later.path)!);
  const chain = got.filter((f) => /^[（(]项[）)]/.test(text.slice(f.span.end, f.span.end + 3)));
  assert.equal(chain.length, 1, got.map((f) => f.message).join('\n'));
  assert.equal(text.slice(chain[0].span.start, chain[0].span.end), '专项调查活动');
  assert.equal(chain[0].related[0].path, earlier.path);
  assert.ok(got.length > chain.length, 'the rows too');
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
  // the later report holds the official name: nothing on it; the earlier report names 2080505 two
  // ways (its tables, and its prose's official name): it cannot arbitrate, the code is not compared
  assert.deepEqual(named(rs.get(W25)!), []);
  assert.equal(verdicts(rs.get(W25)!).official, undefined);
  assert.ok(!rs.get(W25)!.cross!.names.some((n) => n.code === '2080505'));
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
