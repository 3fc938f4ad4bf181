import * as vscode from "vscode";
import type { ServerSession } from "./serverSession";
import { testPlansNodes, type TestPlansNode } from "./testPlansModel";
import { editorRange, workspaceUri } from "./workspaceUri";

const LEVEL_ICONS: Record<Extract<TestPlansNode, { kind: "case" }>["level"], vscode.ThemeIcon> = {
  unit: new vscode.ThemeIcon("beaker"),
  integration: new vscode.ThemeIcon("plug"),
  e2e: new vscode.ThemeIcon("globe"),
};

function markdown(text: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(text);
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}

/**
 * Draws the Test Plans view; all decisions live in testPlansModel. Rebuilt only when the plans
 * or the connection changed, not on every status push the session also reports.
 */
export class TestPlansTree implements vscode.TreeDataProvider<TestPlansNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly unsubscribe: () => void;
  private roots: TestPlansNode[] = [];
  private seen: { state: unknown; push: unknown } | null = null;

  constructor(private readonly session: ServerSession) {
    this.refresh();
    this.unsubscribe = session.onDidChange(() => this.refresh());
  }

  getChildren(node?: TestPlansNode): TestPlansNode[] {
    if (!node) return this.roots;
    return node.kind === "unit" ? node.children : [];
  }

  getTreeItem(node: TestPlansNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label);
    item.id = node.key;
    item.description = node.description;
    if (node.kind === "note") {
      item.iconPath = new vscode.ThemeIcon(node.icon === "info" ? "info" : "debug-disconnect");
      item.tooltip = node.description ? `${node.label}: ${node.description}` : node.label;
      return item;
    }
    item.tooltip = markdown(node.tooltip);
    const uri = node.segments && workspaceUri(node.segments);
    if (node.kind === "unit") {
      item.collapsibleState = vscode.TreeItemCollapsibleState.Collapsed;
      item.iconPath = new vscode.ThemeIcon("symbol-function");
      item.contextValue = "testPlan.unit";
      if (uri) item.command = { title: "Open Unit", command: "vscode.open", arguments: [uri, { selection: editorRange(node.range) }] };
    } else {
      item.iconPath = LEVEL_ICONS[node.level];
      const at = new vscode.Range(node.line - 1, 0, node.line - 1, 0);
      if (uri) item.command = { title: "Open Case Source", command: "vscode.open", arguments: [uri, { selection: at }] };
    }
    return item;
  }

  dispose(): void {
    this.unsubscribe();
    this.changed.dispose();
  }

  private refresh(): void {
    const { state, testPlans } = this.session;
    if (this.seen && this.seen.state === state && this.seen.push === testPlans) return;
    this.seen = { state, push: testPlans };
    this.roots = testPlansNodes(state, testPlans);
    this.changed.fire(undefined);
  }
}
