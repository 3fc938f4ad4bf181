import * as vscode from "vscode";
import { CodeChange, IMPLEMENTATION_STAGES, type ImplementationRecord, type ImplementationTask } from "../server/protocol";
import type { GeneratedCode, CodeOutcome } from "./generatedCode";
import { changeKind, codeChangeNodes, type ImplementationsNode } from "./implementationsModel";
import type { ImplementationsTree } from "./implementationsTree";
import type { ServerSession } from "./serverSession";
import { workspacePath } from "./workspacePath";
import { workspaceUri } from "./workspaceUri";

// The commands that ask for and place generated code: the palette's Insert Generated Code, the
// Implementations view's inline actions (Insert, Preview Diff, Apply), Generate Test File on a
// test plan and Implement on a finding. Each returns what it did (CodeOutcome) or null when the
// user backed out. Ids are written out in each registerCommand call, for commandRegistration.test.

type ChangeNode = Extract<ImplementationsNode, { kind: "change" }>;

/** A row VS Code passes to an inline action, checked rather than trusted: the code in it gets written. */
function asChange(arg: unknown): CodeChange | null {
  const change = (arg as { kind?: unknown; change?: unknown } | null)?.kind === "change" ? (arg as { change: unknown }).change : null;
  const parsed = CodeChange.safeParse(change);
  return parsed.success ? parsed.data : null;
}

function asId(arg: unknown, field: "planId" | "findingId"): string | null {
  const id = (arg as Record<string, unknown> | null)?.[field];
  return typeof id === "string" && id ? id : null;
}

/** A command that fails says why in an error message instead of failing silently. */
function guarded<A extends unknown[]>(what: string, run: (...args: A) => Promise<CodeOutcome | null>): (...args: A) => Promise<CodeOutcome | null> {
  return async (...args: A) => {
    try {
      return await run(...args);
    } catch (err) {
      void vscode.window.showErrorMessage(`Autocoder: ${what}: ${(err as Error).message}`);
      return null;
    }
  };
}

