/** Engine options from the settings of a host and the project's `.suanpan.yaml`. */
import type { CheckOptions, Lang } from '../engine';
import type { EditorSettings } from './editor-settings';
import type { ProjectConfig } from './project';
import type { LoadedProfiles } from './project-configs';

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

/**
 * Command-line options with the project file under them: its rules and layout profiles are
 * added, and its rounding setting applies unless the command line gave one (`rounding`).
 */
export function withProjectConfig(
  base: CheckOptions,
  project: ProjectConfig,
  profiles: LoadedProfiles,
  rounding: { value: 'info' | 'hide'; given: boolean },
): CheckOptions {
  return {
    ...base,
    rules: { ...project.rules, ...(base.rules ?? {}) },
    roundingDifferences: rounding.given ? rounding.value : (project.roundingDifferences ?? rounding.value),
    profiles: [...(base.profiles ?? []), ...profiles.profiles],
  };
}
