/** The guard of the requests answered from the current check result of a report. */
import type { Position } from 'vscode-languageserver';
import { currentResult, treatAsReport, type Current } from '../checks';
import type { ServerContext } from '../context';

/** A request answered from the current check result of a report; null otherwise or on error. */
export const fromResult =
  <R>(ctx: ServerContext, what: string, answer: (cur: Current, position?: Position) => R) =>
  async (p: { textDocument: { uri: string }; position?: Position }): Promise<R | null> => {
    const cur = await currentResult(ctx, p.textDocument.uri);
    if (!cur || !treatAsReport(ctx, cur.doc.uri, cur.result, cur.settings)) return null;
    try {
      return answer(cur, p.position);
    } catch (e) {
      ctx.logError(what, e);
      return null;
    }
  };
