/** The guard of the requests answered from the latest finished check of a report. */
import type { Position } from 'vscode-languageserver';
import { currentResult, treatAsReport, type Current } from '../checks';
import type { ServerContext } from '../context';

/**
 * A request answered from the latest finished check of a report; null otherwise or on error.
 * With `fresh` (the outline), a check of the current version on its way is waited for first.
 */
export const fromResult =
  <R>(ctx: ServerContext, what: string, answer: (cur: Current, position?: Position) => R | Promise<R>, fresh = false) =>
  async (p: { textDocument: { uri: string }; position?: Position }): Promise<R | null> => {
    const cur = await currentResult(ctx, p.textDocument.uri, fresh);
    if (!cur || !treatAsReport(ctx, cur.doc.uri, cur.finished.view, cur.settings)) return null;
    try {
      return await answer(cur, p.position);
    } catch (e) {
      ctx.logError(what, e);
      return null;
    }
  };
