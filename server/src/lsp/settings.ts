/**
 * Settings: the editor's `suanpan.*` settings (resource-scoped) merged with the nearest
 * `.suanpan.yaml` up the folder tree. The project file holds the team's rule settings and
 * wins over the editor's for the keys it sets; language, run mode and enablement stay personal.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { RULE_BY_ID, RULES, type CheckOptions, type Lang, type Severity } from '../engine';
import { ProfileError, readProfileText } from '../engine/structure/profile';

export type RuleSetting = Severity | 'off';

/** The `suanpan.*` settings as the client sends them (every key optional, any type). */
export interface EditorSettings {
  enable: boolean;
  run: 'onType' | 'onSave';
  rules: Record<string, RuleSetting>;
  roundingDifferences: 'info' | 'hide';
  language: 'auto' | Lang;
  /** Globs (workspace-relative or absolute) of files to treat as reports whatever their content. */
  files: string[];
}

export const DEFAULT_SETTINGS: EditorSettings = {
  enable: true,
  run: 'onType',
  rules: {},
  roundingDifferences: 'info',
  language: 'auto',
  files: [],
};

const SEVERITIES = ['error', 'warning', 'info', 'off'];

/** Reads untrusted settings (from the client or initializationOptions) into a valid object. */
export function normalizeSettings(raw: unknown): EditorSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const s: EditorSettings = { ...DEFAULT_SETTINGS, rules: {}, files: [] };
  if (typeof r.enable === 'boolean') s.enable = r.enable;
  if (r.run === 'onType' || r.run === 'onSave') s.run = r.run;
  if (r.roundingDifferences === 'info' || r.roundingDifferences === 'hide')
    s.roundingDifferences = r.roundingDifferences;
  if (r.language === 'auto' || r.language === 'zh-CN' || r.language === 'en') s.language = r.language;
  if (r.rules && typeof r.rules === 'object') {
    for (const [k, v] of Object.entries(r.rules as Record<string, unknown>)) {
      const id = RULE_BY_ID.get(k)?.id;
      if (id && typeof v === 'string' && SEVERITIES.includes(v)) s.rules[id] = v as RuleSetting;
    }
  }
  if (typeof r.files === 'string' && r.files) s.files = [r.files];
  else if (Array.isArray(r.files)) s.files = r.files.filter((x): x is string => typeof x === 'string' && x.length > 0);
  return s;
}

/** auto → the client's locale (zh* → zh-CN, anything else → en; none → zh-CN). */
export function resolveLang(setting: EditorSettings['language'], clientLocale: string | undefined): Lang {
  if (setting === 'zh-CN' || setting === 'en') return setting;
  if (!clientLocale) return 'zh-CN';
  return /^zh/i.test(clientLocale) ? 'zh-CN' : 'en';
}

// ---------------------------------------------------------------------------------------
// .suanpan.yaml

export const PROJECT_FILE = '.suanpan.yaml';

export interface ProjectConfig {
  path: string;
  rules: Record<string, RuleSetting>;
  roundingDifferences?: 'info' | 'hide';
  /** The layout profile files it names (`profiles:`), resolved against its folder. */
  profiles: ProfileRef[];
  /** Problems found while reading it, with 0-based positions, for diagnostics on the file. */
  problems: ConfigProblem[];
}

