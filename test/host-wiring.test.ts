/**
 * The CLI on bad files and faults (issue 9): --fix keeps a BOM and refuses invalid UTF-8, writes
 * only the files that change (atomically, keeping the mode), linked files and profiles stay
 * inside the workspace, a FIFO never hangs, a symlink loop ends the walk, one file's failure is
 * that file's problem (exit 2), a report over the size limit is said to be too large.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { run } from '../server/src/cli/main';
import { createEngine, MAX_TEXT, type Engine } from '../server/src/engine';
import { ROOT, SEED_MD, read } from './helpers';

const SEED = read(SEED_MD);
const TABLES = read(join(ROOT, 'samples', 'changji-2024', 'tables.yaml'));
/** The seed with one wrong share: a certain fix restores 72.08. */
const BROKEN = SEED.replace('占72.08%', '占75.08%');
const DATA_LINE = SEED.split('\n').indexOf('数据: tables.yaml');

function cli(args: string[], engine?: () => Engine) {
  const out: string[] = [];
  const err: string[] = [];
  const code = run(args, { out: (s) => out.push(s), err: (s) => err.push(s) }, { createEngine: engine });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function workspace(): string {
  const d = mkdtempSync(join(tmpdir(), 'suanpan-wiring-'));
  writeFileSync(join(d, 'tables.yaml'), TABLES);
  return d;
}

function findings(out: string): Array<{ rule: string; message: string; range: { start: { line: number } } }> {
  return JSON.parse(out).files.flatMap((f: { findings: unknown[] }) => f.findings);
}

test('--fix on a file with a BOM keeps the BOM and fixes the text', () => {
  const d = workspace();
  const p = join(d, 'r.md');
  writeFileSync(p, '\uFEFF' + BROKEN);
  // read through the BOM: the front matter counts, and the linked tables file is read
  const checked = cli(['check', '--format', 'json', p]);
  assert.deepEqual(
    JSON.parse(checked.out).files.map((f: { path: string }) => f.path.replace(/^.*[\\/]/, '')),
    ['r.md', 'tables.yaml'],
  );
  const r = cli(['check', '--fix', p]);
  assert.equal(r.code, 0, r.err + r.out);
  const bytes = readFileSync(p);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.equal(bytes.subarray(3).toString('utf8'), SEED);
});

test('--fix on invalid UTF-8 checks the file, refuses to write it and says so (exit 2)', () => {
  const d = workspace();
  const p = join(d, 'r.md');
  const bytes = Buffer.concat([Buffer.from(BROKEN), Buffer.from([0x0a, 0xff, 0xfe, 0x0a])]);
  writeFileSync(p, bytes);
  const r = cli(['check', '--fix', '--format', 'json', p]);
  assert.equal(r.code, 2);
  assert.match(r.err, /不是有效的 UTF-8.*未修复.*not valid UTF-8 from byte \d+; not fixed/);
  assert.ok(
    findings(r.out).some((f) => f.rule === 'share'),
    'still checked',
  );
  assert.deepEqual(readFileSync(p), bytes, 'not written');
});

test('--fix writes only the files that change, atomically, keeping the mode', () => {
  const d = workspace();
  const p = join(d, 'r.md');
  writeFileSync(p, BROKEN);
  chmodSync(p, 0o640);
  const tablesBefore = statSync(join(d, 'tables.yaml'));
  const r = cli(['check', '--fix', p]);
  assert.equal(r.code, 0, r.err);
  assert.equal(readFileSync(p, 'utf8'), SEED);
  assert.equal(statSync(p).mode & 0o777, 0o640);
  const tablesAfter = statSync(join(d, 'tables.yaml'));
  assert.equal(tablesAfter.ino, tablesBefore.ino, 'the unchanged tables file is not rewritten');
  assert.equal(tablesAfter.mtimeMs, tablesBefore.mtimeMs);
});

for (const name of ['../../../../../../etc/passwd', '/etc/passwd']) {
  test(`a linked ${name} is refused with a finding at the 数据 line`, () => {
    const d = workspace();
    const p = join(d, 'r.md');
    writeFileSync(p, SEED.replace('数据: tables.yaml', `数据: ${name}`));
    const r = cli(['check', '--format', 'json', '--lang', 'en', p]);
    const at = findings(r.out).filter((f) => f.range.start.line === DATA_LINE);
    assert.ok(
      at.some((f) => /not read.*(outside the workspace|absolute path)/.test(f.message)),
      JSON.stringify(at),
    );
    assert.doesNotMatch(r.out, /root:x:0/);
  });
}

test('a FIFO named as 数据 does not hang the CLI', (t) => {
  const d = workspace();
  const fifo = spawnSync('mkfifo', [join(d, 'pipe.yaml')]);
  if (fifo.status !== 0) return t.skip('mkfifo is not available');
  const p = join(d, 'r.md');
  writeFileSync(p, SEED.replace('数据: tables.yaml', '数据: pipe.yaml'));
  // the timeout is a safety net only: the read is refused at once
  const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'check', '--lang', 'en', p], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(r.signal, null, 'finished, not killed');
  assert.match(r.stdout, /not a regular file \(it is a named pipe \(FIFO\)\)/);
  // a FIFO named as a report on the command line is refused too
  const named = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'check', join(d, 'pipe.yaml')], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(named.signal, null);
  assert.equal(named.status, 2);
  assert.match(named.stderr, /cannot read: .*not a regular file/);
});

