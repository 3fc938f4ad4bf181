import * as vscode from "vscode";
import { implementationsNodes, type ImplementationsNode } from "./implementationsModel";
import type { ServerSession } from "./serverSession";

const STAGE_ICONS: Record<Extract<ImplementationsNode, { kind: "stage" }>["status"], vscode.ThemeIcon> = {
  ok: new vscode.ThemeIcon("pass", new vscode.ThemeColor("testing.iconPassed")),
  error: new vscode.ThemeIcon("error", new vscode.ThemeColor("errorForeground")),
  not_implemented: new vscode.ThemeIcon("circle-slash"),
  "not-run": new vscode.ThemeIcon("circle-outline"),
};
const CHANGE_ICONS: Record<Extract<ImplementationsNode, { kind: "change" }>["changeKind"], vscode.ThemeIcon> = {
  patch: new vscode.ThemeIcon("diff"),
  "new-file": new vscode.ThemeIcon("new-file"),
  insert: new vscode.ThemeIcon("insert"),
};

function markdown(text: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(text);
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}

/**
 * Draws the Implementations view; all decisions live in implementationsModel. A change row's
 * contextValue says its kind, and package.json's inline actions (Insert, Preview Diff, Apply)
 * match on it; VS Code passes the row to the action's command.
 */
export class ImplementationsTree implements vscode.TreeDataProvider<ImplementationsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly unsubscribe: () => void;
  private roots: ImplementationsNode[] = [];
  private seen: { state: unknown; records: unknown; findings: unknown; plans: unknown } | null = null;

  constructor(private readonly session: ServerSession) {
    this.refresh();
    this.unsubscribe = session.onDidChange(() => this.refresh());
  }

  /** The rows as they are now, for the palette's Insert Generated Code. */
  get nodes(): readonly ImplementationsNode[] {
    return this.roots;
  }

  getChildren(node?: ImplementationsNode): ImplementationsNode[] {
    if (!node) return this.roots;
    return node.kind === "task" || node.kind === "stage" ? node.children : [];
  }

  getTreeItem(node: ImplementationsNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label);
    item.id = node.key;
    item.description = node.description;
    switch (node.kind) {
      case "note":
        item.iconPath = new vscode.ThemeIcon(node.icon === "info" ? "info" : "debug-disconnect");
        item.tooltip = node.description ? `${node.label}: ${node.description}` : node.label;
        break;
      case "task":
        item.collapsibleState = vscode.TreeItemCollapsibleState.Expanded;
        item.iconPath = new vscode.ThemeIcon(node.task.kind === "finding" ? "tools" : "beaker");
        item.tooltip = markdown(node.tooltip);
        item.contextValue = `implementation.task.${node.task.kind}`;
        break;
      case "stage":
        item.collapsibleState = node.children.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None;
        item.iconPath = STAGE_ICONS[node.status];
        item.tooltip = markdown(node.tooltip);
        break;
      case "change":
        item.iconPath = CHANGE_ICONS[node.changeKind];
        item.tooltip = markdown(node.tooltip);
        item.contextValue = node.contextValue;
        break;
    }
    return item;
  }

  dispose(): void {
    this.unsubscribe();
    this.changed.dispose();
  }

  private refresh(): void {
    const { state, implementations, findings, testPlans } = this.session;
    const seen = this.seen;
    if (seen && seen.state === state && seen.records === implementations && seen.findings === findings && seen.plans === testPlans) return;
    this.seen = { state, records: implementations, findings, plans: testPlans };
    this.roots = implementationsNodes(state, implementations, findings?.findings ?? [], testPlans?.plans ?? []);
    this.changed.fire(undefined);
  }
}
