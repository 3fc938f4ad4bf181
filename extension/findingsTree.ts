import * as vscode from "vscode";
import type { Severity } from "../server/protocol";
import { findingsNodes, type FindingsNode } from "./findingsModel";
import type { ServerSession } from "./serverSession";
import { onFindingsInputs, severityFilter } from "./severityFilter";
import { editorRange, workspaceUri } from "./workspaceUri";

const SEVERITY_ICONS: Record<Severity, vscode.ThemeIcon> = {
  error: new vscode.ThemeIcon("error", new vscode.ThemeColor("problemsErrorIcon.foreground")),
  warning: new vscode.ThemeIcon("warning", new vscode.ThemeColor("problemsWarningIcon.foreground")),
  info: new vscode.ThemeIcon("info", new vscode.ThemeColor("problemsInfoIcon.foreground")),
};
const NOTE_ICONS: Record<Extract<FindingsNode, { kind: "note" }>["icon"], vscode.ThemeIcon> = {
  info: new vscode.ThemeIcon("info"),
  disconnected: new vscode.ThemeIcon("debug-disconnect"),
  filter: new vscode.ThemeIcon("filter"),
};

/**
 * Draws the Findings view; all decisions live in findingsModel. The session fires on every
 * status push too, so the tree is rebuilt only when the findings, the connection or the
 * filter changed — a rebuild collapses nothing (ids are stable) but costs the whole set.
 */
export class FindingsTree implements vscode.TreeDataProvider<FindingsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: { dispose(): void }[] = [];
  private roots: FindingsNode[] = [];
  private seen: { state: unknown; push: unknown; filter: Severity } | null = null;

  constructor(private readonly session: ServerSession) {
    this.refresh();
    this.subscriptions.push(...onFindingsInputs(session, () => this.refresh()));
  }

  getChildren(node?: FindingsNode): FindingsNode[] {
    if (!node) return this.roots;
    return node.kind === "perspective" || node.kind === "file" ? node.children : [];
  }

  getTreeItem(node: FindingsNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label);
    item.id = node.key;
    item.description = node.description;
    switch (node.kind) {
      case "note":
        item.iconPath = NOTE_ICONS[node.icon];
        item.tooltip = node.description ? `${node.label}: ${node.description}` : node.label;
        break;
      case "perspective":
        item.collapsibleState = vscode.TreeItemCollapsibleState.Expanded;
        break;
      case "file": {
        item.collapsibleState = vscode.TreeItemCollapsibleState.Expanded;
        item.iconPath = vscode.ThemeIcon.File;
        item.tooltip = node.file;
        break;
      }
      case "finding": {
        item.iconPath = SEVERITY_ICONS[node.severity];
        item.contextValue = "finding";
        const tooltip = new vscode.MarkdownString(node.tooltip);
        tooltip.isTrusted = false;
        tooltip.supportHtml = false;
        item.tooltip = tooltip;
        const uri = node.segments && workspaceUri(node.segments);
        if (uri) {
          item.command = { title: "Open Finding", command: "vscode.open", arguments: [uri, { selection: editorRange(node.range) }] };
        }
        break;
      }
    }
    return item;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }

  private refresh(): void {
    const filter = severityFilter();
    const { state, findings } = this.session;
    const seen = this.seen;
    if (seen && seen.state === state && seen.push === findings && seen.filter === filter) return;
    this.seen = { state, push: findings, filter };
    this.roots = findingsNodes(state, findings, filter);
    this.changed.fire(undefined);
  }
}
