/** What every rule file declares: a stable id, a title, a default severity and a short doc. */
import type { Finding, Lang, Severity } from '../types';
import type { Ctx } from './context';

export interface RuleMeta {
  id: string;
  aliases: string[];
  tags: string[];
  title: Record<Lang, string>;
  severity: Severity;
  /** One paragraph: what the rule checks and when it reports. */
  doc: Record<Lang, string>;
  /** Checks of the rule's own; relation rules (sum, share, yoy, budget, repeated) are
   *  reported by the calculation network instead. */
  check?: (ctx: Ctx) => Finding[];
}

export function t(lang: Lang, zh: string, en: string): string {
  return lang === 'en' ? en : zh;
}
