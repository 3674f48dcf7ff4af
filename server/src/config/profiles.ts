/**
 * Layout profile files (docs/profiles.md): read from disk and validated by the engine
 * (readProfileText). A file that cannot be used is a message, never an exception.
 */
import { statSync } from 'node:fs';
import { readConfined, readUtf8, type Refusal } from '../host/files';
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

/**
 * Reads one layout profile file (one profile, or a list of them) that the project file
 * `configPath` names as `name`, with its stamp: only from inside `root` (the folder holding the
 * project file), only a regular UTF-8 file of at most MAX_PROFILE_BYTES (readConfined).
 */
export function readProfileFile(
  root: string,
  configPath: string,
  name: string,
  path: string,
): { stamp: string; result: ProfileFileResult } {
  const stamp = profileFileStamp(path);
  const read = readConfined(root, configPath, name, { maxBytes: MAX_PROFILE_BYTES });
  if (!read.ok) return { stamp, result: refused(read) };
  try {
    return { stamp, result: readProfileText(read.text) };
  } catch (e) {
    if (e instanceof ProfileError)
      return { stamp, result: { zh: `有误：${e.message}`, en: `is invalid: ${e.message}` } };
    return {
      stamp,
      result: { zh: `无法读取（${(e as Error).message}）`, en: `cannot be read (${(e as Error).message})` },
    };
  }
}

function refused(r: Refusal): { zh: string; en: string } {
  if (r.code === 'not-found') return { zh: '无法读取（ENOENT）', en: 'cannot be read (ENOENT)' };
  return { zh: `不予读取：${r.reason['zh-CN']}`, en: `is not read: ${r.reason.en}` };
}

/** Reads layout profile files given on a command line; a message when one is unusable. */
export function loadProfiles(paths: string[]): unknown[] | string {
  const out: unknown[] = [];
  for (const p of paths) {
    // a file named on the command line: any path, but only a regular UTF-8 file of bounded size
    const read = readUtf8(p, { maxBytes: MAX_PROFILE_BYTES });
    if (!read.ok)
      return `${p}: 布局文件无法读取：${read.reason['zh-CN']} (cannot read the layout profile: ${read.reason.en})`;
    if (read.invalidUtf8At !== undefined)
      return `${p}: 布局文件不是有效的 UTF-8 (the layout profile is not valid UTF-8, byte ${read.invalidUtf8At})`;
    try {
      out.push(...readProfileText(read.text));
    } catch (e) {
      if (e instanceof ProfileError) return `${p}: 布局文件有误 (invalid layout profile: ${e.message})`;
      throw e;
    }
  }
  return out;
}
