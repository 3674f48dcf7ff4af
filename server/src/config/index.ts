/**
 * Configuration, host-neutral: the editor settings, the project's `.suanpan.yaml` (parsed,
 * validated, found up the folder tree), the layout profile files it names, and the engine
 * options they make. The language server and the CLI both read their configuration here.
 */
export { isRuleSetting, readRuleSettings, SEVERITIES, type RuleSetting } from './severities';
export { DEFAULT_SETTINGS, normalizeSettings, resolveLang, type EditorSettings } from './editor-settings';
export { parseProjectConfig, PROJECT_FILE, type ConfigProblem, type ProfileRef, type ProjectConfig } from './project';
export { loadProfiles, readProfileFile, MAX_PROFILE_BYTES, type ProfileFileResult } from './profiles';
export { ProjectConfigs, type LoadedProfiles } from './project-configs';
export { checkOptions, withProjectConfig } from './options';
