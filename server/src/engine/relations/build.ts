/** Turns an extraction into the constraint network (identities, stated relations, repeats). */
import type { BudgetRel, ChangeRel, Extraction, Fact, ValueRun, WordRef } from '../facts/extract';
import { knowledge, parseConcept, type Role } from '../knowledge';
import {
  Constraint,
  FactIndex,
  budgetConstraint,
  changeConstraint,
  comparable,
  equalConstraint,
  identityConstraints,
  shareConstraint,
  sumConstraint,
} from './network';

export interface DirectionIssue {
  change: ChangeRel;
  /** The direction the magnitudes support, when only one does. */
  fits?: 1 | -1;
  /** The word to flip and its replacement, when certain. */
  flip?: { word: WordRef; to: string };
  kind: 'words' | 'flat';
  /** The rate recomputed under each direction. */
  formula?: string;
}

export interface BudgetAlternative {
  rel: BudgetRel;
  stated?: Fact;
  fits: Fact;
  constraint: Constraint;
}

export interface Network {
  index: FactIndex;
  constraints: Constraint[];
  directions: DirectionIssue[];
  /** Budget rates that only fit another budget figure. */
  budgetAlternatives: BudgetAlternative[];
}

const QIZHONG_TITLE = { 'zh-CN': '「其中」所列不超过总数', en: 'an item listed after 其中 does not exceed its total' };
const FLIP: Record<string, string> = {
  增加: '减少',
  减少: '增加',
  增长: '下降',
  下降: '增长',
  上升: '下降',
  降低: '上升',
  提高: '降低',
};

/** The network of a report: its constraints, step by step, and the issues found on the way. */
export function buildNetwork(ex: Extraction): Network {
  const index = new FactIndex(ex);
  const constraints: Constraint[] = identityConstraints(index);
  addTableSums(ex, constraints);
  addQizhong(ex, constraints);
  addShares(ex, index, constraints);
  const directions = addChanges(ex, index, constraints);
  const budgetAlternatives = addBudgets(ex, index, constraints);
  addRepeated(index, constraints);
  return { index, constraints, directions, budgetAlternatives };
}

/** Within-table identities: 合计 = Σ 类, 类 = Σ 款, 款 = Σ 项, and across each row's columns. */
function addTableSums(ex: Extraction, constraints: Constraint[]): void {
  const seen = new Set(constraints.map(sumKey));
  for (const t of ex.tables) {
    for (const s of t.sums) {
      const k = sumKeyOf(s.total, s.parts);
      if (seen.has(k)) continue;
      seen.add(k);
      constraints.push(
        sumConstraint(`table:${t.def.id}:${s.total.id}`, { 'zh-CN': s.title, en: s.title }, s.total, s.parts, 'eq'),
      );
    }
  }
}

/** 「其中」: a listed item does not exceed its total (unless an identity already relates them). */
function addQizhong(ex: Extraction, constraints: Constraint[]): void {
  const inIdentity = new Set<string>();
  for (const c of constraints) for (const f of c.facts.slice(1)) inIdentity.add(`${c.facts[0].id}:${f.id}`);
  for (const [part, head] of ex.qizhong) {
    if (!comparable(part, head) || inIdentity.has(`${head.id}:${part.id}`)) continue;
    constraints.push(sumConstraint(`qizhong:${part.id}`, QIZHONG_TITLE, head, [part], 'le'));
  }
}

/** 「占 X%」: part ÷ whole, the whole named, stated with it, or the part's parent total. */
function addShares(ex: Extraction, index: FactIndex, constraints: Constraint[]): void {
  const roles = new RoleCounts();
  for (const s of ex.shares) {
    const part = s.part;
    if (!part || (!s.wholeConcept && roles.uncertainWhole(s.preceding))) continue;
    const whole = s.wholeConcept ? index.lookup(s.wholeConcept) : (s.whole ?? identityParent(part, index));
    if (!whole || whole === part || !comparable(part, whole)) continue;
    constraints.push(shareConstraint(part, whole, s.pct));
  }
}

