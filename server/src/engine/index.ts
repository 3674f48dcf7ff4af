/**
 * The Suanpan engine: a pure library, text in, findings out. It never imports the LSP or
 * VS Code packages, nor the file system: the language server and the CLI are thin layers over
 * it, each with an engine of its own (createEngine). The pipeline is in pipeline.ts; where
 * each kind of change goes is in ARCHITECTURE.md.
 */
import { EngineCaches } from './caches';
import { runCheck, type CheckResult } from './pipeline';
import type { CheckOptions } from './types';

export * from './types';
export { RULES, RULE_BY_ID } from './rules';
export type { Rule, RuleMeta } from './rules';
export type { ReportDoc } from './read/model';
export type { Extraction } from './facts/extract';
export type { Network } from './relations/build';
export type { CheckResult } from './pipeline';
export type { CrossEntry, CrossInput, CrossStage, CrossRelation } from './cross';
export { crossEntry } from './cross';
export { createEngine, type Engine, type EngineOptions, type Workspace } from './engine';
export { formatOf, readReport, isReport, resolvePath, MAX_TEXT, type Format } from './read';

/** One check with fresh caches (nothing kept): for a single file. Hosts that check repeatedly make an engine. */
export function check(text: string, options: CheckOptions = {}): CheckResult {
  return runCheck(text, options, new EngineCaches({ incremental: false }));
}

export { hoverAt, factAt, hoverEntries, hoverIndex, hoverInIndex, type Hover, type HoverEntry } from './features/hover';
export { documentSymbols, type OutlineSymbol } from './features/symbols';
export { foldingRanges } from './features/folding';
export {
  encodeSemanticTokens,
  semanticTokens,
  SEMANTIC_TOKEN_TYPES,
  type SemanticToken,
} from './features/semantic-tokens';
export { fixAllEdits } from './features/fix-all';
export { disableEdit, fixTitle, quickFixes, type DisableDoc } from './features/code-actions';
export { LineIndex } from './util/text';
export { applyEdits, certainFixes } from './features/fix';
export { relationsView } from './features/relations-view';
export type * from './features/relations-types';
export { settle, type FixTexts, type Settled, type SettleOptions, type HeldFix } from './features/settle';
