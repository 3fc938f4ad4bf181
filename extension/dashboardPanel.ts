import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import { describeIssues } from "../server/protocol";
import { PageToHost, type HostToPage } from "../webview/panelMessages";
import { DashboardRelay } from "./dashboardRelay";
import type { ServerSession } from "./serverSession";
import { workspacePath } from "./workspacePath";
import { editorRange, workspaceUri } from "./workspaceUri";

/**
 * "Autocoder: Open Dashboard": the page the server serves at `/`, from the same bundle, in a
 * webview panel. The page talks postMessage; the panel relays it to the server over its own
 * connection, and opens the files the page asks for.
 */
export class DashboardPanel implements vscode.Disposable {
  private static current: DashboardPanel | null = null;
  private readonly relay: DashboardRelay;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  static show(context: vscode.ExtensionContext, session: ServerSession, log: (line: string) => void): void {
    if (DashboardPanel.current) {
      DashboardPanel.current.panel.reveal();
      return;
    }
    const assets = vscode.Uri.joinPath(context.extensionUri, "dist", "webview");
    const panel = vscode.window.createWebviewPanel("autocoder.dashboard", "Autocoder Dashboard", vscode.ViewColumn.Active, {
      enableScripts: true,
      // The page loads its one bundle from here and nothing else from disk.
      localResourceRoots: [assets],
    });
    DashboardPanel.current = new DashboardPanel(panel, assets, session, log);
    // Closed with the extension too, so its connection does not outlive it.
    context.subscriptions.push(DashboardPanel.current);
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    assets: vscode.Uri,
    private readonly session: ServerSession,
    private readonly log: (line: string) => void,
  ) {
    this.relay = new DashboardRelay((message) => void this.post(message));
    panel.iconPath = vscode.Uri.joinPath(assets, "..", "..", "media", "activity-bar.svg");
    panel.webview.html = dashboardHtml(panel.webview, vscode.Uri.joinPath(assets, "dashboard.js"));
    this.disposables.push(
      panel.webview.onDidReceiveMessage((data: unknown) => this.received(data)),
      panel.onDidDispose(() => this.dispose()),
      { dispose: session.onDidChange(() => this.relay.follow(session.connectionOptions)) },
    );
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    DashboardPanel.current = null;
    this.relay.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }

  private post(message: HostToPage): Thenable<boolean> {
    return this.panel.webview.postMessage(message);
  }

  /** Everything the page sends is checked here, at the edge, before it reaches the server or the editor. */
  private received(data: unknown): void {
    const parsed = PageToHost.safeParse(data);
    if (!parsed.success) {
      this.log(`dashboard: ignored a message from the page: ${describeIssues(parsed.error)}`);
      const id = (data as { message?: { id?: unknown } } | null)?.message?.id;
      if (typeof id === "number" && Number.isSafeInteger(id) && id >= 0) this.reply(id, "bad_message", describeIssues(parsed.error));
      return;
    }
    const message = parsed.data;
    switch (message.kind) {
      case "ready":
        this.relay.start(this.session.connectionOptions, `${this.session.whyUnavailable() ?? "not connected"}; the dashboard connects as soon as the server is up`);
        return;
      case "request":
        try {
          this.relay.send(message.message);
        } catch (err) {
          // Every request gets exactly one reply, a refusal included.
          if (message.message.id !== undefined) this.reply(message.message.id, "not_connected", (err as Error).message);
        }
        return;
      case "open":
        void this.open(message.file, message.range);
        return;
    }
  }

  private reply(id: number, code: string, text: string): void {
    void this.post({ kind: "message", message: { type: "error", replyTo: id, code, message: text } });
  }

  private async open(file: string, range: Parameters<typeof editorRange>[0] | undefined): Promise<void> {
    const segments = workspacePath(file);
    const uri = segments && workspaceUri(segments);
    if (!uri) {
      void vscode.window.showWarningMessage(`Autocoder: ${file} is not a file in this workspace.`);
      return;
    }
    // In the other column, so the dashboard stays in view while the person reads the file.
    const viewColumn = this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
    await vscode.commands.executeCommand("vscode.open", uri, { viewColumn, ...(range ? { selection: editorRange(range) } : {}) });
  }
}

/** The page: one script with a fresh nonce, nothing else allowed to load or connect. */
export function dashboardHtml(webview: Pick<vscode.Webview, "asWebviewUri" | "cspSource">, script: vscode.Uri): string {
  const nonce = randomBytes(16).toString("base64");
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Autocoder Dashboard</title>
</head>
<body>
<div id="app"></div>
<script nonce="${nonce}" src="${webview.asWebviewUri(script).toString()}"></script>
</body>
</html>
`;
}
