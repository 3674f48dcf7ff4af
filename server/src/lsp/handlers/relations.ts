/**
 * suanpan/relations: the relations view of a report (every relation the check evaluated, grouped
 * by section and table, with ✓ / 尾差 / ✗), from its current check result. The engine builds the
 * view; here a linked file's figures get the URI they are shown at.
 */
import type { RelationsView } from '../../engine';
import { pathToUri } from '../checks';
import type { ServerContext } from '../context';
import { RELATIONS_REQUEST } from '../protocol';
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
    fromResult(ctx, 'relations', (cur): RelationsResult | null => {
      // computed by the check (in the worker), in the check's language; a copy is given out
      const made = cur.finished.view.relations;
      if (!made) return null;
      const view = structuredClone(made);
      const uri = cur.doc.uri;
      const at = (path?: string) => (path ? pathToUri(ctx, path) : uri);
      for (const g of view.groups) {
        Object.assign(g, { uri: at(g.path) });
        for (const r of g.relations) for (const f of r.figures) Object.assign(f, { uri: at(f.path) });
      }
      return { uri, version: cur.doc.version, view };
    }),
  );
}
