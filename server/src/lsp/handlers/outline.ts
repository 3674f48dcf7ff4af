/** textDocument/documentSymbol and textDocument/foldingRange: the report's parts, sections and tables. */
import type { ServerContext } from '../context';
import { foldingToLsp, symbolsToLsp } from '../convert';
import { fromResult } from './from-result';

export function registerOutline(ctx: ServerContext): void {
  ctx.connection.onDocumentSymbol(fromResult(ctx, 'symbols', (cur) => symbolsToLsp(cur.finished.view.symbols), true));
  ctx.connection.onFoldingRanges(fromResult(ctx, 'folding', (cur) => foldingToLsp(cur.finished.view.folding), true));
}
