/**
 * Check results of open documents, by URI and version (with the options and the state of the
 * linked files they were computed with), for hover, actions and outline. Only the few most
 * recently used are kept: a result holds the whole parsed report (about 1 MB for the seed).
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CheckOptions, CheckResult } from '../engine';

/** Check results kept for hover, actions and outline; others are recomputed when asked for. */
export const MAX_CACHED_RESULTS = 8;

interface Cached {
  version: number;
  key: string;
  /** Versions / modification times of the linked files the result read. */
  stamp: string;
  result: CheckResult;
}

export class ResultCache {
  private results = new Map<string, Cached>();
  private profileIds = new WeakMap<unknown[], number>();
  private nextProfileId = 0;

  constructor(
    /** The stamp of the linked files (Documents.stampOf). */
    private readonly stampOf: (paths: Array<string | undefined>) => string,
    private readonly max = MAX_CACHED_RESULTS,
  ) {}

  /** The result for a document as it is now: cached, or computed (and kept) by `compute`. */
  get(
    doc: TextDocument,
    options: CheckOptions,
    compute: (text: string) => CheckResult | undefined,
  ): CheckResult | undefined {
    const key = this.keyOf(options);
    const hit = this.results.get(doc.uri);
    if (hit && hit.version === doc.version && hit.key === key && hit.stamp === this.linkedStamp(hit.result)) {
      // most recently used last
      this.results.delete(doc.uri);
      this.results.set(doc.uri, hit);
      return hit.result;
    }
    const result = compute(doc.getText());
    if (!result) return undefined;
    this.results.delete(doc.uri);
    this.results.set(doc.uri, { version: doc.version, key, stamp: this.linkedStamp(result), result });
    while (this.results.size > this.max) this.results.delete(this.results.keys().next().value!);
    return result;
  }

  delete(uri: string): void {
    this.results.delete(uri);
  }

  private linkedStamp(result: CheckResult): string {
    return this.stampOf(result.linked.map((d) => d.path));
  }

  private keyOf(options: CheckOptions): string {
    // the profiles are the same array while their files are unchanged: key them by identity
    return JSON.stringify({
      ...options,
      readFile: undefined,
      profiles: options.profiles ? this.profileKey(options.profiles) : undefined,
    });
  }

  private profileKey(p: unknown[]): number {
    let id = this.profileIds.get(p);
    if (id === undefined) this.profileIds.set(p, (id = ++this.nextProfileId));
    return id;
  }
}
