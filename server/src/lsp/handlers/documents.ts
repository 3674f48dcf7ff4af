/**
 * The document events: a document is checked when opened, changed or saved (the scheduler
 * decides when), and so are the open narratives that link it; closing one clears what its
 * check published. Saving a `.suanpan.yaml` or a layout profile re-checks every open report.
 */
import type { TextDocumentChangeEvent } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { clearCheck, isProjectFile, openDependentsOf, recheckOpen } from '../checks';
import type { ServerContext } from '../context';
import { uriToPath } from '../uri';
import { recheckFromDisk } from '../workspace-check';

export function registerDocuments(ctx: ServerContext): void {
  const events = ctx.documents.open;
  events.onDidOpen((e) => {
    if (usable(ctx, e.document)) ctx.scheduler.schedule(e.document.uri, 'open');
  });
  events.onDidChangeContent((e) => {
    if (!usable(ctx, e.document)) return;
    // the open event fires this too; the scheduler coalesces it with the open
    ctx.scheduler.schedule(e.document.uri, 'change');
    for (const u of openDependentsOf(ctx, uriToPath(e.document.uri)))
      if (u !== e.document.uri) ctx.scheduler.schedule(u, 'change');
  });
  events.onDidSave((e) => {
    const path = uriToPath(e.document.uri);
    if (isProjectFile(e.document.uri) || (path && ctx.projects.isProfileFile(path))) {
      ctx.projects.invalidate();
      recheckOpen(ctx);
    } else ctx.scheduler.schedule(e.document.uri, 'save');
  });
  events.onDidClose((e) => closed(ctx, e));
}

/** A document whose text is not a string is rejected once, with a log, and never checked. */
function usable(ctx: ServerContext, doc: TextDocument): boolean {
  const state = ctx.documents.reject(doc);
  if (state === 'rejected') ctx.log(`rejected ${doc.uri}: its text is not a string (${typeof doc.getText()})`);
  return state === 'ok';
}

function closed(ctx: ServerContext, e: TextDocumentChangeEvent<TextDocument>): void {
  const uri = e.document.uri;
  ctx.documents.forget(uri);
  const path = uriToPath(uri);
  ctx.scheduler.cancel(uri);
  ctx.results.delete(uri);
  ctx.cross.remove(uri);
  ctx.settings.delete(uri);
  clearCheck(ctx, uri);
  ctx.publisher.sendStatus(uri, e.document.version, undefined);
  // narratives that read this file now read the disk's text
  for (const u of openDependentsOf(ctx, path)) ctx.scheduler.schedule(u, 'config');
  // back to what is on disk, as for the other unopened reports
  if (ctx.workspaceMode && path && !isProjectFile(uri) && ctx.roots.some((r) => path.startsWith(r)))
    recheckFromDisk(ctx, path);
}
