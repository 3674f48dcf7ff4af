/**
 * What every rule file declares, and the one way a rule speaks. A rule is
 * `defineRule(meta, (ctx, report) => …)`: the meta says its stable id, title, default severity
 * (and every other severity it may report with) and a short doc; the check reads the stages'
 * results in `ctx` and calls `report` for each finding. `report` fills in the rule id, the
 * severity, the range (in the file of the figure) and the fix payload, so nothing outside the
 * rule names its id.
 *
 * A rule whose findings in one part of the document (a block, a 自评表) follow from that part
 * alone declares it: `scope: 'block'` or `scope: 'perf-sheet'` in its meta, and its check is a
 * `UnitCheck`, called once per unit (rules/units.ts). An engine then keeps each unit's findings
 * by the unit's text and copies them to an unchanged unit's new place (incremental checks).
 */
import type { ReportDoc } from '../read/model';
import type { Fix, Lang, RelatedFigure, Severity, Span } from '../types';
import type { Ctx } from './context';
import { unitsOf, type Scope, type UnitOf } from './units';

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
  /**
   * What one finding depends on (rules/units.ts): the whole document (the default), or one unit
   * of it, a block or heading ('block') or a 绩效自评表 ('perf-sheet').
   */
  scope?: Scope;
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

/**
 * The check of a rule scoped to a unit: what it reads of the document as a whole (`prepare`, once
 * per check; undefined: nothing to check in this document), what else than the unit's text its
 * findings there depend on (`key`, kept with them), and the check of one unit.
 */
export interface UnitCheck<U, P = true> {
  prepare?: (ctx: Ctx) => P | undefined;
  key?: (ctx: Ctx, unit: U, prep: P) => string;
  check: (ctx: Ctx, unit: U, report: Report, prep: P) => void;
}

export interface Rule extends RuleMeta {
  /** The check over the whole document (for a scoped rule: its unit check on every unit). */
  check: (ctx: Ctx, report: Report) => void;
  /** A scoped rule's check of one unit. */
  unit?: UnitCheck<unknown, unknown>;
}

export function defineRule(meta: RuleMeta & { scope?: 'document' }, check: Rule['check']): Rule;
export function defineRule<S extends Exclude<Scope, 'document'>, P = true>(
  meta: RuleMeta & { scope: S },
  check: UnitCheck<UnitOf<S>, P>,
): Rule;
export function defineRule(meta: RuleMeta, check: Rule['check'] | { check: (...args: never[]) => void }): Rule {
  if (typeof check === 'function') return { ...meta, check };
  const scope = meta.scope!;
  const unit = check as UnitCheck<unknown, unknown>;
  return {
    ...meta,
    unit,
    check: (ctx, report) => {
      const prep = unit.prepare ? unit.prepare(ctx) : true;
      if (prep === undefined) return;
      for (const u of unitsOf(ctx, scope)) unit.check(ctx, u.value, report, prep);
    },
  };
}

/** The severities a rule may report with: its default first. */
export function severitiesOf(meta: RuleMeta): Severity[] {
  return [meta.severity, ...(meta.otherSeverities ?? [])];
}

export function t(lang: Lang, zh: string, en: string): string {
  return lang === 'en' ? en : zh;
}