async function pickChange(tree: ImplementationsTree): Promise<ChangeNode | undefined> {
  const changes = codeChangeNodes(tree.nodes);
  if (!changes.length) {
    void vscode.window.showInformationMessage(
      "Autocoder: no generated code yet. Generate Test File on a test plan, or Implement on a finding, asks the implementation worker for some now; its rotation offers code as it reaches tasks.",
    );
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    changes.map((node) => ({ label: node.change.file, description: node.description, detail: node.taskLabel, node })),
    { title: "Autocoder: Insert Generated Code", placeHolder: "Which generated code?", matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.node;
}

type Mode = "cursor" | "new-file" | "patch";

async function pickMode(change: CodeChange): Promise<Mode | undefined> {
  const kind = changeKind(change);
  const editor = vscode.window.activeTextEditor;
  const modes: { label: string; description: string; mode: Mode }[] = [];
  // A patch's code is the whole file as changed: at a cursor it would duplicate the file.
  if (kind !== "patch") {
    modes.push({ label: "At the cursor", description: editor ? `in ${vscode.workspace.asRelativePath(editor.document.uri)}, line ${editor.selection.active.line + 1}` : "open an editor first", mode: "cursor" });
  }
  if (kind === "new-file") modes.push({ label: "As a new file", description: change.file, mode: "new-file" });
  if (kind !== "insert") modes.push({ label: "Apply as a patch", description: "after a diff preview", mode: "patch" });
  if (modes.length === 1) return modes[0]!.mode;
  const picked = await vscode.window.showQuickPick(modes, { title: `Autocoder: Insert ${change.file}`, placeHolder: "Where does the code go?" });
  return picked?.mode;
}

/** Runs the six stages for a task under a progress notification; the records also fill the Implementations view. */
function implement(session: ServerSession, task: ImplementationTask, what: string): Thenable<ImplementationRecord[]> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Autocoder: ${what}…` }, () => session.implement(task));
}

function finalStage(records: readonly ImplementationRecord[]): ImplementationRecord | undefined {
  const last = IMPLEMENTATION_STAGES[IMPLEMENTATION_STAGES.length - 1]!.id;
  return records.find((r) => r.stage_id === last);
}

export function registerGeneratedCodeCommands(context: vscode.ExtensionContext, session: ServerSession, tree: ImplementationsTree, code: GeneratedCode): void {
  const fromRow = (arg: unknown): CodeChange => {
    const change = asChange(arg);
    if (!change) throw new Error("run this from a code change in the Implementations view, or use Autocoder: Insert Generated Code");
    return change;
  };
  context.subscriptions.push(
    vscode.commands.registerCommand(
      "autocoder.insertGeneratedCode",
      guarded("cannot insert the generated code", async (arg?: unknown) => {
        const change = asChange(arg) ?? (await pickChange(tree))?.change;
        if (!change) return null;
        const mode = await pickMode(change);
        if (mode === "cursor") return code.insertAtCursor(change);
        if (mode === "new-file") return code.createFile(change);
        if (mode === "patch") return code.apply(change);
        return null;
      }),
    ),
    vscode.commands.registerCommand("autocoder.insertCodeAtCursor", guarded("cannot insert the code", async (arg: unknown) => code.insertAtCursor(fromRow(arg)))),
    vscode.commands.registerCommand("autocoder.previewCodeDiff", guarded("cannot preview the change", async (arg: unknown) => code.previewDiff(fromRow(arg)))),
    vscode.commands.registerCommand("autocoder.applyCode", guarded("cannot apply the change", async (arg: unknown) => code.apply(fromRow(arg)))),
    vscode.commands.registerCommand(
      "autocoder.generateTestFile",
      guarded("cannot generate the test file", async (arg: unknown) => {
        const planId = asId(arg, "planId");
        if (!planId) throw new Error("run this from a unit in the Test Plans view");
        const name = String((arg as { label?: unknown }).label ?? planId);
        const records = await implement(session, { kind: "plan", id: planId }, `rendering the test file for ${name}`);
        const stage = finalStage(records);
        const change = stage?.analysis.code_changes[0];
        if (!change) {
          const why = stage?.results.notes.find((n) => /not offered|does not parse/.test(n)) ?? stage?.summary ?? "the implementation stages offered no code";
          throw new Error(why);
        }
        if (changeKind(change) === "new-file") return code.createFile(change);
        // The test file exists: the new cases are the user's to place, in that file, at the cursor.
        const segments = workspacePath(change.file);
        const target = segments && workspaceUri(segments);
        if (target) await vscode.window.showTextDocument(target, { preview: false });
        const insert = "Insert at Cursor";
        const choice = await vscode.window.showInformationMessage(
          `Autocoder: ${change.file} already exists, so the rendered cases for ${name} are not written over it. Put the cursor where they go and choose ${insert}; they are also under Implementations.`,
          insert,
        );
        return choice === insert ? code.insertAtCursor(change) : { outcome: "previewed", file: change.file };
      }),
    ),
    vscode.commands.registerCommand(
      "autocoder.implementFinding",
      guarded("cannot implement the finding", async (arg: unknown) => {
        const findingId = asId(arg, "findingId");
        if (!findingId) throw new Error("run this from a finding in the Findings view");
        const records = await implement(session, { kind: "finding", id: findingId }, "running the six implementation stages");
        await vscode.commands.executeCommand("autocoder.implementations.focus");
        const stage = finalStage(records);
        const changes = stage?.analysis.code_changes.length ?? 0;
        void vscode.window.showInformationMessage(
          `Autocoder: ${changes ? `${changes} code change${changes === 1 ? "" : "s"} ready under Implementations (Preview Diff, Apply)` : "no code for this finding; the steps are under Implementations"}.`,
        );
        return null;
      }),
    ),
  );
}
