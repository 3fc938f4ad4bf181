import * as vscode from "vscode";

/**
 * The file a protocol path names, in the folder the server reviews: the first local workspace
 * folder, the same one the local server is started for (a remote server's paths map onto it too).
 */
export function workspaceUri(segments: readonly string[]): vscode.Uri | null {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === "file");
  return folder ? vscode.Uri.joinPath(folder.uri, ...segments) : null;
}

/** The protocol's 1-based range as VS Code's 0-based one. */
export function editorRange(range: { start: { line: number; column: number }; end: { line: number; column: number } }): vscode.Range {
  return new vscode.Range(range.start.line - 1, range.start.column - 1, range.end.line - 1, range.end.column - 1);
}
