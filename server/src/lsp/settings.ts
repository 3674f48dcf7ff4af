/**
 * Settings: the editor's `suanpan.*` settings (resource-scoped) merged with the nearest
 * `.suanpan.yaml` up the folder tree. The project file holds the team's rule settings and
 * wins over the editor's for the keys it sets; language, run mode and enablement stay personal.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { RULE_BY_ID, RULES, type CheckOptions, type Lang, type Severity } from '../engine';

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
  if (r.roundingDifferences === 'info' || r.roundingDifferences === 'hide') s.roundingDifferences = r.roundingDifferences;
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
  /** Problems found while reading it, with 0-based positions, for diagnostics on the file. */
  problems: ConfigProblem[];
}

export interface ConfigProblem {
  message: Record<Lang, string>;
  severity: 'error' | 'warning';
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** Parses a `.suanpan.yaml` text. Never throws: what it cannot use becomes a problem. */
export function parseProjectConfig(text: string, path = PROJECT_FILE): ProjectConfig {
  const cfg: ProjectConfig = { path, rules: {}, problems: [] };
  const lc = new LineCounter();
  let doc;
  try {
    doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  } catch (e) {
    cfg.problems.push(problem(lc, [0, 0], 'error', `无法解析：${(e as Error).message}`, `Cannot parse: ${(e as Error).message}`));
    return cfg;
  }
  for (const e of doc.errors) cfg.problems.push(problem(lc, e.pos, 'error', `YAML 语法错误：${firstLine(e.message)}`, `YAML syntax error: ${firstLine(e.message)}`));
  if (doc.errors.length) return cfg;
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return cfg;
  if (!isMap(root)) {
    cfg.problems.push(problem(lc, rangeOf(root), 'error', '应为键值映射（如 rules: …）', 'Expected a mapping (e.g. rules: …)'));
    return cfg;
  }
  for (const item of root.items) {
    const key = isScalar(item.key) ? String(item.key.value) : '';
    const keyRange = rangeOf(item.key as YamlNode | null);
    if (key === 'rules') {
      const v = item.value as YamlNode | null;
      if (v === null || (isScalar(v) && v.value === null)) continue;
      if (!isMap(v)) {
        cfg.problems.push(problem(lc, rangeOf(v) ?? keyRange, 'error', 'rules 应为「规则: 级别」的映射', 'rules must map rule ids to severities'));
        continue;
      }
      for (const r of v.items) {
        const id = isScalar(r.key) ? String(r.key.value) : '';
        const rule = RULE_BY_ID.get(id);
        if (!rule) {
          const known = RULES.map((x) => x.id).join(', ');
          cfg.problems.push(problem(lc, rangeOf(r.key as YamlNode), 'warning', `未知规则「${id}」；可用：${known}`, `Unknown rule "${id}"; known rules: ${known}`));
          continue;
        }
        const sev = isScalar(r.value) ? r.value.value : undefined;
        // YAML 1.2 reads a bare `off` as the string "off"; accept false too.
        const val = sev === false ? 'off' : sev;
        if (typeof val !== 'string' || !SEVERITIES.includes(val)) {
          cfg.problems.push(problem(lc, rangeOf(r.value as YamlNode) ?? rangeOf(r.key as YamlNode), 'error', `级别应为 error、warning、info 或 off`, `Severity must be error, warning, info or off`));
          continue;
        }
        cfg.rules[rule.id] = val as RuleSetting;
      }
    } else if (key === 'roundingDifferences') {
      const v = isScalar(item.value) ? item.value.value : undefined;
      if (v === 'info' || v === 'hide') cfg.roundingDifferences = v;
      else cfg.problems.push(problem(lc, rangeOf(item.value as YamlNode) ?? keyRange, 'error', 'roundingDifferences 应为 info 或 hide', 'roundingDifferences must be info or hide'));
    } else {
      cfg.problems.push(problem(lc, keyRange, 'warning', `未知设置「${key}」（可用：rules、roundingDifferences）`, `Unknown setting "${key}" (known: rules, roundingDifferences)`));
    }
  }
  return cfg;
}

function firstLine(s: string): string {
  return s.split('\n')[0].trim();
}

function rangeOf(n: YamlNode | null | undefined): [number, number] | undefined {
  const r = n && (n as { range?: [number, number, number] }).range;
  return r ? [r[0], r[1]] : undefined;
}

function problem(lc: LineCounter, at: [number, number] | undefined, severity: 'error' | 'warning', zh: string, en: string): ConfigProblem {
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

  invalidate(): void {
    this.lookups.clear();
    this.files.clear();
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

/** The engine options for a document: editor settings, then the project file on top. */
export function checkOptions(settings: EditorSettings, project: ProjectConfig | undefined, lang: Lang, path: string | undefined): CheckOptions {
  return {
    path,
    lang,
    rules: { ...settings.rules, ...(project?.rules ?? {}) },
    roundingDifferences: project?.roundingDifferences ?? settings.roundingDifferences,
  };
}
