/** The hosts' file access (server/src/host/files.ts): confined reads, atomic writes, UTF-8 and BOMs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import {
  confinedReadFile,
  firstInvalidUtf8,
  readConfined,
  readUtf8,
  workspaceRoot,
  writeAtomic,
  type Refusal,
} from '../server/src/host/files';
import { check } from '../server/src/engine';

/** A workspace: root/.suanpan.yaml, root/reports/report.md, root/reports/tables.yaml, and a folder outside it. */
function workspace() {
  const base = mkdtempSync(join(tmpdir(), 'suanpan-files-'));
  const root = join(base, 'ws');
  const outside = join(base, 'outside');
  mkdirSync(join(root, 'reports'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(root, '.suanpan.yaml'), 'rules: {}\n');
  const report = join(root, 'reports', 'report.md');
  writeFileSync(report, '---\n数据: tables.yaml\n---\n# 2024年度部门决算\n');
  writeFileSync(join(root, 'reports', 'tables.yaml'), 'a: 1\n');
  writeFileSync(join(outside, 'secret.yaml'), 'secret: 1\n');
  return { base, root, outside, report };
}

function refused(r: unknown, code: string): Refusal {
  assert.equal((r as Refusal).ok, false, `expected a refusal (${code}), got ${JSON.stringify(r)}`);
  const x = r as Refusal;
  assert.equal(x.code, code, JSON.stringify(x));
  assert.ok(x.reason['zh-CN'].length > 0 && x.reason.en.length > 0);
  assert.match(x.reason['zh-CN'], /[\u4e00-\u9fff]/);
  return x;
}

test('workspace root: the folder of .suanpan.yaml, else the editor folder, else the report folder', () => {
  const w = workspace();
  assert.equal(workspaceRoot(w.report), w.root);
  const bare = mkdtempSync(join(tmpdir(), 'suanpan-bare-'));
  mkdirSync(join(bare, 'a', 'b'), { recursive: true });
  const r = join(bare, 'a', 'b', 'r.md');
  assert.equal(workspaceRoot(r, [join(bare, 'elsewhere'), bare, join(bare, 'a')]), join(bare, 'a'));
  assert.equal(workspaceRoot(r), join(bare, 'a', 'b'));
});

test('readConfined reads a linked file inside the root, also through ../ that stays inside', () => {
  const w = workspace();
  const r = readConfined(w.root, w.report, 'tables.yaml');
  assert.ok(r.ok);
  assert.equal(r.text, 'a: 1\n');
  writeFileSync(join(w.root, 'shared.yaml'), 'b: 2\n');
  const up = readConfined(w.root, w.report, '../shared.yaml');
  assert.ok(up.ok && up.text === 'b: 2\n');
});

test('readConfined refuses ../../../../etc/passwd and any ../ leaving the root', () => {
  const w = workspace();
  const x = refused(readConfined(w.root, w.report, '../../../../etc/passwd'), 'outside');
  assert.match(x.reason.en, /outside the workspace/);
  refused(readConfined(w.root, w.report, '../../outside/secret.yaml'), 'outside');
});

test('readConfined refuses absolute paths (even to a file inside the root)', () => {
  const w = workspace();
  refused(readConfined(w.root, w.report, '/etc/passwd'), 'absolute');
  refused(readConfined(w.root, w.report, join(w.root, 'reports', 'tables.yaml')), 'absolute');
  refused(readConfined(w.root, w.report, 'C:\\Windows\\win.ini'), 'absolute');
  refused(readConfined(w.root, w.report, '~/x.yaml'), 'absolute');
});

test('readConfined refuses a symlink leading out of the root, follows one that stays inside', () => {
  const w = workspace();
  symlinkSync(join(w.outside, 'secret.yaml'), join(w.root, 'reports', 'link.yaml'));
  const x = refused(readConfined(w.root, w.report, 'link.yaml'), 'symlink-outside');
  assert.match(x.reason.en, /symbolic link/);
  // a symlinked folder out of the root
  symlinkSync(w.outside, join(w.root, 'reports', 'out'));
  refused(readConfined(w.root, w.report, 'out/secret.yaml'), 'symlink-outside');
  symlinkSync(join(w.root, 'reports', 'tables.yaml'), join(w.root, 'reports', 'inside.yaml'));
  const ok = readConfined(w.root, w.report, 'inside.yaml');
  assert.ok(ok.ok && ok.text === 'a: 1\n');
  // a loop
  symlinkSync(join(w.root, 'reports', 'loop2'), join(w.root, 'reports', 'loop1'));
  symlinkSync(join(w.root, 'reports', 'loop1'), join(w.root, 'reports', 'loop2'));
  refused(readConfined(w.root, w.report, 'loop1'), 'symlink');
});

test('readConfined refuses a FIFO at once (never blocks), a folder and /dev/zero', () => {
  const w = workspace();
  const fifo = join(w.root, 'reports', 'pipe.yaml');
  execFileSync('mkfifo', [fifo]);
  const t0 = Date.now();
  const x = refused(readConfined(w.root, w.report, 'pipe.yaml'), 'not-regular');
  assert.match(x.reason.en, /FIFO/);
  assert.ok(Date.now() - t0 < 1000);
  refused(readConfined(w.root, w.report, '.'), 'not-regular');
  // /dev/zero through a symlink inside the root: outside the root and not a regular file
  symlinkSync('/dev/zero', join(w.root, 'reports', 'zero.yaml'));
  refused(readConfined(w.root, w.report, 'zero.yaml'), 'symlink-outside');
  // with / as the root, /dev/zero is inside but is a device
  const dev = refused(readConfined('/', '/dev/report.md', 'zero'), 'not-regular');
  assert.match(dev.reason.en, /device/);
  // and readUtf8 (a report named on the command line) refuses them too
  refused(readUtf8('/dev/zero'), 'not-regular');
  refused(readUtf8(fifo), 'not-regular');
});

test('readConfined refuses files over the size limit, binary files and invalid UTF-8', () => {
  const w = workspace();
  writeFileSync(join(w.root, 'reports', 'big.yaml'), 'x'.repeat(2000));
  const big = refused(readConfined(w.root, w.report, 'big.yaml', { maxBytes: 1000 }), 'too-large');
  assert.match(big.reason.en, /2000 bytes, limit 1000/);
  writeFileSync(join(w.root, 'reports', 'bin.yaml'), Buffer.from([0x61, 0x3a, 0x00, 0x01, 0xff]));
  refused(readConfined(w.root, w.report, 'bin.yaml'), 'binary');
  writeFileSync(join(w.root, 'reports', 'gbk.yaml'), Buffer.from([0x61, 0x3a, 0x20, 0xb2, 0xe2, 0x0a]));
  const gbk = refused(readConfined(w.root, w.report, 'gbk.yaml'), 'invalid-utf8');
  assert.match(gbk.reason.en, /byte 3/);
  refused(readConfined(w.root, w.report, 'none.yaml'), 'not-found');
});

test('firstInvalidUtf8: well-formed UTF-8 only (no overlongs, surrogates, truncations)', () => {
  const at = (...b: number[]) => firstInvalidUtf8(Uint8Array.from(b));
  assert.equal(firstInvalidUtf8(Buffer.from('合计 355.15 万元 😀', 'utf8')), -1);
  assert.equal(at(0x41, 0xc0, 0x80), 1); // overlong
  assert.equal(at(0xed, 0xa0, 0x80), 0); // surrogate
  assert.equal(at(0xe5, 0x90), 0); // cut short
  assert.equal(at(0xf4, 0x90, 0x80, 0x80), 0); // beyond U+10FFFF
  assert.equal(at(0x80), 0);
});

test('readUtf8 strips a BOM and remembers it, flags invalid UTF-8 with its byte offset', () => {
  const w = workspace();
  const p = join(w.root, 'bom.md');
  writeFileSync(p, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('---\n类型: 部门决算\n---\n')]));
  const r = readUtf8(p);
  assert.ok(r.ok);
  assert.equal(r.bom, true);
  assert.equal(r.text.startsWith('---\n'), true);
  assert.equal(r.invalidUtf8At, undefined);
  const q = join(w.root, 'gbk.md');
  writeFileSync(q, Buffer.from([0x41, 0x42, 0xb2, 0xe2]));
  const g = readUtf8(q);
  assert.ok(g.ok);
  assert.equal(g.invalidUtf8At, 2);
  assert.equal(g.bom, false);
});

