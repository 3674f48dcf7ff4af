/** What every rule file declares: a stable id, a title, a default severity and a short doc. */
import type { Lang, Severity } from '../types';

export interface RuleMeta {
  id: string;
  aliases: string[];
  tags: string[];
  title: Record<Lang, string>;
  severity: Severity;
  /** One paragraph: what the rule checks and when it reports. */
  doc: Record<Lang, string>;
}

export function t(lang: Lang, zh: string, en: string): string {
  return lang === 'en' ? en : zh;
}
