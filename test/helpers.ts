import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, type CheckOptions, type CheckResult, type Finding } from '../server/src/engine';
import type { PerfTable } from '../server/src/engine/facts/perf-table';

export const ROOT = join(__dirname, '..', '..');
export const SEED_MD = join(ROOT, 'samples', 'changji-2024', 'report.md');
/** shared/ sits beside the repository (the sessions' and CI's layout). */
export const CORPUS =
  [join(ROOT, '..', 'shared', 'corpus'), join(ROOT, '..', '..', 'shared', 'corpus')].find((p) => existsSync(p)) ??
  join(ROOT, '..', 'shared', 'corpus');
export const SEED_TXT = join(CORPUS, 'changji-liaison-office-2024-final.txt');

/** A file's text; a corpus file that is not there fails the test with a clear message (never a skip). */
export function read(path: string): string {
  if (!existsSync(path) && path.startsWith(CORPUS)) {
    assert.fail(`the shared corpus is missing: ${path} (the tests need ../shared/corpus beside the repository)`);
  }
  return readFileSync(path, 'utf8');
}

export function run(text: string, path: string, opts: CheckOptions = {}): CheckResult {
  return check(text, { path, ...opts });
}

/** A compact, stable view of a finding for assertions: rule, severity, 1-based line:col and the text at its range. */
export function brief(text: string, f: Finding): string {
  return (
    `${f.rule} ${f.severity} ${f.range.start.line + 1}:${f.range.start.character + 1} ` +
    `${text.slice(f.span.start, f.span.end)}`
  );
}

/** Findings that matter for "clean": errors and warnings. */
export function problems(r: CheckResult): Finding[] {
  return r.findings.filter((f) => f.severity !== 'info');
}

/**
 * Replaces the `nth` occurrence of `from` inside `ctx`, a piece of `text` that must be there
 * exactly once. Returns the mutated text and where the replacement stands.
 */
export function mutateAt(
  text: string,
  m: { name: string; ctx: string; from: string; to: string; nth?: number },
): { text: string; at: number; end: number } {
  const i = text.indexOf(m.ctx);
  assert.ok(i >= 0, `context of "${m.name}" not found`);
  assert.equal(text.indexOf(m.ctx, i + 1), -1, `context of "${m.name}" is not unique`);
  let j = m.ctx.indexOf(m.from);
  for (let k = 0; k < (m.nth ?? 0); k++) j = m.ctx.indexOf(m.from, j + 1);
  assert.ok(j >= 0, `"${m.from}" not in the context of "${m.name}"`);
  const at = i + j;
  return { text: text.slice(0, at) + m.to + text.slice(at + m.from.length), at, end: at + m.to.length };
}

/** What a reader made of the 绩效自评表, in a form two readers' results can be compared in. */
export function perfView(tables: PerfTable[]) {
  return tables.map((t) => ({
    kind: t.kind,
    name: t.name?.text,
    weights: t.indicators.reduce(
      (a, x) => a + Number(x.weight?.text ?? 0),
      Number(t.funding.find((f) => f.total)?.weight?.text ?? 0),
    ),
    scores: t.indicators.reduce(
      (a, x) => a + Number(x.score?.text ?? 0),
      Number(t.funding.find((f) => f.total)?.score?.text ?? 0),
    ),
    total: t.total?.score?.text,
    start: t.funding.find((f) => f.total)?.start?.text,
    year: t.funding.find((f) => f.total)?.year?.text,
  }));
}