test('writeAtomic replaces the text, keeps the mode, leaves no temporary file', () => {
  const w = workspace();
  const p = join(w.root, 'reports', 'tables.yaml');
  chmodSync(p, 0o640);
  const r = writeAtomic(p, 'a: 2\n', 'a: 1\n', { root: w.root });
  assert.deepEqual(r, { ok: true, written: true });
  assert.equal(readFileSync(p, 'utf8'), 'a: 2\n');
  assert.equal(statSync(p).mode & 0o777, 0o640);
  assert.deepEqual(
    readdirSync(join(w.root, 'reports')).filter((n) => n.includes('suanpan-tmp')),
    [],
  );
  // nothing to change: nothing written
  const before = statSync(p).mtimeMs;
  assert.deepEqual(writeAtomic(p, 'a: 2\n', 'a: 2\n'), { ok: true, written: false });
  assert.equal(statSync(p).mtimeMs, before);
});

test('writeAtomic keeps a UTF-8 BOM exactly as it was (and adds none)', () => {
  const w = workspace();
  const p = join(w.root, 'bom.md');
  writeFileSync(p, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('合计 8\n')]));
  const read = readUtf8(p);
  assert.ok(read.ok && read.bom);
  assert.ok(writeAtomic(p, read.text.replace('8', '10'), read.text).ok);
  assert.deepEqual([...readFileSync(p).subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.equal(readFileSync(p).subarray(3).toString('utf8'), '合计 10\n');
  // a text given with its BOM character gets no second one
  assert.ok(writeAtomic(p, '\ufeff合计 11\n', '\ufeff合计 10\n').ok);
  assert.equal(readFileSync(p).subarray(3).toString('utf8'), '合计 11\n');
  const q = join(w.root, 'plain.md');
  writeFileSync(q, '合计 8\n');
  assert.ok(writeAtomic(q, '合计 10\n', '合计 8\n').ok);
  assert.notEqual(readFileSync(q)[0], 0xef);
  assert.equal(readFileSync(q, 'utf8'), '合计 10\n');
});

