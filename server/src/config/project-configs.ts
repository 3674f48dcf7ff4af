/**
 * Finding and reading the nearest `.suanpan.yaml` up the folder tree of a file, and the layout
 * profile files it names, with caches by modification time. Shared by the language server and
 * the CLI; `invalidate()` after a watched change.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ConfigProblem, ProfileRef, ProjectConfig } from './project';
import { parseProjectConfig, PROJECT_FILE } from './project';
import { profileFileStamp, readProfileFile, type ProfileFileResult } from './profiles';

/** The layout profiles of a config: parsed objects for CheckOptions.profiles, and the problems reading them. */
export interface LoadedProfiles {
  profiles: unknown[];
  problems: ConfigProblem[];
  /** The files' modification times: changes when one of them does. */
  stamp: string;
}

const NO_PROFILES: LoadedProfiles = { profiles: [], problems: [], stamp: '' };

export class ProjectConfigs {
  private lookups = new Map<string, string | null>();
  private files = new Map<string, { mtimeMs: number; size: number; config: ProjectConfig }>();
  private profileFiles = new Map<string, { stamp: string; result: ProfileFileResult }>();
  private loaded = new Map<string, LoadedProfiles>();

  invalidate(): void {
    this.lookups.clear();
    this.files.clear();
    this.profileFiles.clear();
    this.loaded.clear();
  }

  /** Whether the path is a layout profile file that a config read so far names. */
  isProfileFile(path: string): boolean {
    return this.profileFiles.has(path);
  }

  /**
   * The layout profiles a config names, read from disk and validated (readProfileText), with a
   * problem on the config for each file that cannot be read or is invalid. The same array is
   * returned while the files are unchanged, so the engine's per-array cache holds.
   */
  profilesOf(cfg: ProjectConfig | undefined): LoadedProfiles {
    if (!cfg || !cfg.profiles.length) return NO_PROFILES;
    const parts = cfg.profiles.map((ref) => ({ ref, ...this.profileFile(cfg.path, ref) }));
    const stamp = parts.map((p) => `${p.ref.path}\u0001${p.stamp}`).join('\u0002');
    const key = `${cfg.path}\u0003${cfg.profiles.map((r) => `${r.start.line}:${r.start.character}`).join(',')}`;
    const hit = this.loaded.get(key);
    if (hit && hit.stamp === stamp) return hit;
    const out: LoadedProfiles = { profiles: [], problems: [], stamp };
    for (const { ref, result } of parts) {
      if (Array.isArray(result)) out.profiles.push(...result);
      else
        out.problems.push({
          message: { 'zh-CN': `布局文件「${ref.name}」${result.zh}`, en: `Layout profile "${ref.name}": ${result.en}` },
          severity: 'error',
          start: ref.start,
          end: ref.end,
        });
    }
    this.loaded.set(key, out);
    return out;
  }

  /** A profile file a config names, read only from inside the config's folder. */
  private profileFile(configPath: string, ref: ProfileRef): { stamp: string; result: ProfileFileResult } {
    const path = ref.path;
    const hit = this.profileFiles.get(path);
    if (hit && hit.stamp !== 'x' && hit.stamp === profileFileStamp(path)) return hit;
    const r = readProfileFile(dirname(configPath), configPath, ref.name, path);
    this.profileFiles.set(path, r);
    return r;
  }

  /** The nearest config file path for a file path, or undefined. */
  find(filePath: string): string | undefined {
    let dir = dirname(filePath);
    const visited: string[] = [];
    let found: string | null = null;
    for (;;) {
      const cached = this.lookups.get(dir);
      if (cached !== undefined) {
        found = cached;
        break;
      }
      visited.push(dir);
      const candidate = join(dir, PROJECT_FILE);
      if (isFile(candidate)) {
        found = candidate;
        break;
      }
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
    for (const d of visited) this.lookups.set(d, found);
    return found ?? undefined;
  }

  /** The config for a file path, or undefined when there is none (or it cannot be read). */
  forFile(filePath: string): ProjectConfig | undefined {
    const p = this.find(filePath);
    return p ? this.read(p) : undefined;
  }

  read(path: string): ProjectConfig | undefined {
    let st;
    try {
      st = statSync(path);
    } catch {
      return undefined;
    }
    const hit = this.files.get(path);
    if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.config;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
    const config = parseProjectConfig(text, path);
    this.files.set(path, { mtimeMs: st.mtimeMs, size: st.size, config });
    return config;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
