/** textDocument/hover: the engine's hover at the position (figure, formula, rule). */
import type { ServerContext } from '../context';
import { hoverToLsp } from '../convert';
import { fromResult } from './from-result';

export function registerHover(ctx: ServerContext): void {
  ctx.connection.onHover(
    fromResult(ctx, 'hover', (cur, position) =>
      hoverToLsp(
        ctx.engine.hover(
          ctx.cross.crossedOf(cur.result),
          cur.doc.offsetAt(position!),
          ctx.settings.langOf(cur.settings),
        ),
      ),
    ),
  );
}
