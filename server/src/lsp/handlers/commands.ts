/** workspace/executeCommand: the workspace check (suanpan.server.checkWorkspace), the import (./import). */
import type { ServerContext } from '../context';
import { IMPORT_COMMAND, type ImportParams } from '../import-protocol';
import { CHECK_WORKSPACE_COMMAND } from '../protocol';
import { checkWorkspace } from '../workspace-check';
import { runImportCommand } from './import';

export function registerCommands(ctx: ServerContext): void {
  ctx.connection.onExecuteCommand(async (p, token) => {
    if (p.command === CHECK_WORKSPACE_COMMAND) return checkWorkspace(ctx, token);
    if (p.command === IMPORT_COMMAND) return runImportCommand(ctx, p.arguments?.[0] as ImportParams | undefined);
    return null;
  });
}
