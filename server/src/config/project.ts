/**
 * `.suanpan.yaml`: the team's rule settings, rounding differences and layout profile files,
 * parsed and validated. Every problem is kept with its position, for diagnostics on the file
 * (language server) or messages (CLI).
 */
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode, type Pair } from 'yaml';
import { RULE_BY_ID, RULES, type Lang } from '../engine';
import { isRuleSetting, type RuleSetting } from './severities';

export const PROJECT_FILE = '.suanpan.yaml';

export interface ProjectConfig {
  path: string;
  rules: Record<string, RuleSetting>;
  roundingDifferences?: 'info' | 'hide';
  /** The layout profile files it names (`profiles:`), resolved against its folder. */
  profiles: ProfileRef[];
  /** Sets of reports checked against each other (`sets:`), as absolute paths. */
  sets: string[][];
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

type Range = [number, number] | undefined;

/** The config being read, with a way to add a problem at a YAML range. */
interface Reading {
  cfg: ProjectConfig;
  lc: LineCounter;
  add(at: Range, severity: 'error' | 'warning', zh: string, en: string): void;
}

/** Parses a `.suanpan.yaml` text. Never throws: what it cannot use becomes a problem. */
export function parseProjectConfig(text: string, path = PROJECT_FILE): ProjectConfig {
  const cfg: ProjectConfig = { path, rules: {}, profiles: [], sets: [], problems: [] };
  const lc = new LineCounter();
  const r: Reading = { cfg, lc, add: (at, sev, zh, en) => cfg.problems.push(problem(lc, at, sev, zh, en)) };
  let doc;
  try {
    doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  } catch (e) {
    r.add([0, 0], 'error', `无法解析：${(e as Error).message}`, `Cannot parse: ${(e as Error).message}`);
    return cfg;
  }
  for (const e of doc.errors)
    r.add(e.pos, 'error', `YAML 语法错误：${firstLine(e.message)}`, `YAML syntax error: ${firstLine(e.message)}`);
  if (doc.errors.length) return cfg;
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return cfg;
  if (!isMap(root)) {
    r.add(rangeOf(root), 'error', '应为键值映射（如 rules: …）', 'Expected a mapping (e.g. rules: …)');
    return cfg;
  }
  for (const item of root.items) readSetting(r, item as Pair<YamlNode | null, YamlNode | null>);
  return cfg;
}

/** One top-level key of the file. */
function readSetting(r: Reading, item: Pair<YamlNode | null, YamlNode | null>): void {
  const key = isScalar(item.key) ? String(item.key.value) : '';
  const keyRange = rangeOf(item.key);
  if (key === 'rules') readRules(r, item.value, keyRange);
  else if (key === 'roundingDifferences') {
    const v = isScalar(item.value) ? item.value.value : undefined;
    if (v === 'info' || v === 'hide') r.cfg.roundingDifferences = v;
    else
      r.add(
        rangeOf(item.value) ?? keyRange,
        'error',
        'roundingDifferences 应为 info 或 hide',
        'roundingDifferences must be info or hide',
      );
  } else if (key === 'profiles') readProfileRefs(r, item.value, keyRange);
  else if (key === 'sets') readSets(r, item.value, keyRange);
  else
    r.add(
      keyRange,
      'warning',
      `未知设置「${key}」（可用：rules、roundingDifferences、profiles、sets）`,
      `Unknown setting "${key}" (known: rules, roundingDifferences, profiles, sets)`,
    );
}

/** `rules:` a mapping of rule ids (or aliases) to severities. */
function readRules(r: Reading, v: YamlNode | null, keyRange: Range): void {
  if (v === null || (isScalar(v) && v.value === null)) return;
  if (!isMap(v)) {
    r.add(rangeOf(v) ?? keyRange, 'error', 'rules 应为「规则: 级别」的映射', 'rules must map rule ids to severities');
    return;
  }
  for (const item of v.items) {
    const id = isScalar(item.key) ? String(item.key.value) : '';
    const rule = RULE_BY_ID.get(id);
    if (!rule) {
      const known = RULES.map((x) => x.id).join(', ');
      r.add(
        rangeOf(item.key as YamlNode),
        'warning',
        `未知规则「${id}」；可用：${known}`,
        `Unknown rule "${id}"; known rules: ${known}`,
      );
      continue;
    }
    const sev = isScalar(item.value) ? item.value.value : undefined;
    // YAML 1.2 reads a bare `off` as the string "off"; accept false too.
    const val = sev === false ? 'off' : sev;
    if (!isRuleSetting(val)) {
      r.add(
        rangeOf(item.value as YamlNode) ?? rangeOf(item.key as YamlNode),
        'error',
        `级别应为 error、warning、info 或 off`,
        `Severity must be error, warning, info or off`,
      );
      continue;
    }
    r.cfg.rules[rule.id] = val;
  }
}

/** `profiles:` a list of paths, relative to the config file's folder. */
function readProfileRefs(r: Reading, v: YamlNode | null, keyRange: Range): void {
  if (v === null || (isScalar(v) && v.value === null)) return;
  if (!isSeq(v)) {
    r.add(
      rangeOf(v) ?? keyRange,
      'error',
      'profiles 应为布局文件路径的列表（如 profiles: [layouts/my.yaml]）',
      'profiles must be a list of layout profile file paths (e.g. profiles: [layouts/my.yaml])',
    );
    return;
  }
  const items = v.items as Array<YamlNode | null>;
  const base = dirname(resolve(r.cfg.path));
  for (const n of items) {
    const name = n && isScalar(n) && typeof n.value === 'string' ? n.value.trim() : '';
    if (!name) {
      r.add(
        rangeOf(n) ?? rangeOf(v) ?? keyRange,
        'error',
        'profiles 的每一项应为布局文件的路径（相对于 .suanpan.yaml）',
        'each entry of profiles must be a layout profile file path (relative to .suanpan.yaml)',
      );
      continue;
    }
    const at = problem(r.lc, rangeOf(n), 'error', '', '');
    r.cfg.profiles.push({ name, path: isAbsolute(name) ? name : join(base, name), start: at.start, end: at.end });
  }
}

/** `sets:` a list of lists of report paths (relative to the config file's folder), two or more each. */
function readSets(r: Reading, v: YamlNode | null, keyRange: Range): void {
  if (v === null || (isScalar(v) && v.value === null)) return;
  const bad = (at: Range) =>
    r.add(
      at,
      'error',
      'sets 应为报告组的列表，每组至少两个报告文件路径（如 sets: [[2024.md, 2025.md]]）',
      'sets must be a list of sets, each of two or more report paths (e.g. sets: [[2024.md, 2025.md]])',
    );
  if (!isSeq(v)) return bad(rangeOf(v) ?? keyRange);
  const base = dirname(resolve(r.cfg.path));
  for (const s of v.items as Array<YamlNode | null>) {
    const names = s && isSeq(s) ? (s.items as Array<YamlNode | null>).map(pathOf) : [];
    if (names.length < 2 || names.some((n) => !n)) {
      bad(rangeOf(s) ?? rangeOf(v) ?? keyRange);
      continue;
    }
    r.cfg.sets.push(names.map((n) => (isAbsolute(n!) ? n! : join(base, n!))));
  }
}

function pathOf(n: YamlNode | null): string | undefined {
  return n && isScalar(n) && typeof n.value === 'string' && n.value.trim() ? n.value.trim() : undefined;
}

function firstLine(s: string): string {
  return s.split('\n')[0].trim();
}

function rangeOf(n: YamlNode | null | undefined): Range {
  const r = n && (n as { range?: [number, number, number] }).range;
  return r ? [r[0], r[1]] : undefined;
}

function problem(lc: LineCounter, at: Range, severity: 'error' | 'warning', zh: string, en: string): ConfigProblem {
  const [a, b] = at ?? [0, 0];
  const pos = (o: number) => {
    const p = lc.linePos(o);
    return { line: Math.max(0, p.line - 1), character: Math.max(0, p.col - 1) };
  };
  return { message: { 'zh-CN': zh, en }, severity, start: pos(a), end: pos(Math.max(a, b)) };
}
