/**
 * The caches of one engine instance (createEngine): results kept between checks, so an editor
 * re-checking on every keystroke does not parse an unchanged tables file again, nor an unchanged
 * Markdown chunk, nor read the figures of an unchanged block, nor check an unchanged block or
 * 自评表 again (incremental; ARCHITECTURE.md). No module holds per-document state; a check made
 * without an engine gets fresh caches.
 */
import { ExtractionCache } from './facts/block-cache';
import { PerfCache } from './facts/perf-sheet';
import { ChunkCache } from './read/markdown-chunks';
import { RuleCache } from './rules/runner';
import { EvalCache } from './relations/evaluate';
import type { ReportDoc } from './read/model';
import type { ProfileSet } from './structure/profile';
import { CappedMemo } from './util/cache';

export class EngineCaches {
  /** Parsed linked files (a narrative's 数据: tables.yaml) by path, with the text they were parsed from. */
  readonly linked = new CappedMemo<string, { text: string; doc: ReportDoc }>(8);
  /** The workspace's layout profiles (CheckOptions.profiles), parsed, by the identity of the list. */
  readonly profiles = new WeakMap<unknown[], ProfileSet>();
  /**
   * The facts of blocks read in earlier checks, by their text and context (facts/block-cache.ts);
   * none when the caches are for one check (keeping them costs a copy of every block read).
   */
  readonly extraction?: ExtractionCache;
  /** Markdown chunks read in earlier checks, by their text (read/markdown-chunks.ts); none for one check. */
  readonly chunks?: ChunkCache;
  /** The findings of scoped rules (a block's, a 自评表's) by the unit's text (rules/runner.ts); none for one check. */
  readonly rules?: RuleCache;
  /** Evaluations of relations by the figures they read (relations/evaluate.ts); none for one check. */
  readonly evals?: EvalCache;
  /** The 自评表 read in earlier checks, by their text (facts/perf-sheet.ts); none for one check. */
  readonly perf?: PerfCache;
  constructor({ incremental = true }: { incremental?: boolean } = {}) {
    if (incremental) {
      this.extraction = new ExtractionCache();
      this.chunks = new ChunkCache();
      this.rules = new RuleCache();
      this.evals = new EvalCache();
      this.perf = new PerfCache();
    }
  }
}
