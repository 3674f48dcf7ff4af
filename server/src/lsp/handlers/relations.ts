/**
 * suanpan/relations: the relations view of a report (every relation the check evaluated, grouped
 * by section and table, with ✓ / 尾差 / ✗), of its latest finished check. The engine builds the
 * view in the check worker when it is asked for (it is not kept with every check: half a megabyte
 * for the seed); here a linked file's figures get the URI they are shown at.
 */
import { workspaceRoot } from '../../host/files';
import type { RelationsView } from '../../engine';
import { pathToUri, runEngine, wireOptions, type Current } from '../checks';
import type { ServerContext } from '../context';
import { RELATIONS_REQUEST } from '../protocol';
import { relationsOf } from '../views';
import { fromResult } from './from-result';

/** The answer: the view for the document's version, every figure and group with the URI it is in. */
export interface RelationsResult {
  uri: string;
  version: number;
  view: RelationsView;
}

export function registerRelations(ctx: ServerContext): void {
  ctx.connection.onRequest(
    RELATIONS_REQUEST,
    fromResult(ctx, 'relations', async (cur): Promise<RelationsResult | null> => {
      const version = cur.doc.version;
      const view = await relationsOfCheck(ctx, cur);
      if (!view) return null;
      const uri = cur.doc.uri;
      const at = (path?: string) => (path ? pathToUri(ctx, path) : uri);
      for (const g of view.groups) {
        Object.assign(g, { uri: at(g.path) });
        for (const r of g.relations) for (const f of r.figures) Object.assign(f, { uri: at(f.path) });
      }
      return { uri, version, view };
    }),
  );
}

/** The view of the latest finished check, made by the worker (on this thread when no worker can start). */
async function relationsOfCheck(ctx: ServerContext, cur: Current): Promise<RelationsView | null> {
  const f = cur.finished;
  if (ctx.checker.broken) {
    const result = runEngine(ctx, f.text, f.options, cur.doc.uri);
    return result ? relationsOf(ctx.engine, result, f.options.lang) : null;
  }
  const path = f.options.path;
  return ctx.checker.relations({
    uri: cur.doc.uri,
    version: f.version,
    text: f.text,
    options: wireOptions(f.options, ctx.checker.deadlineMs),
    root: path ? workspaceRoot(path, ctx.roots) : undefined,
    sets: (path && ctx.projects.forFile(path)?.sets) || [],
  });
}
