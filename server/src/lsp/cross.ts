/**
 * Reports checked against each other in the editor: the open reports (and, once the workspace
 * check has run, the reports checked from disk) are indexed by the engine (their identity and
 * placed figures); an open report's check is then checked against the others, and a report whose
 * figures changed re-checks its open partners. The hover reads the result with the partners.
 */
import type { CheckOptions, CheckResult, CrossEntry } from '../engine';
import type { ServerContext } from './context';
import { uriToPath } from './uri';

export class CrossIndex {
  private readonly entries = new Map<string, { entry: CrossEntry; signature: string }>();
  /** A check result → the same with the cross findings (for the hover). */
  private readonly crossed = new WeakMap<CheckResult, CheckResult>();

  /** Indexes a report; true when its identity or figures changed (its partners need a re-check). */
  index(uri: string, entry: CrossEntry): boolean {
    const signature = signatureOf(entry);
    const changed = this.entries.get(uri)?.signature !== signature;
    this.entries.set(uri, { entry, signature });
    return changed;
  }

  remove(uri: string): void {
    this.entries.delete(uri);
  }

  all(): CrossEntry[] {
    return [...this.entries.values()].map((x) => x.entry);
  }

  uriOf(entry: CrossEntry): string | undefined {
    for (const [uri, x] of this.entries) if (x.entry === entry) return uri;
    return undefined;
  }

  remember(result: CheckResult, crossed: CheckResult): void {
    this.crossed.set(result, crossed);
  }

  /** The result with the cross findings, when the report was checked against partners. */
  crossedOf(result: CheckResult): CheckResult {
    return this.crossed.get(result) ?? result;
  }
}

/** What the partners compare: the identity, every placed figure with its interval, the names of the codes. */
function signatureOf(e: CrossEntry): string {
  const id = e.identity;
  const figs = e.figures.map((f) => `${f.key}|${f.year}|${f.measure}|${f.interval.toString()}`).join(';');
  const names = [...e.names].map(([code, rows]) => `${code}=${rows.map((r) => r.name).join('/')}`).join(';');
  return `${id.unit}|${id.year}|${id.stage}|${id.level}|${(id.units ?? []).join(',')}|${figs}|${names}`;
}

/**
 * An open report's result checked against the other indexed reports (the engine pairs them);
 * when its figures changed, its open partners are checked again.
 */
export function withCross(ctx: ServerContext, uri: string, result: CheckResult, options: CheckOptions): CheckResult {
  if (!result.isReport) return result;
  const entry = ctx.engine.crossEntry(result);
  const changed = ctx.cross.index(uri, entry);
  const all = ctx.cross.all();
  if (all.length < 2) return result;
  const path = uriToPath(uri);
  const sets = (path && ctx.projects.forFile(path)?.sets) || [];
  let out: CheckResult;
  try {
    out = ctx.engine.crossCheck(result, { partners: all, sets }, options);
  } catch (e) {
    ctx.logError(`cross check of ${uri}`, e);
    return result;
  }
  ctx.cross.remember(result, out);
  if (changed)
    for (const pair of out.cross?.pairs ?? [])
      for (const p of pair.partners) {
        const u = ctx.cross.uriOf(p);
        if (u && u !== uri && ctx.documents.get(u)) ctx.scheduler.schedule(u, 'config');
      }
  return out;
}
