/**
 * Reports checked against each other in the editor: the open reports (and, once the workspace
 * check has run, the reports checked from disk) are indexed by the engine (their identity and
 * placed figures); the check worker checks an open report against the others (check-worker.ts), and a report
 * whose figures changed re-checks its open partners.
 */
import type { CrossEntry } from '../engine';

export class CrossIndex {
  private readonly entries = new Map<string, CrossEntry>();

  /** Indexes a report; true when its identity or figures changed (its partners need a re-check). */
  index(uri: string, entry: CrossEntry): boolean {
    const had = this.entries.get(uri);
    this.entries.set(uri, entry);
    return !had || !samePartner(had, entry);
  }

  remove(uri: string): void {
    this.entries.delete(uri);
  }

  all(): CrossEntry[] {
    return [...this.entries.values()];
  }

  uriOf(entry: CrossEntry): string | undefined {
    for (const [uri, x] of this.entries) if (x === entry) return uri;
    return undefined;
  }
}

/**
 * Whether two entries are the same to their partners: the identity, every placed figure with its
 * interval, the names of the codes (compared field by field: no signature string is kept).
 */
function samePartner(a: CrossEntry, b: CrossEntry): boolean {
  const x = a.identity;
  const y = b.identity;
  if (x.unit !== y.unit || x.year !== y.year || x.stage !== y.stage || x.level !== y.level) return false;
  if ((x.units ?? []).join(',') !== (y.units ?? []).join(',')) return false;
  if (a.figures.length !== b.figures.length) return false;
  for (let i = 0; i < a.figures.length; i++) {
    const f = a.figures[i];
    const g = b.figures[i];
    if (f.key !== g.key || f.year !== g.year || f.measure !== g.measure) return false;
    if (f.interval.toString() !== g.interval.toString()) return false;
  }
  if (a.names.size !== b.names.size) return false;
  const names = [...b.names];
  let i = 0;
  for (const [code, rows] of a.names) {
    const [c, r] = names[i++];
    if (code !== c || rows.map((n) => n.name).join('/') !== r.map((n) => n.name).join('/')) return false;
  }
  return true;
}
