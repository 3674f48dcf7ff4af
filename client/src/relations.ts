/**
 * The *Suanpan: Relations* view: every relation the server checked in the active report, by
 * section and table, each with ✓ / 尾差 / ✗, its formula and recomputed value; a click reveals the
 * figure. Fed by the suanpan/relations request (the server's handlers/relations.ts builds it all);
 * refreshed when the report's diagnostics change, i.e. after every check.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { RELATIONS_REQUEST } from '../../server/src/lsp/protocol';
import type { RelationsResult } from '../../server/src/lsp/handlers/relations';

type View = RelationsResult['view'];
type Group = View['groups'][number] & { uri?: string };
type Relation = Group['relations'][number];
type Figure = Relation['figures'][number] & { uri?: string };
type Node = { group: Group } | { relation: Relation; uri: string } | { figure: Figure; uri: string };

const ICONS: Record<Relation['status'], [string, string]> = {
  holds: ['pass', 'testing.iconPassed'],
  rounding: ['warning', 'list.warningForeground'],
  fails: ['error', 'list.errorForeground'],
  undetermined: ['circle-slash', 'disabledForeground'],
};

export function relationsView(client: LanguageClient, t: (zh: string, en: string) => string): vscode.Disposable[] {
  const provider = new RelationsProvider(client, t);
  const tree = vscode.window.createTreeView('suanpan.relations', { treeDataProvider: provider });
  provider.tree = tree;
  const setFailingOnly = (on: boolean) => {
    provider.failingOnly = on;
    void vscode.commands.executeCommand('setContext', 'suanpan.relationsFailingOnly', on);
    provider.changed.fire();
  };
  let timer: NodeJS.Timeout | undefined;
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void provider.refresh(), 150);
  };
  return [
    tree,
    provider.changed,
    vscode.commands.registerCommand('suanpan.relations.failingOnly', () => setFailingOnly(true)),
    vscode.commands.registerCommand('suanpan.relations.showAll', () => setFailingOnly(false)),
    vscode.commands.registerCommand('suanpan.relations.refresh', () => provider.refresh()),
    vscode.commands.registerCommand('suanpan.relations.reveal', (uri: string, range: Range) =>
      reveal(client, uri, range),
    ),
    vscode.window.onDidChangeActiveTextEditor(soon),
    tree.onDidChangeVisibility(soon),
    vscode.languages.onDidChangeDiagnostics((e) => {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      if (active && e.uris.some((u) => u.toString() === active)) soon();
    }),
    { dispose: () => clearTimeout(timer) },
  ];
}

type Range = { start: vscode.Position; end: vscode.Position };

/** Opens the figure's document (a protocol URI: the web client's differ from the editor's) at its range. */
async function reveal(client: LanguageClient, uri: string, range: Range): Promise<void> {
  const r = new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
  await vscode.window.showTextDocument(client.protocol2CodeConverter.asUri(uri), {
    selection: r,
    preserveFocus: false,
  });
}

class RelationsProvider implements vscode.TreeDataProvider<Node> {
  readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  tree?: vscode.TreeView<Node>;
  failingOnly = false;
  private result: RelationsResult | null = null;
  private asked = 0;

  constructor(
    private readonly client: LanguageClient,
    private readonly t: (zh: string, en: string) => string,
  ) {}

  async refresh(): Promise<void> {
    const doc = vscode.window.activeTextEditor?.document;
    if (!this.tree?.visible || !doc) return;
    const n = ++this.asked;
    const r = await this.client
      .sendRequest<RelationsResult | null>(RELATIONS_REQUEST, {
        textDocument: { uri: this.client.code2ProtocolConverter.asUri(doc.uri) },
      })
      .catch(() => null);
    if (n !== this.asked) return;
    // a click on a figure of the report's tables file opens that file: the report's view stays
    if (!r && this.shows(this.client.code2ProtocolConverter.asUri(doc.uri))) return;
    this.result = r;
    const c = r?.view.counts;
    const { t } = this;
    this.tree.description = c
      ? t(
          `${c.checked} 处 · ✓ ${c.holding} · 尾差 ${c.rounding} · ✗ ${c.failing}`,
          `${c.checked} checked · ✓ ${c.holding} · 尾差 ${c.rounding} · ✗ ${c.failing}`,
        )
      : undefined;
    this.tree.message = r ? undefined : t('当前编辑器中不是决算/预算公开报告。', 'The active editor holds no report.');
    this.changed.fire();
  }

