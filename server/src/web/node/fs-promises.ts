/** `node:fs/promises` for the web build: no disk (see ./fs.ts); the workspace walk finds nothing. */
const missing = (what: string, p: string) =>
  Promise.reject(
    Object.assign(new Error(`ENOENT: no file system in the web extension host, ${what} '${p}'`), { code: 'ENOENT' }),
  );
export const lstat = (p: string) => missing('lstat', p);
export const readdir = (p: string) => missing('scandir', p);
export const realpath = (p: string) => Promise.resolve(p);
export const readFile = (p: string) => missing('open', p);
