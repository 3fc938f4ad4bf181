import * as vscode from "vscode";
import { Severity } from "../server/protocol";

/** The least severe findings shown, from `autocoder.severityFilter`; a value the schema does not know shows everything. */
export function severityFilter(): Severity {
  const parsed = Severity.safeParse(vscode.workspace.getConfiguration("autocoder").get("severityFilter"));
  return parsed.success ? parsed.data : "info";
}

/** Calls `refresh` when the session pushes or the filter setting changes: what every findings surface redraws on. */
export function onFindingsInputs(session: { onDidChange(listener: () => void): () => void }, refresh: () => void): vscode.Disposable[] {
  const unsubscribe = session.onDidChange(refresh);
  return [{ dispose: unsubscribe }, vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration("autocoder.severityFilter") && refresh())];
}
