/**
 * The editor settings as the language server gets them: pulled per resource from the client
 * (workspace/configuration) when it can, else the global ones it pushed. What they mean is in
 * ../config (normalizeSettings, resolveLang, checkOptions).
 */
import type { Connection } from 'vscode-languageserver';
import { DEFAULT_SETTINGS, normalizeSettings, resolveLang, type EditorSettings } from '../config';
import type { Lang } from '../engine';

export class SettingsStore {
  /** The settings from initializationOptions or didChangeConfiguration. */
  global: EditorSettings = DEFAULT_SETTINGS;
  clientLocale: string | undefined;
  /** Whether the client answers workspace/configuration. */
  canPull = false;
  private cache = new Map<string, Promise<EditorSettings>>();

  constructor(private readonly connection: Connection) {}

  get(uri: string): Promise<EditorSettings> {
    if (!this.canPull) return Promise.resolve(this.global);
    let p = this.cache.get(uri);
    if (!p) {
      p = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'suanpan' })
        .then((raw) => normalizeSettings({ ...this.global, ...(raw ?? {}) }))
        .catch(() => this.global);
      this.cache.set(uri, p);
    }
    return p;
  }

  /** Forgets the pulled settings (after a configuration change). */
  clear(): void {
    this.cache.clear();
  }

  delete(uri: string): void {
    this.cache.delete(uri);
  }

  langOf(settings: EditorSettings): Lang {
    return resolveLang(settings.language, this.clientLocale);
  }
}
