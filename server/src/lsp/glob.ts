/**
 * A small glob matcher for the `suanpan.files` setting: `**`, `*`, `?`, `[…]` and `{a,b}`,
 * matched against forward-slash paths. A pattern without a slash matches the file name
 * anywhere (as in .gitignore); a relative pattern is matched against the path relative to a
 * workspace folder; an absolute one against the absolute path.
 */

const cache = new Map<string, RegExp>();

export function globToRegExp(glob: string): RegExp {
  const hit = cache.get(glob);
  if (hit) return hit;
  let re = '';
  let i = 0;
  let braces = 0;
  while (i < glob.length) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches zero or more folders; a trailing `**` matches everything
        if (glob[i + 2] === '/') {
          re += '(?:[^/]*(?:/|$))*';
          i += 3;
        } else {
          re += '.*';
          i += 2;
        }
      } else {
        re += '[^/]*';
        i++;
      }
    } else if (c === '?') {
      re += '[^/]';
      i++;
    } else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0) {
        re += '\\[';
        i++;
      } else {
        let body = glob.slice(i + 1, close).replace(/\\/g, '\\\\');
        if (body.startsWith('!')) body = '^' + body.slice(1);
        re += `[${body}]`;
        i = close + 1;
      }
    } else if (c === '{') {
      braces++;
      re += '(?:';
      i++;
    } else if (c === '}' && braces > 0) {
      braces--;
      re += ')';
      i++;
    } else if (c === ',' && braces > 0) {
      re += '|';
      i++;
    } else {
      re += c.replace(/[.+^$()|\\\]]/g, '\\$&');
      i++;
    }
  }
  while (braces-- > 0) re += ')';
  let out: RegExp;
  try {
    out = new RegExp(`^${re}$`, 'u');
  } catch {
    out = /(?!)/; // an unusable pattern matches nothing
  }
  cache.set(glob, out);
  return out;
}

/** Whether `absPath` matches any glob, trying it relative to each root too. */
export function matchesAny(globs: string[], absPath: string, roots: string[]): boolean {
  if (!globs.length) return false;
  const p = absPath.replace(/\\/g, '/');
  const name = p.slice(p.lastIndexOf('/') + 1);
  const rels = roots
    .map((r) => r.replace(/\\/g, '/').replace(/\/+$/, '') + '/')
    .filter((r) => p.startsWith(r))
    .map((r) => p.slice(r.length));
  for (const g0 of globs) {
    const g = g0.replace(/\\/g, '/').replace(/^\.\//, '');
    const re = globToRegExp(g);
    if (g.startsWith('/')) {
      if (re.test(p)) return true;
    } else if (!g.includes('/')) {
      if (re.test(name)) return true;
    } else if (rels.some((r) => re.test(r)) || re.test(p)) return true;
  }
  return false;
}