  /** Whether the view shows figures of this document (the report's linked tables file). */
  private shows(uri: string): boolean {
    return !!this.result?.view.groups.some((g) => (g as Group).uri === uri);
  }

  getChildren(node?: Node): Node[] {
    const keep = (r: Relation) => !this.failingOnly || r.status === 'fails';
    if (!node) {
      const groups = (this.result?.view.groups ?? []) as Group[];
      return groups.filter((g) => g.relations.some(keep)).map((group) => ({ group }));
    }
    if ('group' in node) {
      const uri = node.group.uri ?? this.result!.uri;
      return node.group.relations.filter(keep).map((relation) => ({ relation, uri }));
    }
    if ('relation' in node) return node.relation.figures.map((f: Figure) => ({ figure: f, uri: f.uri ?? node.uri }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const { t } = this;
    if ('group' in node) {
      const g = node.group;
      const c = g.counts;
      const item = new vscode.TreeItem(
        g.table ? `${g.section} · ${g.table}` : g.section,
        c.failing || this.failingOnly
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed,
      );
      const more = `${c.rounding ? ` · 尾差 ${c.rounding}` : ''}${c.failing ? ` · ✗ ${c.failing}` : ''}`;
      item.description = `✓ ${c.holding}${more}`;
      item.iconPath = new vscode.ThemeIcon(
        c.failing ? 'error' : 'pass',
        new vscode.ThemeColor(c.failing ? ICONS.fails[1] : ICONS.holds[1]),
      );
      // the filter and a failure in the group open it: a new id, so VS Code does not keep it collapsed
      const open = this.failingOnly ? 'f' : c.failing ? 'x' : '';
      item.id = `g:${open}:${g.path ?? ''}:${g.section}:${g.table ?? ''}:${g.span.start}`;
      return item;
    }
    if ('relation' in node) {
      const r = node.relation;
      const item = new vscode.TreeItem(`${r.mark} ${r.title}`, vscode.TreeItemCollapsibleState.Collapsed);
      item.description =
        r.recomputed && !r.formula.endsWith(r.recomputed) ? `${r.formula} → ${r.recomputed}` : r.formula;
      const tip = new vscode.MarkdownString();
      tip.appendText(`${r.mark} ${r.title}\n\n`).appendCodeblock(r.formula, 'text');
      if (r.recomputed) tip.appendText(`${t('重算', 'Recomputed')}: ${r.recomputed}\n\n`);
      if (r.interval) tip.appendText(`${t('区间', 'Interval')}: ${r.interval}\n\n`);
      if (r.note) tip.appendText(r.note);
      item.tooltip = tip;
      const [icon, color] = ICONS[r.status];
      item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
      const target = r.figures.find((f) => f.target) ?? r.figures[0];
      if (target) item.command = revealCommand((target as Figure).uri ?? node.uri, target.range, t);
      item.id = `r:${r.id}`;
      item.contextValue = `relation.${r.status}`;
      return item;
    }
    const f = node.figure;
    const item = new vscode.TreeItem(f.text, vscode.TreeItemCollapsibleState.None);
    item.description = `${f.label} · ${t(`第 ${f.range.start.line + 1} 行`, `line ${f.range.start.line + 1}`)}`;
    item.iconPath = new vscode.ThemeIcon(f.target ? 'symbol-numeric' : 'symbol-constant');
    item.command = revealCommand(node.uri, f.range, t);
    return item;
  }
}

function revealCommand(uri: string, range: Figure['range'], t: (zh: string, en: string) => string): vscode.Command {
  return { command: 'suanpan.relations.reveal', title: t('显示数字', 'Reveal the figure'), arguments: [uri, range] };
}
