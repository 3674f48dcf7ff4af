/**
 * The partners an open report has on disk (lsp/disk-partners.ts), in process: only the files
 * that may pair are checked; a file read once is not read again until it changes; the time given
 * bounds the files read (the rest wait, and a check that made no progress does not ask again).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createEngine } from '../../server/src/engine';
import { DiskPartners } from '../../server/src/lsp/disk-partners';
import { CORPUS, read } from '../helpers';

let dir: string;
const W24 = read(join(CORPUS, 'shanghai-putuo-wanli-2024-budget.txt'));
const W25 = read(join(CORPUS, 'shanghai-putuo-wanli-2025-budget.txt'));
const GD = read(join(CORPUS, 'shanghai-putuo-gov-office-2025-budget.txt'));

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'suanpan-disk-partners-'));
  writeFileSync(join(dir, '2024.txt'), W24);
  writeFileSync(join(dir, 'office.txt'), GD);
  writeFileSync(join(dir, 'notes.md'), '# notes\n\nnothing here\n');
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('the report on disk that pairs is found and checked; the others are not', () => {
  const engine = createEngine();
  let checks = 0;
  const counting = { ...engine, check: (...a: Parameters<typeof engine.check>) => (checks++, engine.check(...a)) };
  const disk = new DiskPartners(counting);
  disk.setFiles(['2024.txt', 'office.txt', 'notes.md', '2025.txt'].map((f) => join(dir, f)));
  const p25 = join(dir, '2025.txt');
  const entry = engine.crossEntry(engine.check(W25, { path: p25 }));
  const none = () => undefined;
  const got = disk.partnersOf(entry, [], dir, none, [], 5000);
  assert.deepEqual(
    got.entries.map((e) => e.path),
    [join(dir, '2024.txt')],
  );
  assert.equal(got.more, false);
  assert.equal(checks, 1, 'only the partner is checked (the others: their identities read)');
  // asked again: nothing read or checked again
  disk.partnersOf(entry, [], dir, none, [], 5000);
  assert.equal(checks, 1);
  // changed on disk: read and checked again
  disk.changed([join(dir, '2024.txt')]);
  assert.equal(disk.partnersOf(entry, [], dir, none, [], 5000).entries.length, 1);
  assert.equal(checks, 2);
  // an open file is the editor's: not a partner from disk
  assert.deepEqual(
    disk.partnersOf(entry, [], dir, (p) => (p.endsWith('2024.txt') ? W24 : undefined), [], 5000).entries,
    [],
  );
  // outside the root: not read
  assert.deepEqual(disk.partnersOf(entry, [], join(dir, 'sub'), none, [], 5000).entries, []);
});

test('the time given bounds the files read; no progress, no asking again', () => {
  const engine = createEngine();
  let t = 0;
  const disk = new DiskPartners(engine, () => t);
  disk.setFiles([join(dir, '2024.txt'), join(dir, 'office.txt')]);
  const entry = engine.crossEntry(engine.check(W25, { path: join(dir, '2025.txt') }));
  // no time at all: nothing read, and nothing to come back for
  assert.deepEqual(
    disk.partnersOf(entry, [], dir, () => undefined, [], 0),
    { entries: [], more: false },
  );
  // time passing while the first partner is checked: the second (the same report twice) waits
  writeFileSync(join(dir, '2024-copy.txt'), W24);
  const slow = new DiskPartners(
    { ...engine, check: (...a: Parameters<typeof engine.check>) => ((t += 10_000), engine.check(...a)) },
    () => t,
  );
  slow.setFiles([join(dir, '2024.txt'), join(dir, '2024-copy.txt')]);
  const first = slow.partnersOf(entry, [], dir, () => undefined, [], 1000);
  assert.equal(first.entries.length, 1);
  assert.equal(first.more, true, 'progress made: to be asked again');
  const second = slow.partnersOf(entry, [], dir, () => undefined, [], 1000);
  assert.equal(second.entries.length, 2);
  assert.equal(second.more, false);
});

test("a report's own tables file on disk is part of it, never its partner (as in a batch)", () => {
  const seed = join(__dirname, '..', '..', '..', 'samples', 'changji-2024');
  const sub = join(dir, 'seed');
  mkdirSync(sub);
  const report = join(sub, 'report.md');
  const tables = join(sub, 'tables.yaml');
  writeFileSync(report, read(join(seed, 'report.md')));
  writeFileSync(tables, read(join(seed, 'tables.yaml')));
  const engine = createEngine();
  let checks = 0;
  const counting = { ...engine, check: (...a: Parameters<typeof engine.check>) => (checks++, engine.check(...a)) };
  const result = engine.check(read(report), { path: report, readFile: (p) => read(p) });
  assert.deepEqual(
    result.linked.map((d) => d.path),
    [tables],
  );
  const entry = engine.crossEntry(result);
  const none = () => undefined;
  // the tables file's identity (the same 单位) falls in the report's group: it would be checked on its own
  const unlinked = new DiskPartners(counting);
  unlinked.setFiles([report, tables]);
  assert.deepEqual(
    unlinked.partnersOf(entry, [], sub, none, [], 5000).entries.map((e) => e.path),
    [tables],
  );
  checks = 0;
  const disk = new DiskPartners(counting);
  disk.setFiles([report, tables]);
  assert.deepEqual(disk.partnersOf(entry, [], sub, none, [], 5000, [tables]), { entries: [], more: false });
  assert.equal(checks, 0, 'the linked file is not checked again on its own');
});
