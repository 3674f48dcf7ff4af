/**
 * The messages between the language server's main thread and its check worker (check-worker.ts):
 * plain data only (structured clone). The main thread keeps the documents and the schedule; the
 * worker holds an engine, a copy of the open documents a check may read (a linked tables file),
 * and answers with what the editor features need of a check (CheckView), never the engine's
 * result itself (it holds functions and is not clonable).
 */
import type { CheckOptions, Finding, HoverEntry, OutlineSymbol, RelationsView, TextEdit } from '../engine';
import type { DocIdentity } from '../engine/cross';

/** Check options as sent to the worker: without the functions (file access, clock). */
export type WireOptions = Omit<CheckOptions, 'readFile' | 'now'>;

/** An open document's text, as the editor has it (a check reads it instead of the disk's). */
export interface OpenFile {
  path: string;
  version: number;
  text: string;
}

/** What a job tells the worker of the open documents: the changed ones since it last heard, the closed ones. */
export interface FileSync {
  files: OpenFile[];
  closed: string[];
  /** Documents closed (by URI): no longer partners of the others' checks. */
  forget?: string[];
  /** The workspace's report files (the partners a report may have on disk), when the list changed. */
  disk?: string[];
  /** Files changed on disk since the last job: their cached identities and figures are stale. */
  diskChanged?: string[];
}

export interface JobBase extends FileSync {
  id: number;
  uri: string;
  text: string;
  options: WireOptions;
  /** The folder a linked file must lie in (host/files workspaceRoot), when the document has a path. */
  root?: string;
  /** The report sets of its `.suanpan.yaml` (a report in one is checked against the others of it only). */
  sets?: string[][];
}

export interface CheckJob extends JobBase {
  type: 'check';
  /** Compute the check's hovers after its view (the document is being hovered). */
  hovers?: boolean;
  /** Compute the hovers even when a newer job waits (the document has none yet). */
  hoversFirst?: boolean;
}

/** Every certain fix, to a fixed point (the engine's fixAll). */
export interface FixAllJob extends JobBase {
  type: 'fixAll';
}

/** The hovers of a check (of a document whose hovers the main thread no longer keeps). */
export interface HoversJob extends JobBase {
  type: 'hovers';
}

/** The relations view of a check (suanpan/relations): made when asked, not kept with every check. */
export interface RelationsJob extends JobBase {
  type: 'relations';
}

export type Job = CheckJob | FixAllJob | HoversJob | RelationsJob;

/** A document of a check as the features need it: where it is, its format, its text. */
export interface DocView {
  path?: string;
  format: 'markdown' | 'text' | 'yaml';
  source: string;
}

/** What the editor features need of a check result (its findings, outline, linked files). */
export interface CheckView {
  findings: Finding[];
  isReport: boolean;
  dropped: number;
  /** The checked document (its source is the text sent, not sent back). */
  doc: Omit<DocView, 'source'>;
  linked: DocView[];
  symbols: OutlineSymbol[];
  folding: Array<{ startLine: number; endLine: number }>;
  /** Open reports checked against this one whose comparison may have changed: to check again. */
  recheck?: string[];
  /** The report's identity (which reports it may pair with), for a report. */
  identity?: DocIdentity;
  /** Its partners read from disk (not open), by path. */
  diskPartners?: string[];
  /** Some partners on disk were not checked yet (the time was spent): to check again. */
  morePartners?: boolean;
  /** Its identity, figures or names changed since its last check (its partners' comparisons may change). */
  crossChanged?: boolean;
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'checked'; id: number; view: CheckView }
  /** The hovers of the check `id`, computed after its view was sent (null if a newer job came first). */
  | { type: 'hovers'; id: number; entries: HoverEntry[] | null }
  /** The relations view of the check a relations job is of (null: not a report). */
  | { type: 'relations'; id: number; view: RelationsView | null }
  | { type: 'fixed'; id: number; edits: TextEdit[] }
  | { type: 'failed'; id: number; error: string };
