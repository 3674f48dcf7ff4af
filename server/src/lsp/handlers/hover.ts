/**
 * textDocument/hover: the engine's hover at the position (figure, formula, rule), from the hovers
 * of the latest finished check (computed by the worker): answered at once, even while a check runs.
 */
import { currentResult, treatAsReport } from '../checks';
import type { ServerContext } from '../context';
import { hoverToLsp } from '../convert';

export function registerHover(ctx: ServerContext): void {
  ctx.connection.onHover(async (p) => {
    const uri = p.textDocument.uri;
    const cur = await currentResult(ctx, uri);
    if (!cur || !treatAsReport(ctx, uri, cur.finished.view, cur.settings)) return null;
    // the hovers of the latest finished check follow its diagnostics by a few milliseconds
    await ctx.views.hoversIn(uri);
    try {
      const doc = ctx.documents.get(uri);
      return doc ? hoverToLsp(ctx.views.hoverAt(uri, doc, doc.offsetAt(p.position))) : null;
    } catch (e) {
      ctx.logError('hover', e);
      return null;
    }
  });
}
