/** textDocument/codeAction: the quick fixes, the disable comments and fix-all (source.fixAll.suanpan). */
import type { CodeActionParams, TextEdit } from 'vscode-languageserver';
import type { EditorSettings } from '../../config';
import type { CheckResult } from '../../engine';
import {
  currentResult,
  isProjectFile,
  optionsFor,
  optionsForPath,
  resultFor,
  runEngine,
  type Current,
} from '../checks';
import type { ServerContext } from '../context';
import { codeActions } from '../convert';
import { uriToPath } from '../uri';

export function registerCodeActions(ctx: ServerContext): void {
  ctx.connection.onCodeAction(async (p) => {
    const uri = p.textDocument.uri;
    if (isProjectFile(uri)) return null;
    const settings = await ctx.settings.get(uri);
    if (!settings.enable) return null;
    const cur = await currentResult(ctx, uri);
    try {
      return actionsFor(ctx, p, settings, cur);
    } catch (e) {
      ctx.logError('code actions', e);
      return null;
    }
  });
}

function actionsFor(ctx: ServerContext, p: CodeActionParams, settings: EditorSettings, cur: Current | undefined) {
  const uri = p.textDocument.uri;
  return codeActions({
    uri,
    diagnostics: Array.isArray(p.context?.diagnostics) ? p.context.diagnostics : [],
    only: p.context?.only,
    lang: ctx.settings.langOf(settings),
    documentChanges: ctx.caps.documentChanges,
    textOf: (u) => ctx.documents.textOf(u),
    versionOf: (u) => ctx.documents.get(u)?.version ?? null,
    resultOf: (u) => (u === uri ? cur && ctx.cross.crossedOf(cur.result) : resultOf(ctx, u, settings)),
    fixAll: () => fixAllEdits(ctx, cur),
    disableEdit: ctx.engine.disableEdit,
  });
}

/** The result of another document (the narrative a diagnostic in its tables file comes from). */
function resultOf(ctx: ServerContext, uri: string, settings: EditorSettings): CheckResult | undefined {
  const open = ctx.documents.get(uri);
  if (open) return resultFor(ctx, open, optionsFor(ctx, uri, settings));
  const path = uriToPath(uri);
  const text = path && ctx.documents.readFile(path);
  return text ? runEngine(ctx, text, optionsForPath(ctx, path, settings), uri) : undefined;
}

/** Every certain fix of the document, to a fixed point, as edits on its current text. */
function fixAllEdits(ctx: ServerContext, cur: Current | undefined): TextEdit[] {
  if (!cur) return [];
  return ctx.engine
    .fixAll(cur.doc.getText(), cur.options, cur.result)
    .edits.map((e) => ({ range: e.range, newText: e.newText }));
}
