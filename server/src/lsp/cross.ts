/**
 * Reports checked against each other in the editor: the open reports (and, once the workspace
 * check has run, the reports checked from disk) are indexed by the engine (their identity and
 * placed figures); the check worker checks an open report against the others (check-worker.ts), and a report
 * whose figures changed re-checks its open partners.
 */
import type { CrossEntry } from '../engine';

export class CrossIndex {
  private readonly entries = new Map<string, { entry: CrossEntry; signature: string }>();

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
}

/** What the partners compare: the identity, every placed figure with its interval, the names of the codes. */
function signatureOf(e: CrossEntry): string {
  const id = e.identity;
  const figs = e.figures.map((f) => `${f.key}|${f.year}|${f.measure}|${f.interval.toString()}`).join(';');
  const names = [...e.names].map(([code, rows]) => `${code}=${rows.map((r) => r.name).join('/')}`).join(';');
  return `${id.unit}|${id.year}|${id.stage}|${id.level}|${(id.units ?? []).join(',')}|${figs}|${names}`;
}
