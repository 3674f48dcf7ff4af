/**
 * The caches of one engine instance (createEngine): results kept between checks of the same
 * text, so an editor re-checking on every keystroke does not parse an unchanged tables file
 * again. No module holds per-document state; a check made without an engine gets fresh caches.
 */
import { ExtractionCache } from './facts/block-cache';
import { ChunkCache } from './read/markdown-chunks';
import type { ReportDoc } from './read/model';
import type { ProfileSet } from './structure/profile';
import { CappedMemo } from './util/cache';

export class EngineCaches {
  /** Parsed linked files (a narrative's 数据: tables.yaml) by path, with the text they were parsed from. */
  readonly linked = new CappedMemo<string, { text: string; doc: ReportDoc }>(8);
  /** The workspace's layout profiles (CheckOptions.profiles), parsed, by the identity of the list. */
  readonly profiles = new WeakMap<unknown[], ProfileSet>();
  /** The facts of blocks read in earlier checks, by their text and context (facts/block-cache.ts). */
  readonly extraction = new ExtractionCache();
  /** Markdown chunks read in earlier checks, by their text (read/markdown-chunks.ts). */
  readonly chunks = new ChunkCache();
}
