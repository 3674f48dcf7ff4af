/**
 * Applying the certain fixes to a fixed point, as `--fix` and "Fix all" do: apply every certain
 * fix, check again, repeat while the check still finds certain fixes (a corrected figure can make
 * another one checkable). A fix is certain only if it settles: once applied, the figure it
 * changed must not get a certain fix again. When a later check proposes one (a fix that would
 * flip back, or one that only moves the fault along), the earlier fix did not settle: the
 * texts go back to the round that made it, it is held back as a suggestion, and the rounds go
 * on from there. Every round is a check, so the work is bounded (maxChecks); whatever happens,
 * the result is a state every applied fix of which was checked to hold.
 */
import type { CheckResult } from '../pipeline';
import { applyEdits, certainFixes } from './fix';
import type { Finding, Fix, TextEdit } from '../types';
import { pushAll } from '../util/array';

/** The texts fixes apply to: the checked file and the files it links, by path. */
export interface FixTexts {
  text: string;
  files: ReadonlyMap<string, string>;
}

export interface SettleOptions {
  /** Rounds of check-and-fix (a corrected figure making another checkable), 5 by default. */
  maxPasses?: number;
  /** Checks in all, counting rounds redone after a fix was held back, 12 by default. */
  maxChecks?: number;
  /** Only the fixes within the checked file (an editor's fix-all edits the open document only). */
  local?: boolean;
}

/** A fix held back because the figure it fixed got a certain fix again. */
export interface HeldFix {
  fix: Fix;
  finding: Finding;
  /** The certain fix the check after it proposed for the same place. */
  again: Fix;
  /** The round (0 = the first) whose fix it was. */
  round: number;
}

export interface Settled {
  texts: FixTexts;
  /** The check of `texts`; fixes held back there are no longer certain. */
  result: CheckResult;
  /** The edits of each round applied, in order (round 1 on the original texts). */
  rounds: TextEdit[][];
  /** Checks made (not counting the first, given). */
  checks: number;
  /** No certain fix is left: the texts are a fixed point. */
  settled: boolean;
  held: HeldFix[];
}

/** A place an applied (or held) fix edited, in the current texts' offsets, with where it came from. */
interface Region {
  path: string | undefined;
  start: number;
  end: number;
  round: number;
  fix: Fix;
  finding: Finding;
}

interface State {
  texts: FixTexts;
  result: CheckResult;
  /** The places the rounds before edited. */
  edited: Region[];
  /** The places of the fixes held back in this state or a round before. */
  held: Region[];
  applied: TextEdit[];
}

export function settle(
  first: CheckResult,
  texts: FixTexts,
  check: (texts: FixTexts) => CheckResult,
  options: SettleOptions = {},
): Settled {
  const { maxPasses = 5, maxChecks = 12, local = false } = options;
  const states: State[] = [{ texts, result: first, edited: [], held: [], applied: [] }];
  const held: HeldFix[] = [];
  let checks = 0;
  for (;;) {
    const k = states.length - 1;
    const s = states[k];
    const chosen = candidates(s, local);
    const again = refix(chosen, s.edited);
    if (again) {
      // the figure an earlier round fixed gets a certain fix again: that fix did not settle
      const { region, fix } = again;
      held.push({ fix: region.fix, finding: region.finding, again: fix, round: region.round });
      states.length = region.round + 1;
      const back = states[region.round];
      pushAll(back.held, regionsOf(region.fix, region.finding, region.round));
      continue;
    }
    if (!chosen.length || k >= maxPasses || checks >= maxChecks) return finish(states, held, checks, !chosen.length);
    const next = apply(s, chosen, k);
    if (next.texts.text === s.texts.text && sameFiles(next.texts.files, s.texts.files))
      return finish(states, held, checks, true);
    next.result = check(next.texts);
    checks++;
    states.push(next as State);
  }
}

