/** Rule severities as the settings and `.suanpan.yaml` write them: a severity, or off. */
import { RULE_BY_ID, type Severity } from '../engine';

export type RuleSetting = Severity | 'off';

export const SEVERITIES: readonly string[] = ['error', 'warning', 'info', 'off'];

export function isRuleSetting(v: unknown): v is RuleSetting {
  return typeof v === 'string' && SEVERITIES.includes(v);
}

/** Reads untrusted `rules` (rule id or alias → severity): unknown rules and values are dropped. */
export function readRuleSettings(raw: unknown): Record<string, RuleSetting> {
  const rules: Record<string, RuleSetting> = {};
  if (!raw || typeof raw !== 'object') return rules;
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    const id = RULE_BY_ID.get(k)?.id;
    if (id && isRuleSetting(v)) rules[id] = v;
  }
  return rules;
}