const BUDGET_ROLES: ReadonlySet<Role> = new Set<Role>(['年初预算', '全年预算', '预算']);

/**
 * 「年初预算为200万元，决算为150万元，占75%」: with a budget and an actual figure before it, an 占 may be
 * the part of either, or the one of the other: not checked unless its whole is named. (In a budget
 * report the year's 预算 figures are its actuals, role 本年, by then.) The roles are counted once per
 * sentence (prefix counts), so a sentence of many 占 costs its length, not its length squared.
 */
class RoleCounts {
  private readonly counts = new Map<readonly Fact[], { budget: Int32Array; current: Int32Array }>();

  uncertainWhole(run: ValueRun): boolean {
    const c = this.of(run.values);
    return c.budget[run.to] > c.budget[run.from] && c.current[run.to] > c.current[run.from];
  }

  private of(values: readonly Fact[]): { budget: Int32Array; current: Int32Array } {
    let c = this.counts.get(values);
    if (c) return c;
    c = { budget: new Int32Array(values.length + 1), current: new Int32Array(values.length + 1) };
    values.forEach((f, i) => {
      c!.budget[i + 1] = c!.budget[i] + (BUDGET_ROLES.has(f.role) ? 1 : 0);
      c!.current[i + 1] = c!.current[i] + (f.role === '本年' ? 1 : 0);
    });
    this.counts.set(values, c);
    return c;
  }
}

/** Year-over-year changes: a constraint each, and the direction words (持平, 增加 vs 下降) at issue. */
function addChanges(ex: Extraction, index: FactIndex, constraints: Constraint[]): DirectionIssue[] {
  const directions: DirectionIssue[] = [];
  for (const ch of ex.changes) {
    const current = currentOf(ch, index);
    if (ch.flat && ((ch.delta && !ch.delta.written.value.isZero()) || (ch.rate && !ch.rate.written.value.isZero()))) {
      directions.push({ change: ch, kind: 'flat' });
    }
    if (!ch.delta || !ch.rate || !ch.deltaDir || !ch.rateDir) continue;
    if (
      !current ||
      current.unitKind !== ch.delta.unitKind ||
      (current.unitKind !== 'amount' && current.unit !== ch.delta.unit)
    ) {
      if (ch.deltaDir !== ch.rateDir && !ch.delta.written.value.isZero())
        directions.push({ change: ch, kind: 'words' });
      continue;
    }
    let dir = ch.deltaDir;
    if (ch.deltaDir !== ch.rateDir && !ch.delta.written.value.isZero()) {
      const issue = directionIssue(ch, current);
      directions.push(issue);
      if (issue.fits) dir = issue.fits;
    }
    constraints.push(changeConstraint(current, ch.delta, ch.rate, dir));
  }
  return directions;
}

/** The current-year figure of a change: the one the sentence itself states, else the subject's looked up. */
function currentOf(ch: ChangeRel, index: FactIndex): Fact | undefined {
  const stated =
    ch.current &&
    (!ch.delta || ch.current.unitKind === ch.delta.unitKind) &&
    (ch.current.concept === ch.currentConcept || ch.current.sentence === (ch.delta ?? ch.rate)?.sentence)
      ? ch.current
      : undefined;
  return stated ?? (ch.currentConcept ? index.lookup(ch.currentConcept) : undefined) ?? ch.current;
}

/** Direction words that disagree: the direction under which the stated figures hold, and the word to flip. */
function directionIssue(ch: ChangeRel, current: Fact): DirectionIssue {
  const [delta, rate, deltaDir, rateDir] = [ch.delta!, ch.rate!, ch.deltaDir!, ch.rateDir!];
  const cD = changeConstraint(current, delta, rate, deltaDir);
  const cR = changeConstraint(current, delta, rate, rateDir);
  // the direction under which the stated rate holds; if both hold within rounding, the one
  // under which it is exactly the rounded figure
  let fitsD = fits(cD);
  let fitsR = fits(cR);
  if (fitsD && fitsR) {
    fitsD = exact(cD);
    fitsR = exact(cR);
  }
  const f = (c: Constraint, w: WordRef) => `「${w.word}」: ${c.evaluate((x) => x.written).formula['zh-CN']}`;
  const issue: DirectionIssue = {
    change: ch,
    kind: 'words',
    formula: `${f(cD, ch.deltaWord!)}; ${f(cR, ch.rateWord!)}`,
  };
  if (fitsD && !fitsR) {
    issue.fits = deltaDir;
    issue.flip = { word: ch.rateWord!, to: FLIP[ch.rateWord!.word] ?? ch.rateWord!.word };
  } else if (fitsR && !fitsD) {
    issue.fits = rateDir;
    issue.flip = { word: ch.deltaWord!, to: FLIP[ch.deltaWord!.word] ?? ch.deltaWord!.word };
  }
  return issue;
}

