/**
 * `suanpan check` on a worker pool (--jobs): the same output as in one thread, in every format,
 * with the checks across reports (groups checked together, a group checked again when a tables
 * file on its own joins it) and without; a linked tables file checked once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, runAsync, threadsFor } from '../server/src/cli/main';
import { createEngine, type Engine } from '../server/src/engine';
import { crossEntry, pairsOf } from '../server/src/engine/cross';
import { firstLook } from '../server/src/engine/cross/first-look';
import { crossGroups } from '../server/src/engine/cross/groups';
import { CORPUS, ROOT, read } from './helpers';

const TAG = '（第二组）';

/**
 * The samples and the corpus reports, twice: the second copy's unit names varied (so each copy
 * pairs within itself), and a tables file on its own that no narrative links (a report with the
 * seed's unit: it joins the seed's group after the first look).
 */
function batchFolder(): string {
  const d = mkdtempSync(join(tmpdir(), 'suanpan-batch-'));
  const units = ['昌吉回族自治州人民政府驻北京联络处', '中共上海市普陀区委社会工作部', '上海市普陀区人民政府办公室'];
  units.push('上海市普陀区规划和自然资源局', '上海市普陀区人民政府万里街道办事处', '上海市XX局');
  const vary = (t: string) => units.reduce((s, u) => s.split(u).join(u + TAG), t);
  for (const [k, f] of [['a', (t: string) => t] as const, ['b', vary] as const]) {
    for (const sample of ['changji-2024', 'shanghai-putuo-social-work-2024']) {
      const from = join(ROOT, 'samples', sample);
      mkdirSync(join(d, k, sample), { recursive: true });
      for (const n of readdirSync(from).filter((n) => /\.(md|yaml)$/.test(n)))
        writeFileSync(join(d, k, sample, n), f(read(join(from, n))));
    }
    mkdirSync(join(d, k, 'corpus'));
    for (const n of readdirSync(CORPUS).filter((n) => n.endsWith('.txt')))
      writeFileSync(join(d, k, 'corpus', n), f(read(join(CORPUS, n))));
  }
  cpSync(join(ROOT, 'samples', 'changji-2024', 'tables.yaml'), join(d, 'a', 'tables-alone.yaml'));
  // a slip across reports in the varied copy: the 2025 budget's change on 2024 is 3,255.65 (not 3,355.65)
  const later = join(d, 'b', 'corpus', 'shanghai-putuo-wanli-2025-budget.txt');
  const text = read(later);
  assert.ok(text.includes('比2024年预算增加\n3,355.65万元；事业收入'));
  writeFileSync(
    later,
    text.replace('比2024年预算增加\n3,355.65万元；事业收入', '比2024年预算增加\n3,255.65万元；事业收入'),
  );
  return d;
}

async function both(args: string[]) {
  const collect = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) } };
  };
  const one = collect();
  const code1 = run([...args, '--jobs', '1'], one.io);
  const many = collect();
  const code2 = await runAsync([...args, '--jobs', '2'], many.io);
  return {
    one: { code: code1, out: one.out.join('\n'), err: one.err.join('\n') },
    many: { code: code2, out: many.out.join('\n'), err: many.err.join('\n') },
  };
}

test('a batch on 2 threads prints what one thread prints: text, JSON, SARIF, with and without --no-cross', async () => {
  const d = batchFolder();
  const runs = [...['text', 'json', 'sarif'].map((f) => ['--format', f]), ['--no-cross', '--lang', 'en']];
  for (const extra of runs) {
    const { one, many } = await both(['check', d, ...extra]);
    assert.equal(many.code, one.code, extra.join(' '));
    assert.equal(many.out, one.out, extra.join(' '));
    assert.equal(many.err, one.err, extra.join(' '));
  }
  // the slip across reports is found (in the varied copy only), and the tables file alone is reported
  const out: string[] = [];
  run(['check', d, '--format', 'json', '--jobs', '1'], { out: (s) => out.push(s), err: () => {} });
  type Files = { files: Array<{ path: string; findings: Array<{ rule: string }> }> };
  const files = (JSON.parse(out.join('\n')) as Files).files;
  const cross = (k: string) =>
    files.some((f) => f.path.includes(`/${k}/`) && f.findings.some((x) => x.rule === 'cross-year'));
  assert.ok(!cross('a') && cross('b'));
  assert.ok(files.some((f) => f.path.endsWith('tables-alone.yaml')));
});

test('a linked tables file is checked once, with its narrative; one no narrative links is checked on its own', () => {
  const d = mkdtempSync(join(tmpdir(), 'suanpan-linked-'));
  cpSync(join(ROOT, 'samples', 'changji-2024'), join(d, 'seed'), { recursive: true });
  cpSync(join(ROOT, 'samples', 'changji-2024', 'tables.yaml'), join(d, 'alone.yaml'));
  const checked: string[] = [];
  const counting = (): Engine => {
    const e = createEngine();
    return { ...e, check: (text, options, cross) => (checked.push(options!.path!), e.check(text, options, cross)) };
  };
  const out: string[] = [];
  const code = run(['check', d, '--no-cross'], { out: (s) => out.push(s), err: () => {} }, { createEngine: counting });
  assert.equal(code, 0);
  assert.deepEqual(checked.map((p) => p.slice(d.length + 1)).sort(), ['alone.yaml', 'seed/report.md']);
  // the narrative's findings in its tables file are still reported (under the tables file)
  assert.ok(
    out.some(
      (l) =>
        l.startsWith(join(d, 'seed', 'tables.yaml').slice(process.cwd().length + 1)) || l.includes('seed/tables.yaml:'),
    ),
  );
  assert.match(out.at(-1)!, /^2 个文件/);
});