test('a symlink loop in a folder walk terminates; each report is checked once', () => {
  const d = workspace();
  mkdirSync(join(d, 'sub'));
  writeFileSync(join(d, 'sub', 'a.md'), SEED);
  writeFileSync(join(d, 'sub', 'tables.yaml'), TABLES);
  symlinkSync('..', join(d, 'sub', 'loop'));
  symlinkSync(d, join(d, 'again'));
  const r = cli(['check', '--format', 'json', d]);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(
    JSON.parse(r.out).files.map((f: { path: string }) => f.path.slice(d.length + 1)),
    ['sub/a.md', 'sub/tables.yaml', 'tables.yaml'],
  );
});

test('one file failing in the engine: exit 2 for it, the other files still checked and printed', () => {
  const d = workspace();
  writeFileSync(join(d, 'good.md'), BROKEN);
  writeFileSync(join(d, 'bad.md'), SEED);
  const failing = () => {
    const engine = createEngine();
    const check: Engine['check'] = (text, options) => {
      if (options?.path?.endsWith('bad.md')) throw new RangeError('Maximum call stack size exceeded');
      return engine.check(text, options);
    };
    return { ...engine, check };
  };
  const r = cli(['check', join(d, 'bad.md'), join(d, 'good.md')], failing);
  assert.equal(r.code, 2, 'a crash is exit 2, never 1');
  assert.match(r.err, /bad\.md: 检查时出错.*internal error while checking: Maximum call stack size exceeded/);
  assert.match(r.out, /good\.md:\d+:\d+ +error +share/);
});

test('a report over the size limit is "too large", with the limit (exit 2), not "not a report"', () => {
  const d = workspace();
  const p = join(d, 'big.md');
  writeFileSync(p, '# 2024年度部门决算公开说明\n\n' + '预算'.repeat(MAX_TEXT / 2 + 10));
  const r = cli(['check', p]);
  assert.equal(r.code, 2);
  assert.match(r.err, new RegExp(`文件过大.*上限 ${MAX_TEXT}.*too large to check: \\d+ characters, limit ${MAX_TEXT}`));
  assert.doesNotMatch(r.err, /not a report/);
});

test('a profile named in .suanpan.yaml outside the workspace is refused at its entry', () => {
  const d = workspace();
  mkdirSync(join(d, 'team'));
  writeFileSync(join(d, 'team', 'r.md'), SEED);
  writeFileSync(join(d, 'team', 'tables.yaml'), TABLES);
  writeFileSync(join(d, 'team', '.suanpan.yaml'), 'profiles:\n  - ../outside.yaml\n  - /etc/passwd\n');
  writeFileSync(join(d, 'outside.yaml'), 'id: x\n');
  const r = cli(['check', join(d, 'team', 'r.md')]);
  assert.match(
    r.err,
    /\.suanpan\.yaml:2:5: Layout profile|\.suanpan\.yaml:2:5: 布局文件「\.\.\/outside\.yaml」不予读取/,
  );
  assert.match(r.err, /\.suanpan\.yaml:3:5: 布局文件「\/etc\/passwd」不予读取：.*绝对路径/);
});

test('--fix refuses to write a file that changed on disk since it was read (exit 2)', () => {
  const d = workspace();
  const p = join(d, 'r.md');
  writeFileSync(p, BROKEN);
  const theirs = BROKEN + '\n另一程序保存的文字。\n';
  // another program saves the file while it is being checked
  const saving = () => {
    const engine = createEngine();
    let saved = false;
    const check: Engine['check'] = (text, options) => {
      if (!saved) writeFileSync(p, theirs);
      saved = true;
      return engine.check(text, options);
    };
    return { ...engine, check };
  };
  const r = cli(['check', '--fix', p], saving);
  assert.equal(r.code, 2);
  assert.match(r.err, /r\.md: 未写入修复：.*fix not written: .*changed on disk since it was read/);
  assert.equal(readFileSync(p, 'utf8'), theirs, 'their save is kept');
});

test('--fix never writes through a symbolic link', () => {
  const d = workspace();
  writeFileSync(join(d, 'real.md'), BROKEN);
  symlinkSync('real.md', join(d, 'link.md'));
  const r = cli(['check', '--fix', join(d, 'link.md')]);
  assert.equal(r.code, 2);
  assert.match(r.err, /link\.md: 未写入修复：.*symbolic link; not written through it/);
  assert.equal(readFileSync(join(d, 'real.md'), 'utf8'), BROKEN);
});
