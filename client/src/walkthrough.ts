/**
 * The Get started walkthrough's commands: open the bundled sample report (copied, with one figure
 * changed, into the extension's storage so that it can be edited and fixed), show the hover on the
 * wrong figure, show its quick fix.
 */
import * as vscode from 'vscode';

/** The figure the sample gets wrong: the seed's 占72.08% written as 占75.08%. */
export const SAMPLE_RIGHT = '占72.08%';
export const SAMPLE_WRONG = '占75.08%';

type T = (zh: string, en: string) => string;

export function walkthroughCommands(context: vscode.ExtensionContext, t: T): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('suanpan.walkthrough.openSample', () => openSample(context, t)),
    vscode.commands.registerCommand('suanpan.walkthrough.showHover', async () => {
      if (await atWrongFigure(context, t)) await vscode.commands.executeCommand('editor.action.showHover');
    }),
    vscode.commands.registerCommand('suanpan.walkthrough.showFix', async () => {
      if (await atWrongFigure(context, t)) await vscode.commands.executeCommand('editor.action.quickFix');
    }),
  ];
}

/** Copies the bundled sample (report and its tables file) with the one wrong figure, and opens it. */
async function openSample(context: vscode.ExtensionContext, t: T): Promise<vscode.TextEditor | undefined> {
  const src = vscode.Uri.joinPath(context.extensionUri, 'samples', 'changji-2024');
  const dir = vscode.Uri.joinPath(context.globalStorageUri, 'sample');
  const fs = vscode.workspace.fs;
  try {
    await fs.createDirectory(dir);
    const report = new TextDecoder().decode(await fs.readFile(vscode.Uri.joinPath(src, 'report.md')));
    await fs.writeFile(vscode.Uri.joinPath(dir, 'report.md'), new TextEncoder().encode(withSlip(report)));
    await fs.copy(vscode.Uri.joinPath(src, 'tables.yaml'), vscode.Uri.joinPath(dir, 'tables.yaml'), {
      overwrite: true,
    });
  } catch (e) {
    void vscode.window.showErrorMessage(
      t(`算盘：无法打开示例报告：${e}`, `Suanpan: cannot open the sample report: ${e}`),
    );
    return undefined;
  }
  return vscode.window.showTextDocument(vscode.Uri.joinPath(dir, 'report.md'), { preview: false });
}

/** The seed with its one changed figure (the sample is the real report otherwise). */
export function withSlip(report: string): string {
  return report.replace(SAMPLE_RIGHT, SAMPLE_WRONG);
}

/** The sample's editor with the cursor on the wrong figure (opening the sample if needed). */
async function atWrongFigure(context: vscode.ExtensionContext, t: T): Promise<boolean> {
  const sample = vscode.Uri.joinPath(context.globalStorageUri, 'sample', 'report.md').toString();
  let editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === sample);
  editor = editor ? await vscode.window.showTextDocument(editor.document) : await openSample(context, t);
  if (!editor) return false;
  const text = editor.document.getText();
  let at = text.indexOf(SAMPLE_WRONG);
  if (at < 0) {
    // already fixed: the first Suanpan error instead, if any
    const d = vscode.languages
      .getDiagnostics(editor.document.uri)
      .find((x) => x.source === 'suanpan' && x.severity === vscode.DiagnosticSeverity.Error);
    if (!d) {
      void vscode.window.showInformationMessage(
        t('算盘：示例报告中已没有错误（已修复）。', 'Suanpan: the sample report has no error left (fixed).'),
      );
      return false;
    }
    at = editor.document.offsetAt(d.range.start) - 1;
  }
  const pos = editor.document.positionAt(at + 2);
  editor.selection = new vscode.Selection(pos, pos);
  editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenter);
  // the hover and the fix need the check done: wait for the figure's diagnostic (a few seconds at most)
  await diagnosticAt(editor.document.uri, pos);
  return true;
}

function diagnosticAt(uri: vscode.Uri, pos: vscode.Position, ms = 10_000): Promise<void> {
  const has = () => vscode.languages.getDiagnostics(uri).some((d) => d.source === 'suanpan' && d.range.contains(pos));
  if (has()) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => (sub.dispose(), resolve()), ms);
    const sub = vscode.languages.onDidChangeDiagnostics(() => {
      if (!has()) return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
}
