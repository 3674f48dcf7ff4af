/**
 * Layout profile files (docs/profiles.md): read from disk and validated by the engine
 * (readProfileText). A file that cannot be used is a message, never an exception.
 */
import { readFileSync, statSync } from 'node:fs';
import { ProfileError, readProfileText } from '../engine/structure/profile';

export const MAX_PROFILE_BYTES = 1024 * 1024;

/** A profile file as read: its parsed profiles, or why it cannot be used. */
export type ProfileFileResult = unknown[] | { zh: string; en: string };

/** The file's modification time and size ('x' when it cannot be read). */
export function profileFileStamp(path: string): string {
  try {
    const st = statSync(path);
    return `${st.mtimeMs}:${st.size}`;
  } catch {
    return 'x';
  }
}

/** Reads one layout profile file (one profile, or a list of them), with its stamp. */
export function readProfileFile(path: string): { stamp: string; result: ProfileFileResult } {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    return { stamp: 'x', result: { zh: `无法读取（${why}）`, en: `cannot be read (${why})` } };
  }
  const stamp = `${st.mtimeMs}:${st.size}`;
  if (!st.isFile()) return { stamp, result: { zh: '不是文件', en: 'is not a file' } };
  if (st.size > MAX_PROFILE_BYTES)
    return { stamp, result: { zh: `过大（${st.size} 字节）`, en: `is too large (${st.size} bytes)` } };
  try {
    return { stamp, result: readProfileText(readFileSync(path, 'utf8')) };
  } catch (e) {
    if (e instanceof ProfileError)
      return { stamp, result: { zh: `有误：${e.message}`, en: `is invalid: ${e.message}` } };
    return {
      stamp,
      result: { zh: `无法读取（${(e as Error).message}）`, en: `cannot be read (${(e as Error).message})` },
    };
  }
}

/** Reads layout profile files given on a command line; a message when one is unusable. */
export function loadProfiles(paths: string[]): unknown[] | string {
  const out: unknown[] = [];
  for (const p of paths) {
    let text: string;
    try {
      text = readFileSync(p, 'utf8');
    } catch (e) {
      return `${p}: 布局文件无法读取 (cannot read the layout profile: ${(e as Error).message})`;
    }
    try {
      out.push(...readProfileText(text));
    } catch (e) {
      if (e instanceof ProfileError) return `${p}: 布局文件有误 (invalid layout profile: ${e.message})`;
      throw e;
    }
  }
  return out;
}
