/**
 * Publishing diagnostics and the status notification. A file's diagnostics can come from
 * several checks (its own, and those of the narratives that link it): they are kept by the
 * URI they are shown on, then by the URI of the check that found them, and published merged.
 */
import type { Connection, Diagnostic } from 'vscode-languageserver';
import type { Finding } from '../engine';
import { STATUS_NOTIFICATION, type StatusParams } from './protocol';

export class Publisher {
  /** Diagnostics by the URI they are shown on, then by the URI of the check that found them. */
  private published = new Map<string, Map<string, Diagnostic[]>>();

  constructor(private readonly connection: Connection) {}

  /** Sets what the check of `origin` found, on every file it found something in. */
  publishCheck(origin: string, byUri: Map<string, Diagnostic[]>, version?: number): void {
    const touched = new Set<string>(byUri.keys());
    for (const [uri, m] of this.published) if (m.has(origin)) touched.add(uri);
    for (const uri of touched) {
      let m = this.published.get(uri);
      if (!m) this.published.set(uri, (m = new Map()));
      const ds = byUri.get(uri);
      if (ds) m.set(origin, ds);
      else m.delete(origin);
      if (!m.size && uri !== origin) this.published.delete(uri);
      this.flush(uri, uri === origin ? version : undefined);
    }
  }

  /** The errors, warnings and infos of a report in its own file (none when it is not one), and the files it links. */
  sendStatus(uri: string, version: number, result: { findings: Finding[] } | undefined, linked: string[] = []): void {
    const own = result ? result.findings.filter((f) => !f.path) : [];
    const count = (s: string) => own.filter((f) => f.severity === s).length;
    const params: StatusParams = {
      uri,
      version,
      isReport: !!result,
      linked: result ? linked : [],
      errors: count('error'),
      warnings: count('warning'),
      infos: count('info'),
    };
    this.connection.sendNotification(STATUS_NOTIFICATION, params);
  }

  private flush(uri: string, version?: number): void {
    const m = this.published.get(uri);
    const seen = new Set<string>();
    const diagnostics: Diagnostic[] = [];
    // the file's own check first, then what the narratives linking it found
    const entries = m ? [...m].sort(([a], [b]) => (a === uri ? -1 : b === uri ? 1 : 0)) : [];
    for (const [, ds] of entries) {
      for (const d of ds) {
        const { start, end } = d.range;
        const k = `${d.code}|${start.line}:${start.character}-${end.line}:${end.character}|${d.message}`;
        if (seen.has(k)) continue;
        seen.add(k);
        diagnostics.push(d);
      }
    }
    if (m && !m.size) this.published.delete(uri);
    this.connection.sendDiagnostics(version === undefined ? { uri, diagnostics } : { uri, version, diagnostics });
  }
}
