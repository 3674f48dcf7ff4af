/** Finding report files in the workspace folders for "check all reports". */
import { lstat, readdir, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { matchesAny } from './glob';

export const REPORT_FILE = /\.(md|markdown|txt|ya?ml)$/i;
export const MAX_FILES = 5000;
export const MAX_FILE_BYTES = 4 * 1024 * 1024;
const SKIP_DIRS = new Set(['node_modules', 'out', 'dist', 'target', 'bower_components', '__pycache__']);

/**
 * Report candidates under the roots: Markdown, text and YAML files, plus any file matching one of
 * the `files` globs. Skips hidden and dependency folders and files over the size limit. The walk
 * is asynchronous (the server keeps answering), never follows a symbolic link (a link loop cannot
 * trap it, a link cannot lead outside) and visits each real folder once.
 */
export async function findReportFiles(roots: string[], globs: string[], limit = MAX_FILES): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  const folders = new Set<string>();
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (out.length >= limit || depth > 32) return;
    const real = await realpath(dir).catch(() => dir);
    if (folders.has(real)) return;
    folders.add(real);
    let names: string[];
    try {
      names = (await readdir(dir)).sort();
    } catch {
      return;
    }
    for (const name of names) {
      if (out.length >= limit) return;
      if (name.startsWith('.')) continue;
      const p = join(dir, name);
      const st = await lstat(p).catch(() => undefined);
      if (!st || st.isSymbolicLink()) continue;
      if (st.isDirectory()) {
        if (!SKIP_DIRS.has(name)) await walk(p, depth + 1);
      } else if (st.isFile() && st.size <= MAX_FILE_BYTES && (REPORT_FILE.test(name) || matchesAny(globs, p, roots))) {
        if (!seen.has(p)) {
          seen.add(p);
          out.push(p);
        }
      }
    }
  };
  for (const r of roots) await walk(r, 0);
  return out;
}
