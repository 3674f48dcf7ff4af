/**
 * What the desktop client (extension.ts) and the web client (web.ts) share: the status bar, the
 * commands, the relations view, the walkthrough and the YAML schemas of linked files, over a
 * started language client. Every check,
 * hover and fix comes from the server.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient, LanguageClientOptions } from 'vscode-languageclient';

import {
  CHECK_WORKSPACE_COMMAND as CHECK_WORKSPACE_SERVER,
  STATUS_NOTIFICATION,
  TRUST_NOTIFICATION,
  type StatusParams,
  type WorkspaceSummary,
} from '../../server/src/lsp/protocol';
import { IMPORT_COMMAND, type ImportParams, type ImportReply } from '../../server/src/lsp/import-protocol';
import { relationsView } from './relations';
import { walkthroughCommands } from './walkthrough';
import { yamlSchemas } from './yaml-schemas';

let client: BaseLanguageClient | undefined;
/** The web extension host (web.ts): no disk for the server, so no workspace check and no import. */
let web = false;

const zh = () => vscode.env.language.toLowerCase().startsWith('zh');
export const t = (zhText: string, en: string) => (zh() ? zhText : en);

export async function activateClient(
  context: vscode.ExtensionContext,
  make: (options: LanguageClientOptions) => BaseLanguageClient,
  selector: LanguageClientOptions['documentSelector'],
  extra: Partial<LanguageClientOptions> = {},
  inWeb = false,
): Promise<BaseLanguageClient> {
  web = inWeb;
  const output = vscode.window.createOutputChannel('Suanpan');
  client = make({ ...clientOptions(output, selector), ...extra });
  const status = statusBar();
  context.subscriptions.push(output, ...status.disposables, ...commands(output));
  const schemas = yamlSchemas(context);
  context.subscriptions.push(...schemas.disposables);
  client.onNotification(STATUS_NOTIFICATION, (p: StatusParams) => {
    status.update(p, client!);
    // keyed by the editor's URIs (the web client's protocol URIs differ from them)
    const asUri = (u: string) => client!.protocol2CodeConverter.asUri(u).toString();
    schemas.update({ uri: asUri(p.uri), isReport: p.isReport, linked: p.linked.map(asUri) });
  });
  context.subscriptions.push(...relationsView(client, t), ...walkthroughCommands(context, t));
  // an untrusted workspace gets no layout profiles from its files; trust granted later lifts that
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(() => client?.sendNotification(TRUST_NOTIFICATION, { trusted: true })),
  );
  await client.start();
  return client;
}

function clientOptions(
  output: vscode.OutputChannel,
  documentSelector: LanguageClientOptions['documentSelector'],
): LanguageClientOptions {
  return {
    documentSelector,
    outputChannel: output,
    diagnosticCollectionName: 'suanpan',
    // the server registers the file watchers it needs (.suanpan.yaml, reports) itself
    initializationOptions: { trusted: vscode.workspace.isTrusted },
  };
}

/** The status bar item: errors and warnings of the active report, from the server's status notifications. */
function statusBar(): {
  update: (p: StatusParams, c: BaseLanguageClient) => void;
  disposables: vscode.Disposable[];
} {
  const item = vscode.window.createStatusBarItem('suanpan.status', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Suanpan';
  item.command = 'workbench.actions.view.problems';
  const reports = new Map<string, StatusParams>();
  const refresh = () => {
    const editor = vscode.window.activeTextEditor;
    const st = editor && reports.get(editor.document.uri.toString());
    if (!st || !st.isReport) {
      item.hide();
      return;
    }
    const ds = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'suanpan');
    const errors = ds.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
    const warnings = ds.filter((d) => d.severity === vscode.DiagnosticSeverity.Warning).length;
    item.text = `$(symbol-numeric) ${t('算盘', 'Suanpan')} $(error) ${errors} $(warning) ${warnings}`;
    item.tooltip = t(
      `本报告：${errors} 个错误，${warnings} 个警告。点击打开“问题”面板。`,
      `This report: ${errors} errors, ${warnings} warnings. Click to open the Problems view.`,
    );
    item.backgroundColor = errors > 0 ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    item.show();
  };
  const update = (p: StatusParams, c: BaseLanguageClient) => {
    // keyed by the editor's URI (the web client's protocol URIs differ from it)
    reports.set(c.protocol2CodeConverter.asUri(p.uri).toString(), p);
    refresh();
  };
  const disposables = [
    item,
    vscode.window.onDidChangeActiveTextEditor(refresh),
    vscode.languages.onDidChangeDiagnostics(refresh),
    vscode.workspace.onDidCloseTextDocument((d) => {
      reports.delete(d.uri.toString());
      refresh();
    }),
  ];
  return { update, disposables };
}

function commands(output: vscode.OutputChannel): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('suanpan.checkWorkspace', checkWorkspace),
    vscode.commands.registerCommand('suanpan.restartServer', async () => {
      // the desktop client restarts its server process; the web client stops and starts its worker
      const c = client as (BaseLanguageClient & { restart?: () => Promise<void> }) | undefined;
      if (c?.restart) await c.restart();
      else if (c) await c.stop().then(() => c.start());
    }),
    vscode.commands.registerCommand('suanpan.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('suanpan.importReport', importReport),
    vscode.commands.registerCommand('suanpan.fixAll', async () => {
      await vscode.commands.executeCommand('editor.action.sourceAction', {
        kind: 'source.fixAll.suanpan',
        apply: 'first',
      });
    }),
  ];
}