test('writeAtomic refuses when the file changed on disk since it was read', () => {
  const w = workspace();
  const p = join(w.root, 'reports', 'tables.yaml');
  const read = readConfined(w.root, w.report, 'tables.yaml');
  assert.ok(read.ok);
  writeFileSync(p, 'a: 1\nb: saved by another program\n');
  const x = refused(writeAtomic(p, 'a: 2\n', read.text), 'changed');
  assert.match(x.reason.en, /changed on disk/);
  assert.equal(readFileSync(p, 'utf8'), 'a: 1\nb: saved by another program\n');
});

test('writeAtomic never writes through a symlink, nor outside the root', () => {
  const w = workspace();
  const target = join(w.outside, 'secret.yaml');
  const link = join(w.root, 'reports', 'link.yaml');
  symlinkSync(target, link);
  refused(writeAtomic(link, 'pwned\n', 'secret: 1\n'), 'symlink');
  assert.equal(readFileSync(target, 'utf8'), 'secret: 1\n');
  refused(writeAtomic(target, 'pwned\n', 'secret: 1\n', { root: w.root }), 'outside');
  assert.equal(readFileSync(target, 'utf8'), 'secret: 1\n');
});

test('writeAtomic refuses a file that is not UTF-8, and text with no UTF-8 form', () => {
  const w = workspace();
  const p = join(w.root, 'gbk.md');
  const bytes = Buffer.from([0x41, 0x20, 0xb2, 0xe2, 0x0a]);
  writeFileSync(p, bytes);
  const r = readUtf8(p);
  assert.ok(r.ok);
  const x = refused(writeAtomic(p, 'B' + r.text.slice(1), r.text), 'invalid-utf8');
  assert.match(x.reason.en, /not valid UTF-8/);
  assert.deepEqual(readFileSync(p), bytes);
  const q = join(w.root, 'q.md');
  writeFileSync(q, 'x\n');
  refused(writeAtomic(q, 'x\ud800\n', 'x\n'), 'unencodable');
  assert.equal(readFileSync(q, 'utf8'), 'x\n');
});

test('a write failing midway (disk full) leaves the original intact and no temporary file', () => {
  const w = workspace();
  const p = join(w.root, 'reports', 'tables.yaml');
  const original = readFileSync(p);
  let calls = 0;
  const failing = (fd: number, data: Uint8Array, offset: number) => {
    if (calls++ > 0) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    // half of it, then the disk is full
    return writeSync(fd, data, offset, Math.max(1, (data.length - offset) >> 1));
  };
  const x = refused(writeAtomic(p, 'a: 22222222222\n', 'a: 1\n', { write: failing }), 'io');
  assert.match(x.reason.en, /ENOSPC.*unchanged/);
  assert.deepEqual(readFileSync(p), original);
  assert.deepEqual(
    readdirSync(join(w.root, 'reports')).filter((n) => n.includes('suanpan-tmp')),
    [],
  );
  // a writer that writes nothing is a failure too, not an endless loop
  refused(writeAtomic(p, 'a: 3\n', 'a: 1\n', { write: () => 0 }), 'io');
  assert.deepEqual(readFileSync(p), original);
});

test('the engine shows a refused linked file at the 数据 line with the reason', () => {
  const w = workspace();
  for (const [name, pattern] of [
    ['../../../../etc/passwd', /outside the workspace/],
    ['/etc/passwd', /absolute path/],
    ['pipe.yaml', /FIFO/],
  ] as const) {
    if (name === 'pipe.yaml' && !existsSync(join(w.root, 'reports', name)))
      execFileSync('mkfifo', [join(w.root, 'reports', name)]);
    const text = `---\n类型: 部门决算\n数据: ${name}\n---\n# 2024年度部门决算公开说明\n`;
    const r = check(text, { path: w.report, lang: 'en', readFile: confinedReadFile(w.root, w.report) });
    const f = r.findings.find((x) => /数据/.test(x.message) && pattern.test(x.message));
    assert.ok(f, `${name}: ${JSON.stringify(r.findings.map((x) => x.message))}`);
    assert.equal(f.range.start.line, 2);
  }
  // and a good one is read
  const good = check('---\n类型: 部门决算\n数据: tables.yaml\n---\n# 2024年度部门决算公开说明\n', {
    path: w.report,
    lang: 'en',
    readFile: confinedReadFile(w.root, w.report),
  });
  assert.equal(
    good.findings.some((x) => /数据/.test(x.message) && /refused|not found/.test(x.message)),
    false,
  );
});
