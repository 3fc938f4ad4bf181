import * as vscode from "vscode";
import type { CodeChange } from "../server/protocol";
import { changeKind } from "./implementationsModel";
import { anchorNewFile, anchorPatch, parseUnifiedDiff, type Anchoring } from "./patchAnchoring";
import { workspacePath } from "./workspacePath";
import { workspaceUri } from "./workspaceUri";

/** What an action did, returned by its command so a caller (another extension, a test) can tell. */
export type CodeOutcome =
  | { outcome: "inserted"; file: string; line: number }
  | { outcome: "applied"; file: string; moved: boolean }
  | { outcome: "created"; file: string }
  | { outcome: "previewed"; file: string }
  | { outcome: "already-there"; file: string; reason: string }
  | { outcome: "refused"; file: string; reason: string }
  | { outcome: "discarded"; file: string };

const PROPOSED_SCHEME = "autocoder-proposed";

/**
 * Puts generated code into the workspace: at the cursor, as a new file, or as a patch after a
 * diff preview. Every placement is computed on the document's text at the moment of writing
 * (patchAnchoring), every write is one WorkspaceEdit — one undo step — and nothing is written
 * when the target changed in a way the change cannot be placed on, or changed while the
 * preview was open.
 */
export class GeneratedCode implements vscode.Disposable {
  private readonly proposed = new Map<string, string>();
  private readonly proposedChanged = new vscode.EventEmitter<vscode.Uri>();
  private readonly registrations: vscode.Disposable[];
  private nextProposal = 1;

  constructor() {
    const texts = this.proposed;
    this.registrations = [
      vscode.workspace.registerTextDocumentContentProvider(PROPOSED_SCHEME, {
        onDidChange: this.proposedChanged.event,
        provideTextDocumentContent: (uri) => texts.get(uri.toString()) ?? "",
      }),
      // A closed preview's text is not needed again: each preview gets a new URI.
      vscode.workspace.onDidCloseTextDocument((d) => d.uri.scheme === PROPOSED_SCHEME && texts.delete(d.uri.toString())),
    ];
  }

  dispose(): void {
    for (const r of this.registrations) r.dispose();
    this.proposedChanged.dispose();
  }

