/** workspace/executeCommand: the workspace check (suanpan.server.checkWorkspace). */
import type { ServerContext } from '../context';
import { CHECK_WORKSPACE_COMMAND } from '../protocol';
import { checkWorkspace } from '../workspace-check';

export function registerCommands(ctx: ServerContext): void {
  ctx.connection.onExecuteCommand(async (p, token) => {
    if (p.command === CHECK_WORKSPACE_COMMAND) return checkWorkspace(ctx, token);
    return null;
  });
}
