/**
 * The editor's `suanpan.*` settings (resource-scoped), read from untrusted input into a valid
 * object. Language, run mode and enablement are personal; the rule settings can be overridden
 * by the project's `.suanpan.yaml` (options.ts).
 */
import type { Lang } from '../engine';
import { readRuleSettings, type RuleSetting } from './severities';

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
  // the reports' language, whatever the editor's display language (`auto` follows the editor)
  language: 'zh-CN',
  files: [],
};

/** Reads untrusted settings (from the client or initializationOptions) into a valid object. */
export function normalizeSettings(raw: unknown): EditorSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const s: EditorSettings = { ...DEFAULT_SETTINGS, rules: {}, files: [] };
  if (typeof r.enable === 'boolean') s.enable = r.enable;
  if (r.run === 'onType' || r.run === 'onSave') s.run = r.run;
  if (r.roundingDifferences === 'info' || r.roundingDifferences === 'hide')
    s.roundingDifferences = r.roundingDifferences;
  if (r.language === 'auto' || r.language === 'zh-CN' || r.language === 'en') s.language = r.language;
  s.rules = readRuleSettings(r.rules);
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
