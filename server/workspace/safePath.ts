import { promises as fs } from "node:fs";
import * as path from "node:path";

/** A path from a client or a config file that would lead outside the workspace, or is malformed. */
export class WorkspacePathError extends Error {}

/**
 * Resolves a client- or config-supplied relative path to an absolute real path inside `root`,
 * or throws WorkspacePathError saying why. Checks the text first (absolute forms, `..`, encoded
 * and backslash traversal, NUL), then the real path, so a symlink cannot lead out either.
 */
export async function resolveInsideRoot(root: string, relPath: string): Promise<string> {
  checkPathText(relPath);
  const rootReal = await fs.realpath(root);
  const normalized = path.posix.normalize(relPath.replace(/\\/g, "/"));
  const candidate = path.join(rootReal, normalized);
  const real = await realpathOfNearestExisting(candidate);
  if (!isInside(rootReal, real)) throw new WorkspacePathError(`${relPath} leads outside the workspace`);
  return real;
}

/** Pure: rejects what no relative workspace path looks like, before touching the disk. */
export function checkPathText(relPath: string): void {
  if (relPath.length === 0) throw new WorkspacePathError("empty path");
  if (relPath.includes("\0")) throw new WorkspacePathError("path contains a NUL byte");
  let decoded = relPath;
  if (relPath.includes("%")) {
    try {
      decoded = decodeURIComponent(relPath);
    } catch {
      throw new WorkspacePathError(`path has malformed percent-encoding: ${relPath}`);
    }
  }
  for (const form of new Set([relPath, decoded])) {
    const slashed = form.replace(/\\/g, "/");
    if (slashed.includes("\0")) throw new WorkspacePathError("path contains a NUL byte");
    if (slashed.startsWith("/") || /^[a-zA-Z]:/.test(slashed)) {
      throw new WorkspacePathError(`absolute paths are not accepted (${relPath}); give a path relative to the workspace root`);
    }
    if (slashed.split("/").includes("..")) throw new WorkspacePathError(`path may not contain "..": ${relPath}`);
  }
}

export function isInside(rootReal: string, target: string): boolean {
  const rel = path.relative(rootReal, target);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

async function realpathOfNearestExisting(target: string): Promise<string> {
  let current = target;
  const missing: string[] = [];
  for (;;) {
    try {
      return path.join(await fs.realpath(current), ...missing.reverse());
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTDIR") throw err;
      const parent = path.dirname(current);
      if (parent === current) throw err;
      missing.push(path.basename(current));
      current = parent;
    }
  }
}
