import * as vscode from "vscode";
import { remoteRootSegments, toLocal } from "./remotePaths";

/**
 * Where a remote server's workspace root lies in the local folder (`autocoder.remoteRoot`, only
 * with `autocoder.serverUrl`); the local server reviews the folder itself. Null: the setting is
 * not a folder inside the workspace, so no path maps.
 */
export function remoteRoot(): string[] | null {
  const config = vscode.workspace.getConfiguration("autocoder");
  if (!config.get<string>("serverUrl", "").trim()) return [];
  return remoteRootSegments(config.get<string>("remoteRoot", ""));
}

/**
 * The file a protocol path names, in the folder the server reviews: the first local workspace
 * folder, the same one the local server is started for; a remote server's paths map onto it,
 * under `autocoder.remoteRoot` when that is set.
 */
export function workspaceUri(segments: readonly string[]): vscode.Uri | null {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === "file");
  const root = remoteRoot();
  return folder && root ? vscode.Uri.joinPath(folder.uri, ...toLocal(segments, root)) : null;
}

/** The protocol's 1-based range as VS Code's 0-based one. */
export function editorRange(range: { start: { line: number; column: number }; end: { line: number; column: number } }): vscode.Range {
  return new vscode.Range(range.start.line - 1, range.start.column - 1, range.end.line - 1, range.end.column - 1);
}
