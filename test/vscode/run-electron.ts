/**
 * `npm run test:vscode`: the in-editor suite (./suite.ts) in a desktop VS Code downloaded by
 * @vscode/test-electron. Needs internet access to the VS Code download site, so it cannot run
 * on the project's offline machines; there `npm run test:e2e` runs the same suite in
 * code-server instead.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = resolve(__dirname, '..', '..', '..');
  const ws = mkdtempSync(join(tmpdir(), 'suanpan-vscode-'));
  // the same workspace as the code-server run
  const { prepareWorkspace } = await (
    new Function('p', 'return import(p)') as (p: string) => Promise<{ prepareWorkspace(dir: string): string }>
  )(resolve(root, 'e2e', 'workspace.mjs'));
  prepareWorkspace(ws);
  try {
    await runTests({
      version: process.env.VSCODE_VERSION ?? '1.100.3',
      extensionDevelopmentPath: root,
      extensionTestsPath: resolve(__dirname, 'suite.js'),
      launchArgs: [ws, '--disable-extensions', '--disable-workspace-trust', '--locale=en'],
    });
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
}

main().catch((e) => {
  const msg = e instanceof Error ? e.message : String(e);
  console.error(`test:vscode: ${msg}`);
  if (/ENOTFOUND|ECONNREFUSED|EAI_AGAIN|ETIMEDOUT|network/i.test(msg)) {
    console.error(
      'test:vscode: VS Code could not be downloaded (no internet here?); ' +
        '`npm run test:e2e` runs the same suite in code-server.',
    );
  }
  process.exit(1);
});
