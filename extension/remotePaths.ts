import { workspacePath } from "./workspacePath";

// A remote server (a Space following a git repository) names files relative to its own
// workspace root. When that root is a folder inside the local one (a service in a monorepo),
// `autocoder.remoteRoot` says which, and paths are mapped there and back. Pure.

/** The setting's folder as path segments; null when it is not a plain relative folder (then nothing maps). */
export function remoteRootSegments(remoteRoot: string): string[] | null {
  const trimmed = remoteRoot.trim().replace(/\/+$/, "");
  if (trimmed === "") return [];
  return workspacePath(trimmed);
}

/** A server path's segments → the local folder's. */
export function toLocal(serverSegments: readonly string[], root: readonly string[]): string[] {
  return [...root, ...serverSegments];
}

/** A local workspace-relative path → the server's, or null when the file lies outside the server's root. */
export function toServer(localPath: string, root: readonly string[]): string | null {
  if (root.length === 0) return localPath;
  const prefix = `${root.join("/")}/`;
  return localPath.startsWith(prefix) ? localPath.slice(prefix.length) : null;
}