/** A layout profile file named in `.suanpan.yaml`: as written, resolved, and where it is written. */
export interface ProfileRef {
  name: string;
  path: string;
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export interface ConfigProblem {
  message: Record<Lang, string>;
  severity: 'error' | 'warning';
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** Parses a `.suanpan.yaml` text. Never throws: what it cannot use becomes a problem. */
export function parseProjectConfig(text: string, path = PROJECT_FILE): ProjectConfig {
  const cfg: ProjectConfig = { path, rules: {}, profiles: [], problems: [] };
  const lc = new LineCounter();
  let doc;
  try {
    doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  } catch (e) {
    cfg.problems.push(
      problem(lc, [0, 0], 'error', `无法解析：${(e as Error).message}`, `Cannot parse: ${(e as Error).message}`),
    );
    return cfg;
  }
  for (const e of doc.errors)
    cfg.problems.push(
      problem(
        lc,
        e.pos,
        'error',
        `YAML 语法错误：${firstLine(e.message)}`,
        `YAML syntax error: ${firstLine(e.message)}`,
      ),
    );
  if (doc.errors.length) return cfg;
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return cfg;
  if (!isMap(root)) {
    cfg.problems.push(
      problem(lc, rangeOf(root), 'error', '应为键值映射（如 rules: …）', 'Expected a mapping (e.g. rules: …)'),
    );
    return cfg;
  }
  for (const item of root.items) {
    const key = isScalar(item.key) ? String(item.key.value) : '';
    const keyRange = rangeOf(item.key as YamlNode | null);
    if (key === 'rules') {
      const v = item.value as YamlNode | null;
      if (v === null || (isScalar(v) && v.value === null)) continue;
      if (!isMap(v)) {
        cfg.problems.push(
          problem(
            lc,
            rangeOf(v) ?? keyRange,
            'error',
            'rules 应为「规则: 级别」的映射',
            'rules must map rule ids to severities',
          ),
        );
        continue;
      }
      for (const r of v.items) {
        const id = isScalar(r.key) ? String(r.key.value) : '';
        const rule = RULE_BY_ID.get(id);
        if (!rule) {
          const known = RULES.map((x) => x.id).join(', ');
          cfg.problems.push(
            problem(
              lc,
              rangeOf(r.key as YamlNode),
              'warning',
              `未知规则「${id}」；可用：${known}`,
              `Unknown rule "${id}"; known rules: ${known}`,
            ),
          );
          continue;
        }
        const sev = isScalar(r.value) ? r.value.value : undefined;
        // YAML 1.2 reads a bare `off` as the string "off"; accept false too.
        const val = sev === false ? 'off' : sev;
        if (typeof val !== 'string' || !SEVERITIES.includes(val)) {
          cfg.problems.push(
            problem(
              lc,
              rangeOf(r.value as YamlNode) ?? rangeOf(r.key as YamlNode),
              'error',
              `级别应为 error、warning、info 或 off`,
              `Severity must be error, warning, info or off`,
            ),
          );
          continue;
        }
        cfg.rules[rule.id] = val as RuleSetting;
      }
    } else if (key === 'roundingDifferences') {
      const v = isScalar(item.value) ? item.value.value : undefined;
      if (v === 'info' || v === 'hide') cfg.roundingDifferences = v;
      else
        cfg.problems.push(
          problem(
            lc,
            rangeOf(item.value as YamlNode) ?? keyRange,
            'error',
            'roundingDifferences 应为 info 或 hide',
            'roundingDifferences must be info or hide',
          ),
        );
    } else if (key === 'profiles') {
      readProfileRefs(cfg, lc, item.value as YamlNode | null, keyRange);
    } else {
      cfg.problems.push(
        problem(
          lc,
          keyRange,
          'warning',
          `未知设置「${key}」（可用：rules、roundingDifferences、profiles）`,
          `Unknown setting "${key}" (known: rules, roundingDifferences, profiles)`,
        ),
      );
    }
  }
  return cfg;
}

/** `profiles:` a list of paths, relative to the config file's folder. */
function readProfileRefs(
  cfg: ProjectConfig,
  lc: LineCounter,
  v: YamlNode | null,
  keyRange: [number, number] | undefined,
): void {
  if (v === null || (isScalar(v) && v.value === null)) return;
  if (!isSeq(v)) {
    cfg.problems.push(
      problem(
        lc,
        rangeOf(v) ?? keyRange,
        'error',
        'profiles 应为布局文件路径的列表（如 profiles: [layouts/my.yaml]）',
        'profiles must be a list of layout profile file paths (e.g. profiles: [layouts/my.yaml])',
      ),
    );
    return;
  }
  const items = v.items as Array<YamlNode | null>;
  const base = dirname(resolve(cfg.path));
  for (const n of items) {
    const name = n && isScalar(n) && typeof n.value === 'string' ? n.value.trim() : '';
    if (!name) {
      cfg.problems.push(
        problem(
          lc,
          rangeOf(n) ?? rangeOf(v) ?? keyRange,
          'error',
          'profiles 的每一项应为布局文件的路径（相对于 .suanpan.yaml）',
          'each entry of profiles must be a layout profile file path (relative to .suanpan.yaml)',
        ),
      );
      continue;
    }
    const at = problem(lc, rangeOf(n), 'error', '', '');
    cfg.profiles.push({ name, path: isAbsolute(name) ? name : join(base, name), start: at.start, end: at.end });
  }
}

function firstLine(s: string): string {
  return s.split('\n')[0].trim();
}

function rangeOf(n: YamlNode | null | undefined): [number, number] | undefined {
  const r = n && (n as { range?: [number, number, number] }).range;
  return r ? [r[0], r[1]] : undefined;
}

function problem(
  lc: LineCounter,
  at: [number, number] | undefined,
  severity: 'error' | 'warning',
  zh: string,
  en: string,
): ConfigProblem {
  const [a, b] = at ?? [0, 0];
  const pos = (o: number) => {
    const p = lc.linePos(o);
    return { line: Math.max(0, p.line - 1), character: Math.max(0, p.col - 1) };
  };
  return { message: { 'zh-CN': zh, en }, severity, start: pos(a), end: pos(Math.max(a, b)) };
}

/**
 * Finds and reads the nearest `.suanpan.yaml` from a directory upwards, caching both the
 * lookups and the parsed files (by modification time). `invalidate()` after a watched change.
 */
export class ProjectConfigs {
  private lookups = new Map<string, string | null>();
  private files = new Map<string, { mtimeMs: number; size: number; config: ProjectConfig }>();
  private profileFiles = new Map<string, { stamp: string; result: unknown[] | { zh: string; en: string } }>();
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
    const parts = cfg.profiles.map((ref) => ({ ref, ...this.profileFile(ref.path) }));
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

  private profileFile(path: string): { stamp: string; result: unknown[] | { zh: string; en: string } } {
    let st;
    try {
      st = statSync(path);
    } catch (e) {
      const r = {
        stamp: 'x',
        result: {
          zh: `无法读取（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}）`,
          en: `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
        },
      };
      this.profileFiles.set(path, r);
      return r;
    }
    const stamp = `${st.mtimeMs}:${st.size}`;
    const hit = this.profileFiles.get(path);
    if (hit && hit.stamp === stamp) return hit;
    let result: unknown[] | { zh: string; en: string };
    if (!st.isFile()) result = { zh: '不是文件', en: 'is not a file' };
    else if (st.size > MAX_PROFILE_BYTES)
      result = { zh: `过大（${st.size} 字节）`, en: `is too large (${st.size} bytes)` };
    else {
      try {
        result = readProfileText(readFileSync(path, 'utf8'));
      } catch (e) {
        if (e instanceof ProfileError) result = { zh: `有误：${e.message}`, en: `is invalid: ${e.message}` };
        else result = { zh: `无法读取（${(e as Error).message}）`, en: `cannot be read (${(e as Error).message})` };
      }
    }
    const r = { stamp, result };
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

/** The layout profiles of a config: parsed objects for CheckOptions.profiles, and the problems reading them. */
export interface LoadedProfiles {
  profiles: unknown[];
  problems: ConfigProblem[];
  /** The files' modification times: changes when one of them does. */
  stamp: string;
}

const NO_PROFILES: LoadedProfiles = { profiles: [], problems: [], stamp: '' };
const MAX_PROFILE_BYTES = 1024 * 1024;

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The engine options for a document: editor settings, then the project file on top. */
export function checkOptions(
  settings: EditorSettings,
  project: ProjectConfig | undefined,
  lang: Lang,
  path: string | undefined,
  profiles?: LoadedProfiles,
): CheckOptions {
  const opts: CheckOptions = {
    path,
    lang,
    rules: { ...settings.rules, ...(project?.rules ?? {}) },
    roundingDifferences: project?.roundingDifferences ?? settings.roundingDifferences,
  };
  if (profiles?.profiles.length) opts.profiles = profiles.profiles;
  return opts;
}
