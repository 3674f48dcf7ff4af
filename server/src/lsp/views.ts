/**
 * The latest finished check of each open document, as the main thread keeps it (the worker sends
 * a CheckView, then its hovers), for hover, code actions and the outline. These answer from the
 * latest finished check, never by checking again: when the document has changed since, an offset
 * is carried over the edit (the text before and after the changed stretch is the same).
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { EditorSettings } from '../config';
import {
  hoverInIndex,
  LineIndex,
  type CheckOptions,
  type CheckResult,
  type DisableDoc,
  type Engine,
  type Hover,
  type HoverEntry,
  type Lang,
  type RelationsView,
} from '../engine';
import type { CheckView } from './check-protocol';

export interface Finished {
  version: number;
  /** The text that was checked. */
  text: string;
  view: CheckView;
  settings: EditorSettings;
  options: CheckOptions;
}

interface Hovers {
  /** The finished check they are of (a check again of the same version, e.g. with new partners, is another). */
  of?: Finished;
  version: number;
  text: string;
  entries: HoverEntry[];
  /** The unchanged stretches between `text` and a later version of the document. */
  diff?: { version: number } & Diff;
}

/** A document hovered this recently gets its hovers computed with each check (else when asked). */
export const HOVERED_LATELY_MS = 30_000;

/** Documents whose hovers are kept (the most recently checked or hovered); others' are computed again when asked. */
export const MAX_HOVERS = 8;

export class Views {
  private finished = new Map<string, Finished>();
  private hovers = new Map<string, Hovers>();
  /** Hovers on their way (the worker computes them after the check's view), by document. */
  private coming = new Map<string, { version: number; arrived: Promise<void>; resolve: () => void }>();
  private hoveredAt = new Map<string, number>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** A hover was asked for on the document. */
  hovered(uri: string): void {
    this.hoveredAt.set(uri, this.now());
  }

  /**
   * Whether a check of the document computes its hovers: when it has none (a first hover then
   * answers at once, even during a check) or was hovered lately; else they are computed when asked.
   */
  wantsHovers(uri: string): boolean {
    const t = this.hoveredAt.get(uri);
    return !this.hovers.has(uri) || (t !== undefined && this.now() - t < HOVERED_LATELY_MS);
  }

  /** Whether the document's hovers are of its latest finished check. */
  hoversCurrent(uri: string): boolean {
    const h = this.hovers.get(uri);
    return !!h && !!h.of && h.of === this.finished.get(uri);
  }

  /**
   * Keeps a finished check unless a newer version's is kept already; `hoversFollow` when the
   * worker sends its hovers next (a hover waits for them rather than answer from older ones).
   */
  set(uri: string, f: Finished, hoversFollow = false): boolean {
    const had = this.finished.get(uri);
    if (had && had.version > f.version) return false;
    this.finished.set(uri, f);
    if (hoversFollow) {
      this.coming.get(uri)?.resolve();
      let resolve!: () => void;
      const arrived = new Promise<void>((r) => (resolve = r));
      this.coming.set(uri, { version: f.version, arrived, resolve });
    }
    return true;
  }

  /**
   * Resolves once the document has hovers: at once when it has some (of an earlier check: they
   * answer, carried over the edits, while the latest's are computed); else once the latest
   * check's are in or will not come (at most `maxMs`).
   */
  hoversIn(uri: string, maxMs = 1000): Promise<void> {
    const c = this.coming.get(uri);
    if (!c || this.hovers.has(uri)) return Promise.resolve();
    let timer: ReturnType<typeof setTimeout>;
    return Promise.race([c.arrived, new Promise<void>((r) => (timer = setTimeout(r, maxMs)))]).finally(() =>
      clearTimeout(timer),
    );
  }

  get(uri: string): Finished | undefined {
    return this.finished.get(uri);
  }

