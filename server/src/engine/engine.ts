/**
 * An engine instance: the check and the editor features over one set of caches. The language
 * server and the CLI each make one (createEngine); what it keeps between checks (the parsed
 * tables file of a narrative, …) lives in its EngineCaches, never in a module.
 */
import { EngineCaches } from './caches';
import { codeActions, disableEdit, type EngineAction } from './features/code-actions';
import { fixAllEdits, fixAllToFixpoint, type FixAllResult } from './features/fix-all';
import { foldingRanges } from './features/folding';
import { factAt, hoverAt, type Hover } from './features/hover';
import { relationsView } from './features/relations-view';
import type { RelationsView } from './features/relations-types';
import { documentSymbols, type OutlineSymbol } from './features/symbols';
import { entryOf, runCheck, runCrossRules, type CheckResult } from './pipeline';
import type { CrossEntry, CrossInput } from './cross';
import type { CheckOptions, Finding, Lang, TextEdit } from './types';

/** How the engine sees files other than the one checked (a report's linked tables file). */
export interface Workspace {
  readFile(path: string): string | undefined;
}

export interface EngineOptions {
  /** The host's file access; a check's own readFile option wins. */
  workspace?: Workspace;
  /** Layout profiles every check of this engine adds (a check's own profiles option wins). */
  profiles?: unknown[];
  /**
   * Keep Markdown chunks and the facts of blocks between checks, so an edit re-reads only what it
   * changed (default true: an editor, fix-all). A batch of distinct reports may turn it off: a block
   * kept costs a copy, and is found again only where reports share text.
   */
  incremental?: boolean;
}

export interface Engine {
  /** One check; with `cross`, the report is also checked against its partners (the other reports). */
  check(text: string, options?: CheckOptions, cross?: CrossInput): CheckResult;
  /** The index entry of a checked report (its identity and placed figures), for its partners' checks. */
  crossEntry(result: CheckResult, path?: string): CrossEntry;
  /** The cross-document rules alone over a result already checked: the result with their findings added. */
  crossCheck(result: CheckResult, cross: CrossInput, options?: CheckOptions): CheckResult;
  hover(result: CheckResult, offset: number, lang?: Lang): Hover | undefined;
  symbols(result: CheckResult): OutlineSymbol[];
  folding(result: CheckResult): Array<{ startLine: number; endLine: number }>;
  /** The edits of the certain fixes of one result. */
  fixes(result: CheckResult): TextEdit[];
  /** Every certain fix, checked again until nothing certain is left. */
  fixAll(text: string, options?: CheckOptions, first?: CheckResult): FixAllResult;
  /** The code actions of one finding: its fixes (certain first, only those preferred) and the disable comments. */
  codeActions(result: CheckResult, finding: Finding, lang?: Lang): EngineAction[];
  disableEdit: typeof disableEdit;
  factAt: typeof factAt;
  /** Every relation the check evaluated, grouped by section and table, with ✓ / 尾差 / ✗ (plain JSON). */
  relations(result: CheckResult, lang?: Lang): RelationsView;
}

export function createEngine(engineOptions: EngineOptions = {}): Engine {
  const caches = new EngineCaches({ incremental: engineOptions.incremental });
  const withDefaults = (options: CheckOptions = {}): CheckOptions => ({
    ...options,
    readFile: options.readFile ?? engineOptions.workspace?.readFile.bind(engineOptions.workspace),
    profiles: options.profiles ?? engineOptions.profiles,
  });
  return {
    check: (text, options, cross) => runCheck(text, withDefaults(options), caches, cross),
    crossEntry: entryOf,
    crossCheck: (result, cross, options) => runCrossRules(result, withDefaults(options), caches, cross),
    hover: hoverAt,
    symbols: documentSymbols,
    folding: foldingRanges,
    fixes: fixAllEdits,
    fixAll: (text, options, first) => fixAllToFixpoint(text, withDefaults(options), first, 5, caches),
    codeActions,
    disableEdit,
    factAt,
    relations: relationsView,
  };
}
