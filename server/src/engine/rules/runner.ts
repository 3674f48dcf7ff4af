/**
 * Stage rules: runs one rule. A scoped rule (RuleMeta.scope, rules/units.ts) is run unit by unit;
 * with an engine's caches, its findings in a unit whose key (and the rule's own `key`) an earlier
 * check saw are that check's findings, every position shifted by how far the unit moved and every
 * range computed again; only the other units are checked. Findings are kept as the rule stated
 * them, and only when every position they name is in the unit (else the unit is checked every time).
 */
import { reporter, type Ctx } from './context';
import type { FindingSpec, Rule } from './rule';
import { unitsOf, type Kept, type Unit } from './units';
import type { ReportDoc } from '../read/model';
import type { Finding, Span } from '../types';
import { CappedMemo } from '../util/cache';

/** The findings of scoped rules by unit key, then by rule and the rule's own key. */
export class RuleCache {
  readonly units = new CappedMemo<string, Map<string, Kept>>(8192);
}

/** Runs one rule, its findings into `sink`; a scoped rule's kept findings are reused where they can be. */
export function runRule(ctx: Ctx, rule: Rule, sink: Finding[]): void {
  const report = reporter(ctx, rule, sink);
  const cache = ctx.caches.rules;
  const unit = rule.unit;
  if (!unit || !cache || !rule.scope) {
    rule.check(ctx, report);
    return;
  }
  const prep = unit.prepare ? unit.prepare(ctx) : true;
  if (prep === undefined) return;
  for (const u of unitsOf(ctx, rule.scope)) {
    if (u.key === undefined) {
      unit.check(ctx, u.value, report, prep);
      continue;
    }
    const own = `${rule.id}\u0000${ctx.lang}\u0000${unit.key ? unit.key(ctx, u.value, prep) : ''}`;
    // the unit's entry is looked up once per check, for all the rules of its scope
    let byRule = u.kept === undefined ? (u.kept = cache.units.get(u.key) ?? null) : u.kept;
    const kept = byRule?.get(own);
    if (kept) {
      const d = u.span.start - kept.start;
      for (const spec of kept.specs) report(shifted(spec, d, u.doc, ctx.doc));
      continue;
    }
    const specs: FindingSpec[] = [];
    unit.check(ctx, u.value, (s) => (specs.push(s), report(s)), prep);
    if (!specs.every((s) => within(s, u, ctx.doc))) continue;
    if (!byRule) cache.units.set(u.key, (byRule = u.kept = new Map()));
    byRule.set(own, { start: u.span.start, specs: specs.length ? specs : NONE });
  }
}

const NONE: FindingSpec[] = [];

/** Whether every position a finding names is in the unit (and in its document). */
function within(s: FindingSpec, u: Unit, checked: ReportDoc): boolean {
  const path = u.doc === checked ? undefined : u.doc.path;
  const inside = (x: Span) => x.start >= u.span.start && x.end <= u.span.end && x.start <= x.end;
  if ((s.doc ?? checked) !== u.doc || !inside(s.span)) return false;
  for (const r of s.related ?? []) if (r.path !== path || !inside(r.span)) return false;
  for (const f of s.fixes ?? []) for (const e of f.edits) if (e.path !== path || !inside(e.span)) return false;
  return true;
}

/** A kept finding at its unit's new place: positions moved by d, ranges of the document now. */
function shifted(s: FindingSpec, d: number, doc: ReportDoc, checked: ReportDoc): FindingSpec {
  const move = (x: Span): Span => ({ start: x.start + d, end: x.end + d });
  const out: FindingSpec = { ...s, span: move(s.span), doc: doc === checked ? undefined : doc };
  if (s.related)
    out.related = s.related.map((r) => {
      const span = move(r.span);
      return { ...r, span, range: doc.lines.range(span) };
    });
  if (s.fixes)
    out.fixes = s.fixes.map((f) => ({
      ...f,
      edits: f.edits.map((e) => {
        const span = move(e.span);
        return { ...e, span, range: doc.lines.range(span) };
      }),
    }));
  return out;
}
