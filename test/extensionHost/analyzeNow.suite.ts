import { strict as assert } from "node:assert";
import * as vscode from "vscode";
import type { AnalyzeNowOutcome } from "../../extension/analyzeNow";

// Runs after the other suites in the same host, connected to the local server of the fixture.
describe("Autocoder: Analyze Now inside the extension host", () => {
  it("runs the six perspectives on the server at once and reports what they found; the Problems panel follows", async () => {
    const outcome = (await vscode.commands.executeCommand("autocoder.analyzeNow")) as AnalyzeNowOutcome;
    assert.equal(outcome.outcome, "done", JSON.stringify(outcome));
    assert.ok(outcome.outcome === "done" && outcome.findings > 0 && outcome.failed.length === 0, JSON.stringify(outcome));
    const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, "src", "shipping.ts");
    assert.ok(vscode.languages.getDiagnostics(uri).some((d) => d.source === "Autocoder" && d.code === "complexity"));
  });
});
