/**
 * Configuration changes: the editor settings (didChangeConfiguration) and watched files — a
 * `.suanpan.yaml` or a layout profile it names (every open report may change), a linked
 * tables file on disk (the narratives reading it), an unopened report (the workspace check).
 */
import { basename } from 'node:path';
import { FileChangeType, type FileEvent } from 'vscode-languageserver';
import { normalizeSettings, PROJECT_FILE } from '../../config';
import { clearCheck, openDependentsOf, recheckOpen } from '../checks';
import type { ServerContext } from '../context';
import { diskFileChanged } from '../disk-cross';
import { uriToPath } from '../uri';
import { recheckFromDisk, recheckWorkspace } from '../workspace-check';

export function registerConfiguration(ctx: ServerContext): void {
  ctx.connection.onDidChangeConfiguration((change) => {
    const s = (change.settings as { suanpan?: unknown } | null)?.suanpan;
    if (!ctx.settings.canPull && s) ctx.settings.global = normalizeSettings(s);
    recheckOpen(ctx);
    recheckWorkspace(ctx);
  });

  ctx.connection.onDidChangeWatchedFiles((change) => {
    let configChanged = false;
    for (const c of change.changes) if (fileChanged(ctx, c)) configChanged = true;
    if (configChanged) {
      ctx.projects.invalidate();
      recheckOpen(ctx);
      recheckWorkspace(ctx);
    }
  });
}

/** One watched file changed; true when it is configuration (a project or profile file). */
function fileChanged(ctx: ServerContext, c: FileEvent): boolean {
  const path = uriToPath(c.uri);
  if (!path) return false;
  // the project file, or a layout profile file it names: every open report may change
  if (basename(path) === PROJECT_FILE || ctx.projects.isProfileFile(path)) return true;
  if (ctx.documents.byPath(path)) return false; // the editor's text is what counts
  // a partner on disk of an open report (or one that may become one)
  diskFileChanged(ctx, path, c.type);
  for (const u of openDependentsOf(ctx, path)) ctx.scheduler.schedule(u, 'config');
  for (const [p, u] of ctx.fromDisk) if (ctx.dependents.reads(u, path)) recheckFromDisk(ctx, p);
  if (ctx.workspaceMode) {
    if (c.type === FileChangeType.Deleted) {
      const uri = ctx.fromDisk.get(path);
      if (uri) {
        ctx.fromDisk.delete(path);
        clearCheck(ctx, uri);
      }
    } else if (ctx.roots.some((r) => path.startsWith(r))) recheckFromDisk(ctx, path);
  }
  return false;
}