  /** The hovers of a check (null: they will not come, the previous ones stay). */
  setHovers(uri: string, version: number, text: string, entries: HoverEntry[] | null, of?: Finished): void {
    const c = this.coming.get(uri);
    if (c && c.version <= version) {
      this.coming.delete(uri);
      c.resolve();
    }
    const had = this.hovers.get(uri);
    if (!entries || (had && had.version > version)) return;
    this.hovers.delete(uri);
    this.hovers.set(uri, { of, version, text, entries });
    while (this.hovers.size > MAX_HOVERS) this.hovers.delete(this.hovers.keys().next().value!);
  }

  /** Whether hovers of the latest finished check are on their way. */
  hoversComing(uri: string): boolean {
    return this.coming.has(uri);
  }

  hasHovers(uri: string): boolean {
    return this.hovers.has(uri);
  }

  /** The hover at an offset of the document as it is now, from the latest hovers computed. */
  hoverAt(uri: string, doc: TextDocument, offset: number): Hover | undefined {
    const h = this.hovers.get(uri);
    if (!h) return undefined;
    // most recently used last
    this.hovers.delete(uri);
    this.hovers.set(uri, h);
    if (h.version === doc.version) return hoverInIndex(h.entries, offset);
    if (h.diff?.version !== doc.version) h.diff = { version: doc.version, ...diffOf(h.text, doc.getText()) };
    const d = h.diff;
    const before = toBefore(d, offset);
    const found = before === undefined ? undefined : hoverInIndex(h.entries, before);
    if (!found) return undefined;
    const start = toAfter(d, found.span.start);
    const end = toAfter(d, found.span.end);
    if (start === undefined || end === undefined) return undefined;
    return { ...found, span: { start, end }, range: { start: doc.positionAt(start), end: doc.positionAt(end) } };
  }

  delete(uri: string): void {
    this.finished.delete(uri);
    this.hovers.delete(uri);
    this.hoveredAt.delete(uri);
    this.coming.get(uri)?.resolve();
    this.coming.delete(uri);
  }
}

/**
 * What the main thread keeps of a check: plain data (sent by the worker). Not the relations view
 * (every relation evaluated, half a megabyte for the seed): the worker makes it when it is asked for.
 */
export function viewOf(engine: Pick<Engine, 'symbols' | 'folding'>, result: CheckResult): CheckView {
  return {
    findings: result.findings,
    isReport: result.isReport,
    dropped: result.dropped,
    doc: { path: result.doc.path, format: result.doc.format },
    linked: result.linked.map((d) => ({ path: d.path, format: d.format, source: d.source })),
    symbols: engine.symbols(result),
    folding: engine.folding(result),
  };
}

/** The relations view of a check (every relation evaluated, in the language given), or null for no report. */
export function relationsOf(engine: Pick<Engine, 'relations'>, result: CheckResult, lang?: Lang): RelationsView | null {
  return result.isReport ? engine.relations(result, lang) : null;
}

/** The checked document and its linked files as a disable edit reads them (the text given for the document). */
export function disableDocs(f: Finished, text: string): { doc: DisableDoc; linked: DisableDoc[] } {
  const shell = (d: { path?: string; format: DisableDoc['format']; source: string }): DisableDoc => ({
    path: d.path,
    format: d.format,
    source: d.source,
    lines: new LineIndex(d.source),
  });
  return { doc: shell({ ...f.view.doc, source: text }), linked: f.view.linked.map(shell) };
}

/** Two texts as one changed stretch: the same `prefix` characters before it, `suffix` after. */
export interface Diff {
  prefix: number;
  suffix: number;
  before: number;
  after: number;
}

export function diffOf(before: string, after: string): Diff {
  const max = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < max - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  )
    suffix++;
  return { prefix, suffix, before: before.length, after: after.length };
}

/** An offset of the later text in the earlier one, or undefined inside the changed stretch. */
export function toBefore(d: Diff, offset: number): number | undefined {
  if (offset <= d.prefix) return offset;
  if (offset >= d.after - d.suffix) return offset - (d.after - d.before);
  return undefined;
}

/** An offset of the earlier text in the later one, or undefined inside the changed stretch. */
export function toAfter(d: Diff, offset: number): number | undefined {
  if (offset <= d.prefix) return offset;
  if (offset >= d.before - d.suffix) return offset + (d.after - d.before);
  return undefined;
}