test('every pair of reports the engine finds lies inside one group of crossGroups', () => {
  const engine = createEngine();
  const d = batchFolder();
  const entries = ['a', 'b'].flatMap((k) =>
    readdirSync(join(d, k, 'corpus')).map((n) => {
      const p = join(d, k, 'corpus', n);
      return crossEntry(engine.check(read(p), { path: p }).doc, engine.check(read(p), { path: p }).extraction, p);
    }),
  );
  const groups = crossGroups(entries);
  const groupOf = new Map(groups.flatMap((g, n) => g.map((i) => [entries[i], n])));
  let pairs = 0;
  for (const e of entries)
    for (const pair of pairsOf(e, { partners: entries }))
      for (const p of pair.partners) {
        pairs++;
        assert.ok(groupOf.has(e) && groupOf.get(e) === groupOf.get(p), `${e.path} and ${p.path}`);
      }
  assert.ok(pairs > 0);
  // the varied copy pairs only within itself, and so is grouped
  for (const g of groups) assert.equal(new Set(g.map((i) => entries[i].path!.includes('/a/'))).size, 1);
  assert.ok(groups.length >= 4);
});

test('one or two files are checked in this thread; from 3, --jobs starts the pool, else 8 files a thread', () => {
  assert.equal(threadsFor(1, 4), 1);
  assert.equal(threadsFor(2, 8), 1);
  assert.equal(threadsFor(3, 2), 2);
  assert.equal(threadsFor(5, 1), 1);
  assert.ok(threadsFor(12, undefined) <= 1);
  assert.ok(threadsFor(1000, undefined) >= 1);
});

test('the first look finds the identity and the link the check finds, the front matter alone when it names 类型', () => {
  const engine = createEngine({ incremental: false });
  const files = [
    join(ROOT, 'samples', 'changji-2024', 'report.md'),
    join(ROOT, 'samples', 'changji-2024', 'tables.yaml'),
    join(ROOT, 'samples', 'shanghai-putuo-social-work-2024', 'report.md'),
    ...readdirSync(CORPUS)
      .filter((n) => n.endsWith('.txt'))
      .map((n) => join(CORPUS, n)),
  ];
  for (const p of files) {
    const text = read(p);
    const r = engine.check(text, { path: p, readFile: (f) => read(f) });
    const look = firstLook(text, p);
    assert.equal(!!look, r.isReport, p);
    if (!look) continue;
    assert.deepEqual(look.identity, engine.crossEntry(r).identity, p);
    assert.deepEqual(look.link, r.linked[0]?.path, p);
  }
  // a body that is not Markdown at all is not read when the front matter names the 类型
  const fm = '---\n单位: 某单位\n年度: 2024\n类型: 部门决算\n---\n\n' + '| a |\n'.repeat(3);
  assert.deepEqual(firstLook(fm, 'x.md')?.identity, {
    year: 2024,
    stage: '决算',
    level: '部门',
    unit: '某单位',
    units: undefined,
  });
});

test('a batch prints each report as soon as it and those before it are checked, not at the end', () => {
  const d = mkdtempSync(join(tmpdir(), 'suanpan-stream-'));
  for (const k of ['a', 'b', 'c', 'd']) cpSync(join(ROOT, 'samples', 'changji-2024'), join(d, k), { recursive: true });
  const checked: string[] = [];
  const printed: Array<{ line: string; checkedSoFar: number }> = [];
  const counting = (): Engine => {
    const e = createEngine({ incremental: false });
    return { ...e, check: (text, options, cross) => (checked.push(options!.path!), e.check(text, options, cross)) };
  };
  const io = { out: (s: string) => printed.push({ line: s, checkedSoFar: checked.length }), err: () => {} };
  run(['check', d, '--no-cross', '--format', 'json', '--jobs', '1'], io, { createEngine: counting });
  assert.equal(checked.length, 4);
  // the first report's entries are out before the last report is checked
  const first = printed.findIndex((p) => p.line.includes(join(d, 'a', 'report.md')));
  assert.ok(first >= 0 && printed[first].checkedSoFar < 4, JSON.stringify(printed.map((p) => p.checkedSoFar)));
  // and the streamed JSON is one document, the same as printed whole
  const json = JSON.parse(printed.map((p) => p.line).join('\n')) as { files: Array<{ path: string }> };
  assert.deepEqual(
    json.files.map((f) => f.path.slice(d.length + 1)),
    [
      'a/report.md',
      'a/tables.yaml',
      'b/report.md',
      'b/tables.yaml',
      'c/report.md',
      'c/tables.yaml',
      'd/report.md',
      'd/tables.yaml',
    ],
  );
});
