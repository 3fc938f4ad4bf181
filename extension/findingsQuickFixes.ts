import * as vscode from "vscode";
import { findingForDiagnostic, placeFix, quickFixTitle } from "./quickFixModel";
import { toServer } from "./remotePaths";
import type { ServerSession } from "./serverSession";
import { remoteRoot } from "./workspaceUri";

/** The document's path as the protocol writes it (relative to the first folder, "/"-separated), or null outside it. */
function protocolPath(uri: vscode.Uri): string | null {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === "file");
  if (!folder || uri.scheme !== "file") return null;
  const root = folder.uri.path.endsWith("/") ? folder.uri.path : `${folder.uri.path}/`;
  const mapped = remoteRoot();
  return uri.path.startsWith(root) && mapped ? toServer(uri.path.slice(root.length), mapped) : null;
}

/**
 * Quick fixes for the Autocoder problems whose finding carries a fix. Each is placed on the
 * document's text as it is now (quickFixModel); one that no longer fits is listed disabled,
 * with the reason, rather than written somewhere it was not meant for. One WorkspaceEdit each:
 * one undo.
 */
export class FindingsQuickFixes implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly session: ServerSession) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const findings = this.session.findings?.findings;
    const file = protocolPath(document.uri);
    if (!findings || !file) return [];
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== "Autocoder") continue;
      const rule = typeof diagnostic.code === "object" ? String(diagnostic.code.value) : String(diagnostic.code ?? "");
      const finding = findingForDiagnostic(findings, file, { rule, message: diagnostic.message, line: diagnostic.range.start.line + 1 });
      if (!finding?.fix?.edits.length) continue;
      const action = new vscode.CodeAction(quickFixTitle(finding), vscode.CodeActionKind.QuickFix);
      action.diagnostics = [diagnostic];
      const placed = placeFix(document.getText(), finding.fix.edits);
      if ("reason" in placed) {
        action.disabled = { reason: `Autocoder: the fix no longer fits: ${placed.reason}` };
      } else {
        const edit = new vscode.WorkspaceEdit();
        for (const e of placed.edits) edit.replace(document.uri, new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), e.text);
        action.edit = edit;
        action.isPreferred = true;
      }
      actions.push(action);
    }
    return actions;
  }
}
