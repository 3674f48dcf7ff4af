/**
 * `node:fs` for the web build: there is no disk. Every read fails as a missing file would, so the
 * language server reads only what the editor has open (the web client opens a report's linked
 * tables file for it) and finds no `.suanpan.yaml` or layout profile files; a path is its own real
 * path (a web file system has no symbolic links the server could see).
 */
function missing(what: string, path?: unknown): never {
  const e = new Error(`ENOENT: no file system in the web extension host, ${what} '${String(path ?? '')}'`) as Error & {
    code: string;
  };
  e.code = 'ENOENT';
  throw e;
}

export const constants = { O_RDONLY: 0, O_WRONLY: 1, O_CREAT: 64, O_EXCL: 128, O_NOFOLLOW: 0, O_NONBLOCK: 0 };
export type Stats = { isFile(): boolean; isDirectory(): boolean; size: number; mtimeMs: number } & Record<
  string,
  unknown
>;

export const existsSync = (): boolean => false;
export const realpathSync = (p: string): string => p;
export const statSync = (p: string): never => missing('stat', p);
export const lstatSync = (p: string): never => missing('lstat', p);
export const fstatSync = (fd: number): never => missing('fstat', fd);
export const readFileSync = (p: string): never => missing('open', p);
export const openSync = (p: string): never => missing('open', p);
export const readSync = (fd: number): never => missing('read', fd);
export const writeSync = (fd: number): never => missing('write', fd);
export const closeSync = (): void => undefined;
export const fsyncSync = (): void => undefined;
export const fchmodSync = (fd: number): never => missing('fchmod', fd);
export const renameSync = (p: string): never => missing('rename', p);
export const unlinkSync = (p: string): never => missing('unlink', p);
