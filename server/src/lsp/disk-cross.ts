/**
 * Reports on disk as partners of the open ones. The workspace's report files are listed once
 * (workspace.ts) and kept as files are created and deleted; the check worker reads from them the
 * partners an open report has on disk (disk-partners.ts). When a file on disk changes (a watched
 * file), the open reports that had it as a partner, or whose identity may pair with its new one,
 * are checked again.
 */
import { FileChangeType } from 'vscode-languageserver';
import { isReport, MAX_TEXT, readReport, type CrossEntry } from '../engine';
import { identityOf, type DocIdentity } from '../engine/cross';
import { crossGroups, type GroupMember } from '../engine/cross/groups';
import { readUtf8 } from '../host/files';
import type { ServerContext } from './context';
import { matchesAny } from './glob';
import { findReportFiles, REPORT_FILE } from './workspace';
import { runEngine } from './checks';
import { uriToPath } from './uri';

/** The workspace's report files, with a version that counts their changes. */
export class ReportFiles {
  version = 0;
  private set = new Set<string>();

  get paths(): string[] {
    return [...this.set];
  }

  replace(paths: string[]): void {
    this.set = new Set(paths);
    this.version++;
  }

  add(path: string): void {
    if (this.set.has(path)) return;
    this.set.add(path);
    this.version++;
  }

  remove(path: string): void {
    if (this.set.delete(path)) this.version++;
  }
}

/**
 * The report files of the workspace folders listed (again); the open reports already checked that
 * may pair with one of them (by the identities, read here) are checked again, against them.
 */
export async function refreshReportFiles(ctx: ServerContext): Promise<void> {
  if (!ctx.roots.length) return;
  const paths = await findReportFiles(ctx.roots, ctx.settings.global.files);
  ctx.reportFiles.replace(paths);
  const open = openIdentities(ctx);
  if (!open.length) return;
  const members: GroupMember[] = open.map((o) => ({ path: o.path, identity: o.identity }));
  for (let i = 0; i < paths.length; i++) {
    if (ctx.documents.byPath(paths[i])) continue;
    const identity = identityOnDisk(paths[i]);
    if (identity) members.push({ path: paths[i], identity });
    // stay responsive: let queued requests in between files
    if (i % 16 === 15) await new Promise((r) => setImmediate(r));
  }
  // each open report grouped with the sets of its own `.suanpan.yaml` (whichever folder it is in)
  for (let o = 0; o < open.length; o++) {
    const g = crossGroups(members, ctx.projects.forFile(open[o].path)?.sets ?? []).find((x) => x.includes(o));
    if (g?.some((i) => i >= open.length)) ctx.scheduler.schedule(open[o].uri, 'config');
  }
}

/** The open reports checked so far, with their identities. */
function openIdentities(
  ctx: ServerContext,
): Array<{ uri: string; path: string; identity: DocIdentity; partners: string[] }> {
  const out: Array<{ uri: string; path: string; identity: DocIdentity; partners: string[] }> = [];
  for (const d of ctx.documents.all()) {
    const view = ctx.views.get(d.uri)?.view;
    if (view?.isReport && view.identity && view.doc.path)
      out.push({ uri: d.uri, path: view.doc.path, identity: view.identity, partners: view.diskPartners ?? [] });
  }
  return out;
}

/** A file not open changed on disk: the open reports whose partners it is, or may be now, are checked again. */
export function diskFileChanged(ctx: ServerContext, path: string, type: FileChangeType): void {
  if (!ctx.roots.some((r) => path.startsWith(r))) return;
  if (type === FileChangeType.Deleted) ctx.reportFiles.remove(path);
  else if (REPORT_FILE.test(path) || matchesAny(ctx.settings.global.files, path, ctx.roots)) ctx.reportFiles.add(path);
  ctx.checker.changedOnDisk(path);
  const identity = type === FileChangeType.Deleted ? undefined : identityOnDisk(path);
  const open = openIdentities(ctx);
  const again = new Set(open.filter((o) => o.partners.includes(path)).map((o) => o.uri));
  if (identity) {
    const members: GroupMember[] = [{ path, identity }, ...open.map((o) => ({ path: o.path, identity: o.identity }))];
    const sets = ctx.projects.forFile(path)?.sets ?? [];
    for (const i of crossGroups(members, sets).find((g) => g.includes(0)) ?? []) if (i > 0) again.add(open[i - 1].uri);
  }
  for (const u of again) ctx.scheduler.schedule(u, 'config');
}

/** The identity of a report on disk (read, not checked), or undefined when it is not a report. */
function identityOnDisk(path: string): DocIdentity | undefined {
  const r = readUtf8(path);
  if (!r.ok || r.text.length > MAX_TEXT) return undefined;
  const doc = readReport(r.text, path);
  doc.path = path;
  return isReport(doc) ? identityOf(doc) : undefined;
}

/** The open reports' entries, checked on this thread from the editor's text (once per version). */
const openCache = new WeakMap<ServerContext, Map<string, { version: number; entry: CrossEntry }>>();

/**
 * The cross entries of the open reports, for the reports checked from disk (the open ones are
 * checked in the worker, whose entries stay there): each checked here once per version.
 */
export function openEntries(ctx: ServerContext): CrossEntry[] {
  let cache = openCache.get(ctx);
  if (!cache) openCache.set(ctx, (cache = new Map()));
  const out: CrossEntry[] = [];
  const seen = new Set<string>();
  for (const d of ctx.documents.all()) {
    const finished = ctx.views.get(d.uri);
    if (!uriToPath(d.uri) || !finished?.view.isReport) continue;
    seen.add(d.uri);
    const had = cache.get(d.uri);
    if (had?.version === d.version) {
      out.push(had.entry);
      continue;
    }
    const result = runEngine(ctx, d.getText(), finished.options, d.uri);
    if (!result?.isReport) continue;
    const entry = ctx.engine.crossEntry(result);
    cache.set(d.uri, { version: d.version, entry });
    out.push(entry);
  }
  for (const u of [...cache.keys()]) if (!seen.has(u)) cache.delete(u);
  return out;
}