/** suanpan.checkWorkspace: the server's workspace check, with its summary in a message. */
async function checkWorkspace(): Promise<void> {
  if (!client) return;
  if (web) return notInWeb(t('检查工作区报告', 'Checking the workspace reports'));
  const summary = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Window,
      title: t('算盘：检查工作区报告…', 'Suanpan: checking the workspace reports…'),
    },
    () =>
      client!.sendRequest<WorkspaceSummary>('workspace/executeCommand', {
        command: CHECK_WORKSPACE_SERVER,
        arguments: [],
      }),
  );
  if (!summary) return;
  const msg = t(
    `算盘：${summary.reports} 份报告（共 ${summary.files} 个文件），${summary.errors} 个错误，${summary.warnings} 个警告。`,
    `Suanpan: ${summary.reports} reports (of ${summary.files} files), ` +
      `${summary.errors} errors, ${summary.warnings} warnings.`,
  );
  const open = t('打开“问题”面板', 'Open Problems');
  const pick = await vscode.window.showInformationMessage(msg, open);
  if (pick === open) await vscode.commands.executeCommand('workbench.actions.view.problems');
}

const IMPORTABLE = /\.(pdf|docx)$/i;

/** The file to import: the one the explorer passes, else the active tab's PDF or Word file, else one the user picks. */
async function importSource(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input as { uri?: unknown } | undefined;
  if (input?.uri instanceof vscode.Uri && IMPORTABLE.test(input.uri.path)) return input.uri;
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: t('导入', 'Import'),
    title: t('算盘：导入报告（PDF/Word）', 'Suanpan: Import report (PDF/Word)'),
    filters: { [t('PDF 或 Word 文档', 'PDF or Word documents')]: ['pdf', 'docx'] },
  });
  return picked?.[0];
}

/** suanpan.importReport: the server imports the file and writes the Markdown beside it; the client opens it. */
async function importReport(arg?: unknown): Promise<vscode.Uri | undefined> {
  if (web) {
    notInWeb(t('导入 PDF/Word 报告', 'Importing PDF and Word reports'));
    return undefined;
  }
  const source = await importSource(arg);
  if (!source || !client) return undefined;
  const name = source.path.replace(/^.*\//, '');
  if (source.scheme !== 'file' || !IMPORTABLE.test(source.path)) {
    void vscode.window.showErrorMessage(
      t(
        `算盘：只能导入磁盘上的 PDF 或 Word (.docx) 文件：${name}`,
        `Suanpan: only .pdf and .docx files on disk: ${name}`,
      ),
    );
    return undefined;
  }
  const send = (overwrite: boolean) =>
    vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: t(`算盘：正在导入 ${name}…`, `Suanpan: importing ${name}…`),
      },
      () =>
        client!.sendRequest<ImportReply>('workspace/executeCommand', {
          command: IMPORT_COMMAND,
          arguments: [{ uri: source.toString(), overwrite } satisfies ImportParams],
        }),
    );
  let reply = await send(false);
  if (reply?.status === 'exists') {
    const target = reply.target.replace(/^.*[\\/]/, '');
    const replace = t('覆盖', 'Overwrite');
    const open = t('打开现有文件', 'Open the existing file');
    const pick = await vscode.window.showWarningMessage(
      t(
        `${target} 已存在。用 ${name} 的导入结果覆盖它吗？`,
        `${target} exists. Overwrite it with the import of ${name}?`,
      ),
      { modal: true },
      replace,
      open,
    );
    if (pick === open) return showImported(reply.uri);
    if (pick !== replace) return undefined;
    reply = await send(true);
  }
  if (!reply || reply.status === 'failed') {
    const why = reply?.message ?? t('语言服务器未响应', 'no answer from the language server');
    void vscode.window.showErrorMessage(t(`算盘：无法导入 ${name}：${why}`, `Suanpan: cannot import ${name}: ${why}`));
    return undefined;
  }
  if (reply.status === 'written' && reply.warnings.length)
    void vscode.window.showWarningMessage(`${t('算盘', 'Suanpan')}: ${name}: ${reply.warnings.join('; ')}`);
  return showImported(reply.uri);
}

async function showImported(uri: string): Promise<vscode.Uri> {
  const target = vscode.Uri.parse(uri);
  await vscode.window.showTextDocument(target, { preview: false });
  return target;
}

/** A command the web build leaves out, said so (it needs the disk, which a web worker has not). */
function notInWeb(what: string): void {
  void vscode.window.showInformationMessage(
    t(
      `算盘：${what}需要桌面版 VS Code（网页版中语言服务器无法访问磁盘）。网页版检查已打开的报告。`,
      `Suanpan: ${what} needs the desktop VS Code (in the web the language server has no disk). ` +
        'The web version checks the open reports.',
    ),
  );
}

export async function deactivateClient(): Promise<void> {
  await client?.stop();
  client = undefined;
}
