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
    assert.equal(contributed.length, 10);
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

  it("Stop Worker… given a row (as the inline action does) stops that one; Stop All Workers the rest", async () => {
    // A row's element is its key, the worker id: what VS Code passes to the inline action.
    await vscode.commands.executeCommand("autocoder.stopWorker", "analysis");
    await until(() => workerRows(api), (r) => r.map((w) => w.contextValue).join() === "worker.stopped,worker.running,worker.running", "analysis alone stopped");
    await vscode.commands.executeCommand("autocoder.stopAllWorkers");
    await until(() => workerRows(api), (r) => r.every((w) => w.contextValue === "worker.stopped"), "all workers stopped");
  });
});
