import * as vscode from "vscode";
import type { ServerSession } from "./serverSession";
import { workerNodes, type WorkerNode } from "./workersModel";

const ICONS: Record<Extract<WorkerNode, { kind: "worker" }>["icon"] | Extract<WorkerNode, { kind: "connection" }>["icon"], vscode.ThemeIcon> = {
  running: new vscode.ThemeIcon("circle-filled", new vscode.ThemeColor("testing.iconPassed")),
  busy: new vscode.ThemeIcon("sync~spin"),
  stopped: new vscode.ThemeIcon("circle-outline"),
  paused: new vscode.ThemeIcon("debug-pause"),
  error: new vscode.ThemeIcon("error", new vscode.ThemeColor("errorForeground")),
  connecting: new vscode.ThemeIcon("loading~spin"),
  disconnected: new vscode.ThemeIcon("debug-disconnect"),
};

/** Draws the Workers view from the session's state; all decisions live in workersModel. */
export class WorkersTree implements vscode.TreeDataProvider<WorkerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly unsubscribe: () => void;

  constructor(private readonly session: ServerSession) {
    this.unsubscribe = session.onDidChange(() => this.changed.fire());
  }

  getChildren(element?: WorkerNode): WorkerNode[] {
    return element ? [] : workerNodes(this.session.state, this.session.status?.workers ?? null);
  }

  getTreeItem(node: WorkerNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
    item.description = node.description;
    item.iconPath = ICONS[node.icon];
    if (node.kind === "worker") {
      item.id = `worker:${node.worker}`;
      item.tooltip = node.tooltip;
      item.contextValue = node.contextValue;
    } else {
      item.id = "connection";
      item.tooltip = node.description;
    }
    return item;
  }

  dispose(): void {
    this.unsubscribe();
    this.changed.dispose();
  }
}
