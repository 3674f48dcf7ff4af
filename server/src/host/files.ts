/**
 * Safe file access for the hosts (the CLI and the language server); the engine never touches
 * the file system. Three promises:
 * - a file a report links (front matter `数据: tables.yaml`, a `profiles:` entry of
 *   `.suanpan.yaml`) is read only from inside the workspace root, only when it is a regular
 *   file of bounded size holding UTF-8 text, and never by blocking on a FIFO or a device;
 * - a write is atomic (a temporary file in the same folder, then a rename keeping the mode),
 *   never goes through a symlink, keeps a UTF-8 BOM as it was and refuses when the file on
 *   disk changed since it was read or is not valid UTF-8;
 * - every refusal says why, in Chinese and English.
 */
import {
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  fsyncSync,
  lstatSync,
  openSync,
  readSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { LinkRefusal } from '../engine/read';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

export interface Bilingual {
  'zh-CN': string;
  en: string;
}

export type RefusalCode =
  | 'bad-name'
  | 'absolute'
  | 'outside'
  | 'symlink-outside'
  | 'symlink'
  | 'not-found'
  | 'not-regular'
  | 'too-large'
  | 'binary'
  | 'invalid-utf8'
  | 'unencodable'
  | 'changed'
  | 'io';

export interface Refusal {
  ok: false;
  code: RefusalCode;
  reason: Bilingual;
}

export interface ReadText {
  ok: true;
  /** The file's real path (symlinks resolved). */
  path: string;
  /** The text without a BOM, as the engine sees it. */
  text: string;
  /** Whether the file starts with a UTF-8 BOM (kept on write). */
  bom: boolean;
}

export interface ReadReport extends ReadText {
  /** Byte offset of the first byte that is not UTF-8 (the text then has U+FFFD there); absent when valid. */
  invalidUtf8At?: number;
}

export interface ReadLimits {
  /** Largest file read, in bytes. */
  maxBytes?: number;
}

/** 16 MiB: the engine's 4 M-character limit in UTF-8 (up to 3 bytes a character for Chinese) and some room. */
export const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
export const PROJECT_FILE = '.suanpan.yaml';
/**
 * A tables file (YAML) may be linked by a report: then it is part of that report, checked with it
 * and not on its own (the CLI's batch, the editor's workspace check).
 */
export const LINKABLE = /\.ya?ml$/i;

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const O_NONBLOCK = constants.O_NONBLOCK ?? 0;

function refuse(code: RefusalCode, zh: string, en: string): Refusal {
  return { ok: false, code, reason: { 'zh-CN': zh, en } };
}

function errCode(e: unknown): string {
  return (e as NodeJS.ErrnoException)?.code ?? (e as Error)?.message ?? String(e);
}

// ---------------------------------------------------------------------------------------------
// The workspace root

/**
 * The folder linked files must stay in: the one holding the nearest `.suanpan.yaml` up from
 * the report, else the editor's workspace folder that contains the report (the innermost),
 * else the report's own folder.
 */
export function workspaceRoot(reportPath: string, editorFolders: readonly string[] = []): string {
  const start = dirname(resolve(reportPath));
  for (let dir = start; ;) {
    if (isRegularFile(join(dir, PROJECT_FILE))) return dir;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  const holding = editorFolders
    .map((f) => resolve(f))
    .filter((f) => isInside(f, start))
    .sort((a, b) => b.length - a.length);
  return holding[0] ?? start;
}

function isRegularFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Whether `p` is `root` or lies under it (both absolute, compared as written). */
export function isInside(root: string, p: string): boolean {
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
}

/** Absolute in any of the forms a report may carry: `/x`, `\x`, `C:\x`, `C:x`, `\\server\x`, `~/x`. */
function looksAbsolute(name: string): boolean {
  return isAbsolute(name) || /^([a-zA-Z]:|[\\/]|~[\\/]|~$)/.test(name);
}

// ---------------------------------------------------------------------------------------------
// Reading

/**
 * Reads the file `name` that the file `from` links, resolved against the folder of `from` and
 * confined to `root`. Refuses absolute names, names leaving the root (by `..` or by a symlink),
 * anything but a regular file, files over `maxBytes`, binary files and invalid UTF-8.
 */
export function readConfined(root: string, from: string, name: string, limits: ReadLimits = {}): ReadText | Refusal {
  const bad = badName(name);
  if (bad) return bad;
  const located = locateInside(root, from, name);
  if (!located.ok) return located;
  const read = readRegular(located.path, limits.maxBytes ?? DEFAULT_MAX_BYTES, name);
  if (!read.ok) return read;
  const decoded = decodeStrict(read.bytes, name);
  return decoded.ok ? { ...decoded, path: located.path } : decoded;
}

/** Why a linked name is refused before any look at the disk: empty, a NUL byte, absolute. */
function badName(name: string): Refusal | undefined {
  if (!name || name.includes('\0'))
    return refuse('bad-name', `文件名无效：「${name}」`, `invalid file name: "${name}"`);
  if (looksAbsolute(name))
    return refuse(
      'absolute',
      `「${name}」是绝对路径；链接的文件须以相对路径写在工作区内`,
      `"${name}" is an absolute path; a linked file must be given relative to the workspace`,
    );
  return undefined;
}

/** The real path of `name` (relative to the folder of `from`) when it and its target are inside `root`. */
function locateInside(root: string, from: string, name: string): { ok: true; path: string } | Refusal {
  const outside = () =>
    refuse(
      'outside',
      `「${name}」在工作区（${root}）之外，不予读取`,
      `"${name}" is outside the workspace (${root}); it is not read`,
    );
  const lexical = resolve(dirname(resolve(from)), name);
  let rootReal: string;
  try {
    rootReal = realpathSync(root);
  } catch (e) {
    return refuse(
      'io',
      `无法访问工作区 ${root}（${errCode(e)}）`,
      `cannot access the workspace ${root} (${errCode(e)})`,
    );
  }
  const fromReal = tryRealpath(dirname(resolve(from)));
  const viaReal = fromReal ? resolve(fromReal, name) : undefined;
  if (!isInside(resolve(root), lexical) && !(viaReal && isInside(rootReal, viaReal))) return outside();
  let real: string;
  try {
    real = realpathSync(lexical);
  } catch (e) {
    const code = errCode(e);
    if (code === 'ENOENT' || code === 'ENOTDIR')
      return refuse('not-found', `找不到文件「${name}」`, `the file "${name}" is not found`);
    if (code === 'ELOOP') return refuse('symlink', `「${name}」是循环的符号链接`, `"${name}" is a symbolic link loop`);
    return refuse('io', `无法读取「${name}」（${code}）`, `cannot read "${name}" (${code})`);
  }
  if (!isInside(rootReal, real))
    return refuse(
      'symlink-outside',
      `「${name}」经符号链接指向工作区之外（${real}），不予读取`,
      `"${name}" is a symbolic link leading outside the workspace (${real}); it is not read`,
    );
  return { ok: true, path: real };
}

function tryRealpath(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

function kindOf(st: Stats): Bilingual {
  if (st.isDirectory()) return { 'zh-CN': '文件夹', en: 'a folder' };
  if (st.isFIFO()) return { 'zh-CN': '命名管道（FIFO）', en: 'a named pipe (FIFO)' };
  if (st.isCharacterDevice() || st.isBlockDevice()) return { 'zh-CN': '设备文件', en: 'a device' };
  if (st.isSocket()) return { 'zh-CN': '套接字', en: 'a socket' };
  if (st.isSymbolicLink()) return { 'zh-CN': '符号链接', en: 'a symbolic link' };
  return { 'zh-CN': '特殊文件', en: 'a special file' };
}

function notRegular(name: string, st: Stats): Refusal {
  const k = kindOf(st);
  return refuse(
    'not-regular',
    `「${name}」不是普通文件（是${k['zh-CN']}）`,
    `"${name}" is not a regular file (it is ${k.en})`,
  );
}

function tooLarge(name: string, size: number | string, max: number): Refusal {
  return refuse(
    'too-large',
    `「${name}」过大（${size} 字节，上限 ${max} 字节）`,
    `"${name}" is too large (${size} bytes, limit ${max} bytes)`,
  );
}

/**
 * The bytes of a regular file of at most `max` bytes. Checks with lstat before opening (so a
 * FIFO or a device is never opened), opens without following a symlink and without blocking,
 * and checks again on the open descriptor (the same file, still regular).
 */
function readRegular(path: string, max: number, name: string): { ok: true; bytes: Buffer; stats: Stats } | Refusal {
  let st: Stats;
  try {
    st = lstatSync(path);
  } catch (e) {
    const code = errCode(e);
    if (code === 'ENOENT') return refuse('not-found', `找不到文件「${name}」`, `the file "${name}" is not found`);
    return refuse('io', `无法读取「${name}」（${code}）`, `cannot read "${name}" (${code})`);
  }
  if (st.isSymbolicLink())
    return refuse('symlink', `「${name}」是符号链接，不予读取`, `"${name}" is a symbolic link; it is not read`);
  if (!st.isFile()) return notRegular(name, st);
  if (st.size > max) return tooLarge(name, st.size, max);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (e) {
    return refuse('io', `无法打开「${name}」（${errCode(e)}）`, `cannot open "${name}" (${errCode(e)})`);
  }
  try {
    const now = fstatSync(fd);
    if (!now.isFile()) return notRegular(name, now);
    if (now.ino !== st.ino || now.dev !== st.dev)
      return refuse('changed', `「${name}」在读取时被替换`, `"${name}" was replaced while being read`);
    const bytes = readAtMost(fd, max);
    if (!bytes) return tooLarge(name, `> ${max}`, max);
    return { ok: true, bytes, stats: now };
  } catch (e) {
    return refuse('io', `无法读取「${name}」（${errCode(e)}）`, `cannot read "${name}" (${errCode(e)})`);
  } finally {
    closeSync(fd);
  }
}

/** Reads to the end, or undefined when there are more than `max` bytes (a file that grew). */
function readAtMost(fd: number, max: number): Buffer | undefined {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const buf = Buffer.allocUnsafe(Math.min(64 * 1024, max + 1 - total));
    const n = readSync(fd, buf, 0, buf.length, null);
    if (n === 0) break;
    chunks.push(buf.subarray(0, n));
    total += n;
    if (total > max) return undefined;
  }
  return Buffer.concat(chunks, total);
}

/** Byte offset of the first byte that does not belong to well-formed UTF-8, or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  // the usual case (well-formed) in native code; the byte walk below only to say where it breaks
  if (isUtf8(b)) return -1;
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f; // no surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    if (i + n >= b.length) return i; // cut short
    if (b[i + 1] < lo || b[i + 1] > hi) return i;
    for (let k = 2; k <= n; k++) if ((b[i + k] & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return -1;
}

function splitBom(bytes: Buffer): { bom: boolean; body: Buffer } {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return { bom, body: bom ? bytes.subarray(3) : bytes };
}

/** UTF-8 text without a BOM, refusing NUL bytes (binary) and anything that is not UTF-8. */
function decodeStrict(bytes: Buffer, name: string): { ok: true; text: string; bom: boolean } | Refusal {
  const { bom, body } = splitBom(bytes);
  if (body.includes(0))
    return refuse(
      'binary',
      `「${name}」是二进制文件（含 NUL 字节），不予读取`,
      `"${name}" is binary (NUL bytes); not read`,
    );
  const bad = firstInvalidUtf8(body);
  if (bad >= 0) return invalidUtf8(name, bad + (bom ? 3 : 0));
  return { ok: true, text: body.toString('utf8'), bom };
}

function invalidUtf8(name: string, at: number): Refusal {
  return refuse(
    'invalid-utf8',
    `「${name}」不是有效的 UTF-8 文本（第 ${at} 字节起）；请先转为 UTF-8`,
    `"${name}" is not valid UTF-8 (from byte ${at}); convert it to UTF-8 first`,
  );
}

/**
 * Reads a report given on the command line or opened from disk: a regular file of at most
 * `maxBytes`. A BOM is stripped for the engine and remembered; invalid UTF-8 is decoded with
 * U+FFFD and reported (`invalidUtf8At`), so the host can still check it but must not fix it.
 */
export function readUtf8(path: string, limits: ReadLimits = {}): ReadReport | Refusal {
  // a report the user names may be a symlink: read its target (but still only a regular file)
  const read = readRegular(tryRealpath(path) ?? path, limits.maxBytes ?? DEFAULT_MAX_BYTES, path);
  if (!read.ok) return read;
  const { bom, body } = splitBom(read.bytes);
  const bad = firstInvalidUtf8(body);
  const out: ReadReport = { ok: true, path, text: body.toString('utf8'), bom };
  if (bad >= 0) out.invalidUtf8At = bad + (bom ? 3 : 0);
  return out;
}

/**
 * The engine's `readFile` for linked files, confined to `root`. The engine passes the path it
 * resolved from the report's path and the name written (resolvePath); this recovers the name,
 * reads it with readConfined, and throws a FileRefusedError (its `reason` is bilingual) on a
 * refusal, so the engine can say why at the `数据:` line.
 */
export function confinedReadFile(
  root: string,
  from: string,
  limits: ReadLimits = {},
  openText?: (path: string) => string | undefined,
) {
  const cut = Math.max(from.lastIndexOf('/'), from.lastIndexOf('\\'));
  const prefix = cut < 0 ? '' : from.slice(0, cut + 1);
  return (path: string): string => {
    const name = prefix && path.startsWith(prefix) ? path.slice(prefix.length) : path;
    if (openText) {
      // the editor's text of an open file, once its name is known to stay inside the root
      const open = openConfined(root, from, name, path, openText);
      if (!open.ok) throw new FileRefusedError(open);
      if (open.text !== undefined) return open.text;
    }
    const r = readConfined(root, from, name, limits);
    if (!r.ok) throw new FileRefusedError(r);
    return r.text;
  };
}

/** The open text of `path` when the name stays inside the root; text undefined when it is not open. */
function openConfined(
  root: string,
  from: string,
  name: string,
  path: string,
  openText: (path: string) => string | undefined,
): { ok: true; text?: string } | Refusal {
  const bad = badName(name);
  if (bad) return bad;
  const located = locateInside(root, from, name);
  // an open file not yet saved: inside the root as written (locateInside checked that first)
  if (!located.ok) return located.code === 'not-found' ? { ok: true, text: openText(path) } : located;
  return { ok: true, text: openText(path) ?? openText(located.path) };
}

/** A refusal the engine reports at the 数据 entry, with its reason (the engine's LinkRefusal). */
export class FileRefusedError extends LinkRefusal {
  readonly code: RefusalCode;
  constructor(r: Refusal) {
    super(r.reason);
    this.code = r.code;
  }
}

// ---------------------------------------------------------------------------------------------
// Writing

export interface WriteOptions {
  /** When given, the file must be inside this folder (symlinks resolved). */
  root?: string;
  /** Largest file read back for the comparison, in bytes. */
  maxBytes?: number;
  /** Writes bytes to a descriptor (tests inject a failing one); returns the count written. */
  write?: (fd: number, data: Uint8Array, offset: number) => number;
}

export interface Written {
  ok: true;
  /** False when the text was already the new text (nothing written). */
  written: boolean;
}

/** Lone surrogates have no UTF-8 form (they would become U+FFFD). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Replaces the text of `path` with `newText` when it still holds `expectedOldText` (both as
 * the engine sees them, without a BOM): writes a temporary file in the same folder, syncs it,
 * then renames it over the original, keeping its mode and its BOM. Refuses a symlink, a file
 * that is not valid UTF-8, a file changed since it was read, and text with no UTF-8 form; on
 * any failure the original is left as it was and the temporary file removed.
 */
export function writeAtomic(
  path: string,
  newText: string,
  expectedOldText: string,
  options: WriteOptions = {},
): Written | Refusal {
  const name = path;
  const expected = stripBomChar(expectedOldText);
  const wanted = stripBomChar(newText);
  if (LONE_SURROGATE.test(wanted))
    return refuse(
      'unencodable',
      `新文本含无法以 UTF-8 表示的字符（孤立代理项），未写入「${name}」`,
      `the new text has characters with no UTF-8 form (lone surrogates); "${name}" not written`,
    );
  const current = readForWrite(path, options);
  if (!current.ok) return current;
  if (current.text !== expected) return changedOnDisk(name);
  if (wanted === expected) return { ok: true, written: false };
  const bytes = Buffer.concat([current.bom ? BOM : Buffer.alloc(0), Buffer.from(wanted, 'utf8')]);
  return replaceFile(path, bytes, current.stats, expected, options);
}

function stripBomChar(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

function changedOnDisk(name: string): Refusal {
  return refuse(
    'changed',
    `「${name}」在读取后已被修改，未写入（请重新检查后再修复）`,
    `"${name}" changed on disk since it was read; not written (check it again, then fix)`,
  );
}

/** The file as it is now, refusing a symlink, a file outside the root and invalid UTF-8. */
function readForWrite(path: string, options: WriteOptions): (ReadText & { stats: Stats }) | Refusal {
  const name = path;
  try {
    if (lstatSync(path).isSymbolicLink())
      return refuse(
        'symlink',
        `「${name}」是符号链接，不经由它写入`,
        `"${name}" is a symbolic link; not written through it`,
      );
  } catch (e) {
    if (errCode(e) === 'ENOENT') return refuse('not-found', `找不到文件「${name}」`, `the file "${name}" is not found`);
    return refuse('io', `无法访问「${name}」（${errCode(e)}）`, `cannot access "${name}" (${errCode(e)})`);
  }
  if (options.root !== undefined) {
    const rootReal = tryRealpath(options.root);
    const dirReal = tryRealpath(dirname(resolve(path)));
    if (!rootReal || !dirReal || !isInside(rootReal, dirReal))
      return refuse(
        'outside',
        `「${name}」在工作区（${options.root}）之外，不予写入`,
        `"${name}" is outside the workspace (${options.root}); not written`,
      );
  }
  const read = readRegular(path, options.maxBytes ?? DEFAULT_MAX_BYTES, name);
  if (!read.ok) return read;
  const { bom, body } = splitBom(read.bytes);
  const bad = firstInvalidUtf8(body);
  if (bad >= 0)
    return refuse(
      'invalid-utf8',
      `「${name}」不是有效的 UTF-8 文本（第 ${bad + (bom ? 3 : 0)} 字节起），不予修复；请先转为 UTF-8`,
      `"${name}" is not valid UTF-8 (from byte ${bad + (bom ? 3 : 0)}); not fixed; convert it to UTF-8 first`,
    );
  return { ok: true, path, text: body.toString('utf8'), bom, stats: read.stats };
}

function tempName(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.suanpan-tmp`);
}

/** Writes `bytes` to a temporary file beside `path` and renames it over `path`. */
function replaceFile(
  path: string,
  bytes: Buffer,
  was: Stats,
  expected: string,
  options: WriteOptions,
): Written | Refusal {
  const tmp = tempName(path);
  const mode = was.mode & 0o7777;
  const write = options.write ?? ((fd: number, data: Uint8Array, offset: number) => writeSync(fd, data, offset));
  let fd: number | undefined;
  try {
    fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW, mode);
    try {
      fchmodSync(fd, mode);
    } catch {
      // some file systems have no modes; the content still matters more
    }
    for (let off = 0; off < bytes.length;) {
      const n = write(fd, bytes, off);
      if (!(n > 0)) throw Object.assign(new Error('short write'), { code: 'EIO' });
      off += n;
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    // the last look before the rename: the file must still be what was read
    const again = readForWrite(path, { ...options, root: undefined });
    if (!again.ok) throw again;
    if (again.text !== expected || again.stats.ino !== was.ino || again.stats.dev !== was.dev)
      throw changedOnDisk(path);
    renameSync(tmp, path);
  } catch (e) {
    if (fd !== undefined) tryClose(fd);
    tryUnlink(tmp);
    if ((e as Refusal)?.ok === false) return e as Refusal;
    return refuse(
      'io',
      `写入「${path}」失败（${errCode(e)}），原文件未改动`,
      `writing "${path}" failed (${errCode(e)}); the file is unchanged`,
    );
  }
  syncFolder(dirname(path));
  return { ok: true, written: true };
}

function tryClose(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
}

function tryUnlink(p: string): void {
  try {
    unlinkSync(p);
  } catch {
    // never created
  }
}

/** Makes the rename durable where the platform allows syncing a folder (not on Windows). */
function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, constants.O_RDONLY);
    fsyncSync(fd);
  } catch {
    // best effort
  } finally {
    if (fd !== undefined) tryClose(fd);
  }
}
