import { strict as assert } from "node:assert";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import type { AutocoderApi } from "../../extension/extension";

// Runs after workers.suite in the same host: the server has analysed and planned the fixture
// (its Python file has a yaml.load the security perspective reports and the implementation
// worker has a mechanical fix for). Everything goes through the commands VS Code's menus run,
// given the rows VS Code would pass them.

async function until<T>(read: () => T | Promise<T>, ok: (value: T) => boolean, what: string, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Node {
  node: unknown;
  item: vscode.TreeItem;
  children: Node[];
}

async function tree(provider: vscode.TreeDataProvider<unknown>, parent?: unknown): Promise<Node[]> {
  const nodes = (await provider.getChildren(parent)) ?? [];
  return Promise.all(
    nodes.map(async (node) => {
      const item = await provider.getTreeItem(node);
      return { node, item, children: item.collapsibleState ? await tree(provider, node) : [] };
    }),
  );
}

function flat(nodes: Node[]): Node[] {
  return nodes.flatMap((n) => [n, ...flat(n.children)]);
}

const label = (n: Node) => String(n.item.label);
const folder = () => vscode.workspace.workspaceFolders![0]!.uri;

describe("Autocoder's generated code inside the extension host", () => {
  let api: AutocoderApi;

  before(async () => {
    api = (await vscode.extensions.getExtension<AutocoderApi>("autocoder.autocoder")!.activate())!;
  });

  it("Generate Test File on a Test Plans unit creates the rendered test file, opens it, and the Implementations view shows task → six stages → the file", async () => {
    const units = await until(() => tree(api.testPlansTree), (r) => r.some((n) => label(n) === "shipping"), "the shipping plan");
    const unit = units.find((n) => label(n) === "shipping")!;
    assert.equal(unit.item.contextValue, "testPlan.unit");
    const outcome = (await vscode.commands.executeCommand("autocoder.generateTestFile", unit.node)) as { outcome: string; file: string };
    assert.equal(outcome.outcome, "created", JSON.stringify(outcome));
    const file = path.join(folder().fsPath, ...outcome.file.split("/"));
    assert.ok(existsSync(file), `${outcome.file} is on disk`);
    assert.match(readFileSync(file, "utf8"), /shipping/);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, file);

    const rows = await until(() => tree(api.implementationsTree), (r) => r.some((n) => label(n) === "Tests for shipping"), "the task in the Implementations view");
    const task = rows.find((n) => label(n) === "Tests for shipping")!;
    assert.deepEqual(task.children.map(label), ["Deep Understanding", "Architectural Analysis", "Approach Evaluation", "Risk Analysis", "Testing Strategy", "Implementation Plan"]);
    const change = task.children[5]!.children[0]!;
    assert.equal(change.item.contextValue, "implementation.change.newFile");
    assert.equal(label(change), path.basename(file));
    // Done once, it is not done twice: the file is there now.
    const again = (await vscode.commands.executeCommand("autocoder.applyCode", change.node)) as { outcome: string };
    assert.equal(again.outcome, "already-there");
  });

  it("Insert puts the code at the cursor of the open editor in one edit, and one undo takes it out", async () => {
    const rows = await tree(api.implementationsTree);
    const change = flat(rows).find((n) => n.item.contextValue === "implementation.change.newFile")!;
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), "src", "orders.ts"));
    const editor = await vscode.window.showTextDocument(document);
    const before = document.getText();
    const end = document.lineAt(document.lineCount - 1).range.end;
    editor.selection = new vscode.Selection(end, end);
    const outcome = (await vscode.commands.executeCommand("autocoder.insertCodeAtCursor", change.node)) as { outcome: string; line: number };
    assert.equal(outcome.outcome, "inserted");
    assert.equal(outcome.line, end.line + 1);
    assert.ok(document.getText().startsWith(before) && document.getText().length > before.length, "the code went in at the cursor");
    assert.match(document.getText().slice(before.length), /shipping/);
    await vscode.commands.executeCommand("undo");
    assert.equal(document.getText(), before, "one undo reverts the whole insertion");
  });

  it("Implement on a finding offers its fix as a patch; Preview Diff shows it without writing; Apply refuses a target that changed since", async () => {
    const findings = await until(() => tree(api.findingsTree), (r) => flat(r).some((n) => /yaml\.load/.test(label(n)) && n.item.contextValue === "finding"), "the yaml.load finding");
    const finding = flat(findings).find((n) => /yaml\.load/.test(label(n)) && n.item.contextValue === "finding")!;
    await vscode.commands.executeCommand("autocoder.implementFinding", finding.node);
    const rows = await until(() => tree(api.implementationsTree), (r) => flat(r).some((n) => n.item.contextValue === "implementation.change.patch"), "the patch in the Implementations view");
    const change = flat(rows).find((n) => n.item.contextValue === "implementation.change.patch")!;
    assert.equal(label(change), "settings.py");

    const uri = vscode.Uri.joinPath(folder(), "app", "settings.py");
    const onDisk = readFileSync(uri.fsPath, "utf8");
    const preview = (await vscode.commands.executeCommand("autocoder.previewCodeDiff", change.node)) as { outcome: string };
    assert.equal(preview.outcome, "previewed");
    const diffTab = await until(
      () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputTextDiff && t.input.original.toString() === uri.toString()),
      (t) => !!t,
      "the diff editor",
    );
    const proposed = await vscode.workspace.openTextDocument((diffTab!.input as vscode.TabInputTextDiff).modified);
    assert.match(proposed.getText(), /yaml\.safe_load\(f\)/);
    assert.equal(readFileSync(uri.fsPath, "utf8"), onDisk, "a preview writes nothing");

    // The user edits the very line the fix replaces: the fix no longer fits and is refused, the edit stays.
    const document = await vscode.workspace.openTextDocument(uri);
    const line = [...Array(document.lineCount).keys()].find((i) => document.lineAt(i).text.includes("yaml.load(f)"))!;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, document.lineAt(line).range, document.lineAt(line).text.replace("yaml.load(f)", "yaml.load(f, Loader=yaml.FullLoader)"));
    assert.ok(await vscode.workspace.applyEdit(edit));
    const edited = document.getText();
    const refused = (await vscode.commands.executeCommand("autocoder.applyCode", change.node)) as { outcome: string; reason: string };
    assert.equal(refused.outcome, "refused");
    assert.match(refused.reason, new RegExp(`changed since the code was generated: line ${line + 1} was`));
    assert.equal(document.getText(), edited, "nothing written");
    // Back as it was on disk, for the suites after this one (undo would go to the focused diff editor).
    const restore = new vscode.WorkspaceEdit();
    restore.replace(uri, new vscode.Range(document.positionAt(0), document.positionAt(edited.length)), onDisk);
    assert.ok(await vscode.workspace.applyEdit(restore));
    await document.save();
  });
});
