/**
 * `node:path` for the web build (POSIX forms only): the language server's path arithmetic on the
 * paths of `file:` URIs, which the web client makes of the workspace's URIs (client/src/web.ts).
 */
export const sep = '/';
export const delimiter = ':';

function normalizeParts(path: string): string[] {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (!part || part === '.') continue;
    if (part === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!path.startsWith('/')) out.push('..');
    } else out.push(part);
  }
  return out;
}

export function isAbsolute(path: string): boolean {
  return path.startsWith('/');
}

export function normalize(path: string): string {
  const abs = isAbsolute(path);
  const body = normalizeParts(path).join('/');
  return abs ? `/${body}` : body || '.';
}

export function join(...parts: string[]): string {
  const joined = parts.filter((p) => p !== '').join('/');
  return joined ? normalize(joined) : '.';
}

export function resolve(...parts: string[]): string {
  let path = '';
  for (let i = parts.length - 1; i >= 0 && !isAbsolute(path); i--) if (parts[i]) path = `${parts[i]}/${path}`;
  return normalize(isAbsolute(path) ? path : `/${path}`).replace(/(.)\/$/, '$1');
}

export function dirname(path: string): string {
  const p = path.replace(/\/+$/, '');
  const cut = p.lastIndexOf('/');
  if (cut < 0) return '.';
  return cut === 0 ? '/' : p.slice(0, cut);
}

export function basename(path: string, ext?: string): string {
  const base = path.replace(/\/+$/, '').replace(/^.*\//, '');
  return ext && base.endsWith(ext) && base !== ext ? base.slice(0, -ext.length) : base;
}

export function extname(path: string): string {
  const base = basename(path);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot);
}

export function relative(from: string, to: string): string {
  const a = normalizeParts(resolve(from));
  const b = normalizeParts(resolve(to));
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
}

export const posix = { sep, delimiter, isAbsolute, normalize, join, resolve, dirname, basename, extname, relative };
export default posix;
