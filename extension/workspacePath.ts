/**
 * The path segments of a workspace-relative path as the protocol gives it ("/" separated), or
 * null when it would leave the folder: a remote server's findings must not point the editor at
 * files outside the workspace.
 */
export function workspacePath(file: string): string[] | null {
  if (file === "" || file.startsWith("/") || /^[a-zA-Z]:/.test(file) || file.includes("\\") || file.includes("\0")) return null;
  const segments = file.split("/").filter((s) => s !== "" && s !== ".");
  return segments.length === 0 || segments.includes("..") ? null : segments;
}
