/**
 * textDocument/hover: the engine's hover at the position (figure, formula, rule), from the hovers
 * of the latest finished check (computed by the worker): answered at once, even while a check runs.
 */
import { workspaceRoot } from '../../host/files';
import { hoverIndex } from '../../engine';
import { currentResult, runEngine, treatAsReport, wireOptions } from '../checks';
import type { ServerContext } from '../context';
import { hoverToLsp } from '../convert';
import type { Finished } from '../views';

export function registerHover(ctx: ServerContext): void {
  ctx.connection.onHover(async (p) => {
    const uri = p.textDocument.uri;
    const cur = await currentResult(ctx, uri);
    if (!cur || !treatAsReport(ctx, uri, cur.finished.view, cur.settings)) return null;
    ctx.views.hovered(uri);
    // the hovers of the latest finished check follow its diagnostics by a few milliseconds
    await ctx.views.hoversIn(uri);
    // none, or of an older check and none on their way: the worker computes them, unless it is
    // busy or a check of the document is due (the older ones answer, carried over the edits)
    const views = ctx.views;
    const stale = !views.hoversCurrent(uri) && !views.hoversComing(uri);
    if (!views.hasHovers(uri) || (stale && !ctx.checker.busy() && !ctx.scheduler.busy(uri)))
      await hoversAgain(ctx, cur.finished, uri);
    try {
      const doc = ctx.documents.get(uri);
      return doc ? hoverToLsp(ctx.views.hoverAt(uri, doc, doc.offsetAt(p.position))) : null;
    } catch (e) {
      ctx.logError('hover', e);
      return null;
    }
  });
}

/** The hovers of a document whose hovers were not kept (not checked or hovered lately), by the worker. */
async function hoversAgain(ctx: ServerContext, f: Finished, uri: string): Promise<void> {
  if (ctx.checker.broken) {
    const result = runEngine(ctx, f.text, f.options, uri);
    if (result) ctx.views.setHovers(uri, f.version, f.text, hoverIndex(result, f.options.lang), f);
    return;
  }
  const path = f.options.path;
  const entries = await ctx.checker.hovers({
    uri,
    version: f.version,
    text: f.text,
    options: wireOptions(f.options, ctx.checker.deadlineMs),
    root: path ? workspaceRoot(path, ctx.roots) : undefined,
  });
  if (ctx.documents.get(uri)) ctx.views.setHovers(uri, f.version, f.text, entries, f);
}