/** Budget comparisons: a constraint each, or the other budget figure the rate only fits. */
function addBudgets(ex: Extraction, index: FactIndex, constraints: Constraint[]): BudgetAlternative[] {
  const budgetAlternatives: BudgetAlternative[] = [];
  for (const b of ex.budgets) {
    const actual = b.actual ?? (b.subject ? index.lookup(b.subject) : undefined);
    if (!actual) continue;
    const candidates = [...b.budgets];
    if (b.subject) {
      for (const role of ['年初预算', '全年预算', '预算'] as Role[]) {
        const f = index.first(b.subject, role);
        if (f && !candidates.includes(f)) candidates.push(f);
      }
    }
    const named = b.rateBudget ? candidates.find((f) => f.role === b.rateBudget) : undefined;
    const stated = named ?? (b.rateBudget ? undefined : b.budgets[0]);
    const main = stated ? budgetConstraint(b, actual, stated) : undefined;
    if (main && fits(main)) {
      constraints.push(main);
      continue;
    }
    const alt = candidates
      .filter((f) => f !== stated && f.role !== stated?.role)
      .map((f) => budgetConstraint(b, actual, f))
      .find(fits);
    if (alt) {
      budgetAlternatives.push({ rel: b, stated, fits: alt.facts[1], constraint: alt });
      continue;
    }
    if (main) constraints.push(main);
  }
  return budgetAlternatives;
}

/** The same concept stated more than once: every stated mention equals the first. */
function addRepeated(index: FactIndex, constraints: Constraint[]): void {
  for (const group of index.groups()) {
    const stated = group.filter((f) => !f.implicit);
    for (let i = 1; i < stated.length; i++) {
      if (comparable(stated[0], stated[i])) constraints.push(equalConstraint(stated[0], stated[i]));
    }
  }
}

function sumKey(c: Constraint): string {
  return sumKeyOf(c.facts[0], c.facts.slice(1));
}

/** The key of a sum: its total and its parts in any order. */
function sumKeyOf(total: Fact, parts: Fact[]): string {
  let inOrder = true;
  for (let i = 1; i < parts.length && inOrder; i++) inOrder = parts[i - 1].id <= parts[i].id;
  const ids = inOrder ? parts : [...parts].sort((a, b) => a.id - b.id);
  let k = `${total.id}=`;
  for (let i = 0; i < ids.length; i++) k += i ? `+${ids[i].id}` : `${ids[i].id}`;
  return k;
}

function exact(c: Constraint): boolean {
  return c.evaluate((f) => f.written).status === 'exact';
}

function fits(c: Constraint): boolean {
  const st = c.evaluate((f) => f.written).status;
  return st === 'exact' || st === 'rounding' || st === 'truncated';
}

/** The total of the identity a part belongs to (for 占 without a named whole). */
function identityParent(part: Fact, index: FactIndex): Fact | undefined {
  if (!part.concept) return undefined;
  const { scope, base: baseName } = parseConcept(part.concept);
  for (const def of knowledge.identities) {
    if (!def.scopes.includes(scope) || !def.total) continue;
    const hit =
      def.parts?.includes(baseName) || (def.partsPattern && baseName.startsWith(def.partsPattern.replace('*', '')));
    if (!hit) continue;
    const total = index.first(`${scope}.${def.total}`, part.role);
    if (total) return total;
  }
  return undefined;
}