  /** Replaces the active editor's selection (the cursor, when nothing is selected) with the code. */
  async insertAtCursor(change: CodeChange): Promise<CodeOutcome> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) throw new Error("no editor is active: open the file where the code goes and put the cursor there");
    const { document, selection } = editor;
    const version = document.version;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, selection, change.code);
    // The selection was read just now; if the document moved on since (another edit in between), the place is no longer the one the user chose.
    if (document.version !== version) return this.refuse(change.file, "the document changed while the code was being inserted; nothing was written");
    if (!(await vscode.workspace.applyEdit(edit))) return this.refuse(change.file, "VS Code did not accept the edit (is the document read-only?)");
    return { outcome: "inserted", file: vscode.workspace.asRelativePath(document.uri), line: selection.start.line + 1 };
  }

  /** Shows what the change would do to the file as it is now, without writing anything. */
  async previewDiff(change: CodeChange): Promise<CodeOutcome> {
    const target = this.target(change);
    const placed = await this.anchor(change, target);
    if (placed.anchoring.kind === "applied") return this.alreadyThere(change.file, placed.anchoring.reason);
    if (placed.anchoring.kind === "conflict") {
      // The change cannot be placed; the code as generated is still worth seeing beside the file as it is.
      await this.showDiff(change, target, placed, change.code, `${change.file}: as generated (does not apply to the file as it is now)`);
      void vscode.window.showWarningMessage(`Autocoder: ${change.file}: ${placed.anchoring.reason}. The preview shows the code as generated; it cannot be applied.`);
      return { outcome: "refused", file: change.file, reason: placed.anchoring.reason };
    }
    await this.showDiff(change, target, placed, placed.anchoring.result, `${change.file}: Autocoder's change`);
    return { outcome: "previewed", file: change.file };
  }

  /**
   * The patch (or new file) after a diff preview and the user's Apply. A target that changed so
   * the change cannot be placed is refused with the reason; one whose lines only moved is placed
   * where they are now, and the question says so.
   */
  async apply(change: CodeChange): Promise<CodeOutcome> {
    const target = this.target(change);
    const placed = await this.anchor(change, target);
    const a = placed.anchoring;
    if (a.kind === "applied") return this.alreadyThere(change.file, a.reason);
    if (a.kind === "conflict") return this.refuse(change.file, a.reason);
    await this.showDiff(change, target, placed, a.result, `${change.file}: Autocoder's change`);
    const moved = a.kind === "moved" ? ` The lines it changes moved since the code was generated (${a.moves.map((m) => `line ${m.from} → ${m.to}`).join(", ")}); it is placed where they are now.` : "";
    const choice = await vscode.window.showInformationMessage(`Autocoder: apply the change shown to ${change.file}?${moved}`, "Apply", "Discard");
    if (choice !== "Apply") return { outcome: "discarded", file: change.file };

    // Whatever happened to the file while the preview was open, what is written is what was shown — or nothing.
    const now = await this.anchor(change, target);
    if (now.text !== placed.text) return this.refuse(change.file, "the file changed while the preview was open; nothing was written — apply again to see the change on the new text");
    const edit = new vscode.WorkspaceEdit();
    if (placed.document) {
      for (const e of a.edits) edit.replace(target, new vscode.Range(placed.document.positionAt(e.start), placed.document.positionAt(e.end)), e.text);
    } else {
      edit.createFile(target, { overwrite: false, ignoreIfExists: false, contents: new TextEncoder().encode(a.result) });
    }
    if (!(await vscode.workspace.applyEdit(edit))) return this.refuse(change.file, "VS Code did not accept the edit (is the file read-only?)");
    await vscode.window.showTextDocument(target, { preview: false });
    return placed.document ? { outcome: "applied", file: change.file, moved: a.kind === "moved" } : { outcome: "created", file: change.file };
  }

  /** A new file, created at once (nothing is overwritten: an existing file is refused); opened after. */
  async createFile(change: CodeChange): Promise<CodeOutcome> {
    const target = this.target(change);
    const existing = await this.documentIfExists(target);
    const a = anchorNewFile(existing?.getText() ?? null, change.code);
    if (a.kind === "applied") {
      await vscode.window.showTextDocument(target, { preview: false });
      return this.alreadyThere(change.file, a.reason);
    }
    if (a.kind === "conflict") return this.refuse(change.file, a.reason);
    const edit = new vscode.WorkspaceEdit();
    edit.createFile(target, { overwrite: false, ignoreIfExists: false, contents: new TextEncoder().encode(change.code) });
    if (!(await vscode.workspace.applyEdit(edit))) return this.refuse(change.file, "VS Code did not create the file");
    await vscode.window.showTextDocument(target, { preview: false });
    return { outcome: "created", file: change.file };
  }

  private target(change: CodeChange): vscode.Uri {
    const segments = workspacePath(change.file);
    const uri = segments && workspaceUri(segments);
    if (!uri) throw new Error(`${change.file} is not a path inside the workspace folder`);
    return uri;
  }

  /** The file's document (open or loaded), or null when there is no such file. */
  private async documentIfExists(uri: vscode.Uri): Promise<vscode.TextDocument | null> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return open;
    try {
      await vscode.workspace.fs.stat(uri);
    } catch {
      return null;
    }
    return vscode.workspace.openTextDocument(uri);
  }

  /** Where the change goes in the target's text as it is now (unsaved edits included). */
  private async anchor(change: CodeChange, target: vscode.Uri): Promise<{ anchoring: Anchoring; document: vscode.TextDocument | null; text: string | null }> {
    const document = await this.documentIfExists(target);
    const text = document?.getText() ?? null;
    const kind = changeKind(change);
    if (kind === "insert") throw new Error(`${change.file} has code to insert, not a patch: use Insert, which puts it at the cursor`);
    if (kind === "new-file") return { anchoring: anchorNewFile(text, change.code), document, text };
    if (text === null) return { anchoring: { kind: "conflict", reason: "the file no longer exists" }, document, text };
    const patch = parseUnifiedDiff(change.diff);
    if (patch.file !== change.file) throw new Error(`the change's diff is for ${patch.file}, not ${change.file}`);
    if (text === change.code) return { anchoring: { kind: "applied", reason: "the file already reads exactly as the change makes it" }, document, text };
    return { anchoring: anchorPatch(text, patch), document, text };
  }

  private async showDiff(change: CodeChange, target: vscode.Uri, placed: { document: vscode.TextDocument | null }, right: string, title: string): Promise<void> {
    const n = this.nextProposal++;
    const proposedUri = vscode.Uri.from({ scheme: PROPOSED_SCHEME, path: `/${change.file}`, query: String(n) });
    this.proposed.set(proposedUri.toString(), right);
    let left = target;
    if (!placed.document) {
      left = vscode.Uri.from({ scheme: PROPOSED_SCHEME, path: `/${change.file}`, query: `${n}-empty` });
      this.proposed.set(left.toString(), "");
    }
    await vscode.commands.executeCommand("vscode.diff", left, proposedUri, title, { preview: true });
  }

  private refuse(file: string, reason: string): CodeOutcome {
    void vscode.window.showWarningMessage(`Autocoder: not written to ${file}: ${reason}.`);
    return { outcome: "refused", file, reason };
  }

  private alreadyThere(file: string, reason: string): CodeOutcome {
    void vscode.window.showInformationMessage(`Autocoder: nothing to do for ${file}: ${reason}.`);
    return { outcome: "already-there", file, reason };
  }
}
