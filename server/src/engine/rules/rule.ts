/**
 * What every rule file declares, and the one way a rule speaks. A rule is
 * `defineRule(meta, (ctx, report) => …)`: the meta says its stable id, title, default severity
 * (and every other severity it may report with) and a short doc; the check reads the stages'
 * results in `ctx` and calls `report` for each finding. `report` fills in the rule id, the
 * severity, the range (in the file of the figure) and the fix payload, so nothing outside the
 * rule names its id.
 */
import type { ReportDoc } from '../read/model';
import type { Fix, Lang, RelatedFigure, Severity, Span } from '../types';
import type { Ctx } from './context';

export interface RuleMeta {
  id: string;
  aliases: string[];
  tags: string[];
  title: Record<Lang, string>;
  /** The default severity. */
  severity: Severity;
  /** Every other severity the rule reports some findings with (a setting applies to all of them). */
  otherSeverities?: Severity[];
  /** One paragraph: what the rule checks and when it reports. */
  doc: Record<Lang, string>;
}

/** One finding, as a rule states it. */
export interface FindingSpec {
  /** The figure (or text) at fault. */
  span: Span;
  /** The document the span is in, when not the file checked (a linked tables file). */
  doc?: ReportDoc;
  message: string;
  /** One of the severities the meta declares; the default severity when absent. */
  severity?: Severity;
  related?: RelatedFigure[];
  fixes?: Fix[];
  /** Recomputed value, as text at the stated precision. */
  expected?: string;
  /** The formula with the actual numbers. */
  formula?: string;
  /** Machine-readable payload for editors (never parsed from the message). */
  data?: Record<string, unknown>;
}

export type Report = (finding: FindingSpec) => void;

export interface Rule extends RuleMeta {
  check: (ctx: Ctx, report: Report) => void;
}

export function defineRule(meta: RuleMeta, check: Rule['check']): Rule {
  return { ...meta, check };
}

/** The severities a rule may report with: its default first. */
export function severitiesOf(meta: RuleMeta): Severity[] {
  return [meta.severity, ...(meta.otherSeverities ?? [])];
}

export function t(lang: Lang, zh: string, en: string): string {
  return lang === 'en' ? en : zh;
}
