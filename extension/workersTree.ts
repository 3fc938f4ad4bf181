import * as vscode from "vscode";
import type { ServerSession } from "./serverSession";
import { workerNodes, type WorkerNode } from "./workersModel";

const ICONS: Record<WorkerNode["icon"], vscode.ThemeIcon> = {
  running: new vscode.ThemeIcon("circle-filled", new vscode.ThemeColor("testing.iconPassed")),
  busy: new vscode.ThemeIcon("sync~spin"),
  stopped: new vscode.ThemeIcon("circle-outline"),
  paused: new vscode.ThemeIcon("debug-pause"),
  error: new vscode.ThemeIcon("error", new vscode.ThemeColor("errorForeground")),
  connecting: new vscode.ThemeIcon("loading~spin"),
  disconnected: new vscode.ThemeIcon("debug-disconnect"),
};

/** A row's key: the worker id, or "connection" for the row that says why there is no data. */
export type WorkerRowKey = string;

const keyOf = (node: WorkerNode): WorkerRowKey => (node.kind === "worker" ? node.worker : "connection");

/**
 * Draws the Workers view from the session's state; all decisions live in workersModel.
 *
 * The tree's elements are stable keys and each push refreshes those keys in place. Replacing
 * the whole tree on every status push (each iteration sends one) makes VS Code drop its
 * element handles for a moment, and an inline Start/Stop clicked then reached the command
 * without its row.
 */
export class WorkersTree implements vscode.TreeDataProvider<WorkerRowKey>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<WorkerRowKey[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly unsubscribe: () => void;
  private rows = new Map<WorkerRowKey, WorkerNode>();

  constructor(private readonly session: ServerSession) {
    this.rows = this.read();
    this.unsubscribe = session.onDidChange(() => this.refresh());
  }

  getChildren(key?: WorkerRowKey): WorkerRowKey[] {
    return key ? [] : [...this.rows.keys()];
  }

  getTreeItem(key: WorkerRowKey): vscode.TreeItem {
    const node = this.rows.get(key);
    if (!node) return new vscode.TreeItem(key);
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
    item.id = key;
    item.description = node.description;
    item.iconPath = ICONS[node.icon];
    item.tooltip = node.kind === "worker" ? node.tooltip : node.description;
    if (node.kind === "worker") item.contextValue = node.contextValue;
    return item;
  }

  dispose(): void {
    this.unsubscribe();
    this.changed.dispose();
  }

  private read(): Map<WorkerRowKey, WorkerNode> {
    const status = this.session.status;
    return new Map(workerNodes(this.session.state, status?.workers ?? null, new Date(), status?.read_only !== undefined).map((n) => [keyOf(n), n]));
  }

  private refresh(): void {
    const before = [...this.rows.keys()].join();
    this.rows = this.read();
    const keys = [...this.rows.keys()];
    this.changed.fire(keys.join() === before ? keys : undefined);
  }
}
