/**
 * textDocument/codeAction: the quick fixes, the disable comments and fix-all (source.fixAll.suanpan),
 * from the latest finished check (answered at once, even while a check runs). Fix-all checks the
 * fixed text again to a fixed point: that is a job for the worker, asked only when an action needs it.
 */
import type { CodeActionParams, TextEdit } from 'vscode-languageserver';
import type { EditorSettings } from '../../config';
import { workspaceRoot } from '../../host/files';
import { currentResult, isProjectFile, optionsForPath, runEngine, wireOptions, type Current } from '../checks';
import type { ServerContext } from '../context';
import { codeActions, type ActionsOf } from '../convert';
import { uriToPath } from '../uri';
import { disableDocs } from '../views';

export function registerCodeActions(ctx: ServerContext): void {
  ctx.connection.onCodeAction(async (p) => {
    const uri = p.textDocument.uri;
    if (isProjectFile(uri)) return null;
    const settings = await ctx.settings.get(uri);
    if (!settings.enable) return null;
    const cur = await currentResult(ctx, uri);
    try {
      // the actions are made once without fix-all's edits; only if one of them needs them are they computed
      let asked = false;
      const first = actionsFor(ctx, p, settings, cur, () => ((asked = true), []));
      if (!asked) return first;
      const edits = await fixAllEdits(ctx, cur);
      return actionsFor(ctx, p, settings, cur, () => edits);
    } catch (e) {
      ctx.logError('code actions', e);
      return null;
    }
  });
}

function actionsFor(
  ctx: ServerContext,
  p: CodeActionParams,
  settings: EditorSettings,
  cur: Current | undefined,
  fixAll: () => TextEdit[],
) {
  const uri = p.textDocument.uri;
  return codeActions({
    uri,
    diagnostics: Array.isArray(p.context?.diagnostics) ? p.context.diagnostics : [],
    only: p.context?.only,
    lang: ctx.settings.langOf(settings),
    documentChanges: ctx.caps.documentChanges,
    textOf: (u) => ctx.documents.textOf(u),
    versionOf: (u) => ctx.documents.get(u)?.version ?? null,
    resultOf: (u) => (u === uri ? actionsOf(cur) : resultOf(ctx, u, settings)),
    fixAll,
    disableEdit: ctx.engine.disableEdit,
  });
}

/** The latest check of the document, with its text as it is now (where a disable comment goes). */
function actionsOf(cur: Current | undefined): ActionsOf | undefined {
  return cur && { findings: cur.finished.view.findings, ...disableDocs(cur.finished, cur.doc.getText()) };
}

/** The check of another document (the narrative a diagnostic in its tables file comes from). */
function resultOf(ctx: ServerContext, uri: string, settings: EditorSettings): ActionsOf | undefined {
  const open = ctx.documents.get(uri);
  if (open) {
    const f = ctx.views.get(uri);
    return f && { findings: f.view.findings, ...disableDocs(f, open.getText()) };
  }
  const path = uriToPath(uri);
  const text = path && ctx.documents.readFile(path);
  return text ? runEngine(ctx, text, optionsForPath(ctx, path, settings), uri) : undefined;
}

/** Every certain fix of the document, to a fixed point, as edits on its current text (by the worker). */
async function fixAllEdits(ctx: ServerContext, cur: Current | undefined): Promise<TextEdit[]> {
  if (!cur) return [];
  const { doc, finished } = cur;
  const path = finished.options.path;
  if (ctx.checker.broken) return ctx.engine.fixAll(doc.getText(), finished.options).edits.map(toLsp);
  const edits = await ctx.checker.fixAll({
    uri: doc.uri,
    version: doc.version,
    text: doc.getText(),
    options: wireOptions(finished.options, ctx.checker.deadlineMs),
    root: path ? workspaceRoot(path, ctx.roots) : undefined,
  });
  return (edits ?? []).map(toLsp);
}

const toLsp = (e: TextEdit): TextEdit => ({ range: e.range, newText: e.newText });
