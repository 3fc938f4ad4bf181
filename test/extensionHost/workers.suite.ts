import { strict as assert } from "node:assert";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import type { AutocoderApi } from "../../extension/extension";

// Runs inside the extension host with the real `vscode` API, the extension as built in dist/,
// and the real server it starts for the opened fixture folder (autoStart off, analysis every second).

async function until<T>(read: () => T | Promise<T>, ok: (value: T) => boolean, what: string, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function workerRows(api: AutocoderApi): Promise<{ label: string; description: string; contextValue: string }[]> {
  const nodes = (await api.workersTree.getChildren()) ?? [];
  return Promise.all(
    nodes.map(async (node) => {
      const item = await api.workersTree.getTreeItem(node);
      return { label: String(item.label), description: String(item.description ?? ""), contextValue: item.contextValue ?? "" };
    }),
  );
}

interface Row {
  label: string;
  description: string;
  item: vscode.TreeItem;
  children: Row[];
}

/** A view's whole tree as VS Code would read it, through the provider. */
async function treeRows(tree: vscode.TreeDataProvider<unknown>, node?: unknown): Promise<Row[]> {
  const nodes = (await tree.getChildren(node)) ?? [];
  return Promise.all(
    nodes.map(async (n) => {
      const item = await tree.getTreeItem(n);
      const children = item.collapsibleState ? await treeRows(tree, n) : [];
      return { label: String(item.label), description: String(item.description ?? ""), item, children };
    }),
  );
}

const find = (rows: Row[], label: string | RegExp): Row | undefined => rows.find((r) => (typeof label === "string" ? r.label === label : label.test(r.label)));

describe("Autocoder inside the extension host", () => {
  let api: AutocoderApi;

  before(async () => {
    const extension = vscode.extensions.getExtension<AutocoderApi>("autocoder.autocoder");
    assert.ok(extension, "the extension is installed");
    api = await extension.activate();
  });

  it("registers every command it contributes", async () => {
    const extension = vscode.extensions.getExtension("autocoder.autocoder")!;
    const contributed = (extension.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    const registered = await vscode.commands.getCommands(true);
    assert.equal(contributed.length, 18);
    assert.deepEqual(contributed.filter((id) => !registered.includes(id)), []);
  });

  it("fills the Workers view from the real local server: three workers, stopped", async () => {
    const rows = await until(() => workerRows(api), (r) => r.length === 3 && r.every((w) => w.contextValue.startsWith("worker.")), "three worker rows");
    assert.deepEqual(rows.map((r) => r.label), ["Analysis", "Test Planning", "Implementation"]);
    assert.deepEqual(rows.map((r) => r.contextValue), ["worker.stopped", "worker.stopped", "worker.stopped"]);
  });

  it("Start All Workers runs them: the view turns to running and analysis records reach the folder's store", async () => {
    await vscode.commands.executeCommand("autocoder.startAllWorkers");
    await until(() => workerRows(api), (r) => r.length === 3 && r.every((w) => w.contextValue === "worker.running"), "three running workers");
    const store = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, ".autocoder", "analysis.jsonl");
    const text = await until(() => (existsSync(store) ? readFileSync(store, "utf8") : ""), (t) => t.trim().length > 0, "an analysis record");
    const record = JSON.parse(text.trim().split("\n")[0]!) as { worker: string; workspace: { files: number } };
    assert.equal(record.worker, "analysis");
    assert.ok(record.workspace.files >= 1);
  });

  it("fills the Findings view from the server: perspective → file → finding, opening the file at its range", async () => {
    const rows = await until(
      () => treeRows(api.findingsTree),
      (r) => {
        const file = find(find(r, "Code Quality")?.children ?? [], "shipping.ts");
        return !!file && !!find(file.children, /complexity of 12/) && !!find(file.children, /^TODO: read the rates/);
      },
      "the complexity and TODO findings",
    );
    const file = find(find(rows, "Code Quality")!.children, "shipping.ts")!;
    assert.equal(file.description, "src · 2 findings");
    const complexity = find(file.children, /complexity of 12/)!;
    assert.equal(complexity.description, "line 2 · complexity");
    assert.equal((complexity.item.iconPath as vscode.ThemeIcon).id, "warning");
    const tooltip = complexity.item.tooltip as vscode.MarkdownString;
    assert.ok(tooltip instanceof vscode.MarkdownString && !tooltip.isTrusted);
    assert.match(tooltip.value, /has a complexity of 12\\\. Maximum allowed is 10\\\./);

    const command = complexity.item.command!;
    assert.equal(command.command, "vscode.open");
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    const editor = await until(() => vscode.window.activeTextEditor, (e) => !!e && e.document.uri.fsPath.endsWith(path.join("src", "shipping.ts")), "shipping.ts open");
    assert.equal(editor!.selection.start.line, 1);
  });

  it("shows the findings in the Problems panel, source Autocoder, and the severity filter hides the info ones", async () => {
    const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, "src", "shipping.ts");
    const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === "Autocoder");
    const diagnostics = await until(ours, (d) => d.some((x) => x.code === "complexity") && d.some((x) => x.code === "todo-note"), "the diagnostics");
    const complexity = diagnostics.find((d) => d.code === "complexity")!;
    assert.equal(complexity.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(complexity.range.start.line, 1);

    const config = vscode.workspace.getConfiguration("autocoder");
    await config.update("severityFilter", "warning", vscode.ConfigurationTarget.Workspace);
    try {
      await until(ours, (d) => d.length > 0 && d.every((x) => x.severity !== vscode.DiagnosticSeverity.Information), "info diagnostics hidden");
      const rows = await until(() => treeRows(api.findingsTree), (r) => /below warning hidden$/.test(r[0]?.label ?? ""), "the filter's note");
      const file = find(find(rows, "Code Quality")!.children, "shipping.ts")!;
      assert.deepEqual(file.children.map((c) => c.description), ["line 2 · complexity"]);
      // A display setting: the server keeps running, the workers with it.
      assert.ok((await workerRows(api)).every((w) => w.contextValue === "worker.running"));
    } finally {
      await config.update("severityFilter", undefined, vscode.ConfigurationTarget.Workspace);
    }
    await until(ours, (d) => d.some((x) => x.code === "todo-note"), "info diagnostics back");
  });

  it("fills the Test Plans view from the server: unit → cases with level and kind", async () => {
    const rows = await until(() => treeRows(api.testPlansTree), (r) => (find(r, "shipping")?.children.length ?? 0) > 0, "a plan for shipping");
    const unit = find(rows, "shipping")!;
    assert.match(unit.description, /^src\/shipping\.ts:2 · \d+ cases?$/);
    for (const c of unit.children) {
      assert.match(c.description, /^(unit|integration|e2e) · \S+/);
      assert.match((c.item.tooltip as vscode.MarkdownString).value, /Rationale: [\s\S]*Expected: /);
    }
  });

  it("clears the diagnostics while not connected, and the views say why; reconnecting brings the findings back", async () => {
    const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, "src", "shipping.ts");
    const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === "Autocoder");
    await until(ours, (d) => d.length > 0, "diagnostics while connected");
    const config = vscode.workspace.getConfiguration("autocoder");
    // Port 9 (discard) refuses: the session leaves the local server for a remote one it cannot reach.
    await config.update("serverUrl", "http://127.0.0.1:9", vscode.ConfigurationTarget.Workspace);
    try {
      await until(ours, (d) => d.length === 0, "no diagnostics while disconnected");
      const findings = await until(() => treeRows(api.findingsTree), (r) => ["Connecting", "Disconnected"].includes(r[0]?.label ?? ""), "the Findings view saying why");
      assert.equal(findings.length, 1, "nothing from a server that is not there");
      const plans = await treeRows(api.testPlansTree);
      assert.ok(["Connecting", "Disconnected"].includes(plans[0]!.label));
    } finally {
      await config.update("serverUrl", undefined, vscode.ConfigurationTarget.Workspace);
    }
    // The local server starts again on the same folder and store: its findings come back.
    await until(ours, (d) => d.some((x) => x.code === "complexity"), "diagnostics after reconnecting", 60_000);
    await until(() => workerRows(api), (r) => r.length === 3 && r.every((w) => w.contextValue.startsWith("worker.")), "three worker rows again");
    await vscode.commands.executeCommand("autocoder.startAllWorkers");
  });

  it("Stop Worker… given a row (as the inline action does) stops that one; Stop All Workers the rest", async () => {
    // A row's element is its key, the worker id: what VS Code passes to the inline action.
    await vscode.commands.executeCommand("autocoder.stopWorker", "analysis");
    await until(() => workerRows(api), (r) => r.map((w) => w.contextValue).join() === "worker.stopped,worker.running,worker.running", "analysis alone stopped");
    await vscode.commands.executeCommand("autocoder.stopAllWorkers");
    await until(() => workerRows(api), (r) => r.every((w) => w.contextValue === "worker.stopped"), "all workers stopped");
  });
});