/** The certain fixes of a state (first come first served, as certainFixes), less those held back. */
function candidates(s: State, local: boolean): Array<{ fix: Fix; finding: Finding }> {
  const findings = local ? s.result.findings.filter((f) => !f.path) : s.result.findings;
  const usable = findings.map((f) => ({
    ...f,
    fixes: f.fixes.filter(
      (x) => (!local || x.edits.every((e) => !e.path)) && !x.edits.some((e) => s.held.some((r) => touches(r, e))),
    ),
  }));
  const chosen = certainFixes(usable);
  return chosen.map((fix) => ({ fix, finding: findings[usable.findIndex((f) => f.fixes.includes(fix))] }));
}

/** The first chosen fix that edits a place an earlier round edited, with that place. */
function refix(chosen: Array<{ fix: Fix }>, edited: Region[]): { region: Region; fix: Fix } | undefined {
  for (const { fix } of chosen)
    for (const e of fix.edits) {
      const region = edited.find((r) => touches(r, e));
      if (region) return { region, fix };
    }
  return undefined;
}

/** The edit overlaps the place or meets it (an insertion right before or after a figure is at it). */
function touches(r: Region, e: TextEdit): boolean {
  return r.path === e.path && e.span.start <= r.end && r.start <= e.span.end;
}

function regionsOf(fix: Fix, finding: Finding, round: number): Region[] {
  return fix.edits.map((e) => ({ path: e.path, start: e.span.start, end: e.span.end, round, fix, finding }));
}

/** The state after one round: the fixes applied to each file, the earlier places moved along. */
function apply(
  s: State,
  chosen: Array<{ fix: Fix; finding: Finding }>,
  round: number,
): Omit<State, 'result'> & {
  result?: CheckResult;
} {
  const edits = chosen.flatMap((c) => c.fix.edits);
  const files = new Map(s.texts.files);
  for (const [p, src] of s.texts.files) {
    const own = edits.filter((e) => e.path === p);
    if (own.length) files.set(p, applyEdits(src, own));
  }
  const text = applyEdits(
    s.texts.text,
    edits.filter((e) => !e.path),
  );
  const placed: Region[] = [];
  for (const c of chosen)
    for (const e of c.fix.edits) {
      const start = moved(e.span.start, e.path, edits);
      placed.push({ path: e.path, start, end: start + e.newText.length, round, fix: c.fix, finding: c.finding });
    }
  const move = (r: Region): Region => ({
    ...r,
    start: moved(r.start, r.path, edits),
    end: moved(r.end, r.path, edits),
  });
  // held places stay held in the rounds after (no fix touches them, so they only move along)
  return { texts: { text, files }, edited: [...s.edited.map(move), ...placed], held: s.held.map(move), applied: edits };
}

/** Where an offset of the old text is once the edits (none of which contains it) are applied. */
function moved(offset: number, path: string | undefined, edits: TextEdit[]): number {
  let shift = 0;
  for (const e of edits)
    if (e.path === path && e.span.end <= offset && !(e.span.start === offset && e.span.end === offset))
      shift += e.newText.length - (e.span.end - e.span.start);
  return offset + shift;
}

function sameFiles(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  for (const [p, t] of a) if (b.get(p) !== t) return false;
  return true;
}

function finish(states: State[], held: HeldFix[], checks: number, settled: boolean): Settled {
  const last = states[states.length - 1];
  return {
    texts: last.texts,
    result: demoted(last.result, last.held),
    rounds: states.slice(1).map((s) => s.applied),
    checks,
    settled,
    held,
  };
}

/** The result with the fixes held back no longer certain (the payload editors read says so too). */
function demoted(result: CheckResult, places: Region[]): CheckResult {
  if (!places.length) return result;
  const hit = (x: Fix) => x.certain && x.edits.some((e) => places.some((r) => touches(r, e)));
  const findings = result.findings.map((f) => {
    if (!f.fixes.some(hit)) return f;
    const fixes = f.fixes.map((x) => (hit(x) ? { ...x, certain: false } : x));
    const data = f.data && {
      ...f.data,
      fixes: fixes.map((x) => ({
        title: x.title,
        certain: x.certain,
        edits: x.edits.map((e) => ({ range: e.range, newText: e.newText, path: e.path })),
      })),
    };
    return { ...f, fixes, data };
  });
  return { ...result, findings };
}
