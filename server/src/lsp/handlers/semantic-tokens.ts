/**
 * textDocument/semanticTokens/full: the figures, units, change words and numbering of a report
 * coloured (engine/features/semantic-tokens.ts), for Markdown and text documents that are reports
 * (front matter or title, or named by suanpan.files); any other document gets none.
 */
import type { SemanticTokens } from 'vscode-languageserver';
import { encodeSemanticTokens, semanticTokens } from '../../engine';
import { currentResult, treatAsReport } from '../checks';
import type { ServerContext } from '../context';

const NONE: SemanticTokens = { data: [] };

export function registerSemanticTokens(ctx: ServerContext): void {
  ctx.connection.languages.semanticTokens.on(async (p) => {
    const uri = p.textDocument.uri;
    const doc = ctx.documents.get(uri);
    if (!doc || !['markdown', 'plaintext'].includes(doc.languageId)) return NONE;
    // the check of this version (waited for, a bounded time): front matter just added makes it a report
    const cur = await currentResult(ctx, uri, true);
    if (!cur || !treatAsReport(ctx, uri, cur.finished.view, cur.settings)) return NONE;
    try {
      // the text as it is now (the check may be of an older version): tokens follow the editor
      const text = cur.doc.getText();
      return { data: encodeSemanticTokens(semanticTokens(text, doc.languageId === 'markdown' ? 'markdown' : 'text')) };
    } catch (e) {
      ctx.logError('semantic tokens', e);
      return NONE;
    }
  });
}
