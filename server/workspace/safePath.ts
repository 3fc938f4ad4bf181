import { promises as fs } from "node:fs";
import * as path from "node:path";
import { describeFsError, errorCode } from "./fsErrors";

/** A path from a client or a config file that would lead outside the workspace, or is malformed. */
export class WorkspacePathError extends Error {
  override name = "WorkspacePathError";
}

/**
 * Resolves a client- or config-supplied relative path to an absolute real path inside `root`,
 * or throws WorkspacePathError saying why. The text is checked first (absolute forms, `..`,
 * encoded and backslash traversal, NUL), then the real path, so a symlink cannot lead out
 * either. For a path that does not exist yet, its nearest existing ancestor must be inside.
 */
export async function resolveInsideRoot(root: string, relPath: string): Promise<string> {
  checkPathText(relPath);
  let rootReal: string;
  try {
    rootReal = await fs.realpath(root);
  } catch (err) {
    throw new Error(`workspace ${root} cannot be read: ${describeFsError(err)}`);
  }
  const candidate = path.join(rootReal, normalizeRelative(relPath));
  const real = await realpathOfNearestExisting(candidate, relPath);
  if (!isInside(rootReal, real)) throw new WorkspacePathError(`${relPath} leads outside the workspace (through a symlink)`);
  return real;
}

/**
 * Pure: rejects what no relative workspace path looks like, before touching the disk. Any `..`
 * segment is refused outright, even one that would stay inside: no client needs it, and a
 * rule with no exceptions has no bypass.
 */
export function checkPathText(relPath: string): void {
  if (typeof relPath !== "string") throw new WorkspacePathError("path must be a string");
  if (relPath.length === 0) throw new WorkspacePathError("empty path");
  // Checked as written and decoded once, so `%2e%2e%2f` cannot smuggle a `../` past a layer that decodes.
  for (const form of new Set([relPath, decodePercentOnce(relPath)])) {
    if (form.includes("\0")) throw new WorkspacePathError("path contains a NUL byte");
    // Backslashes count as separators: a Windows client means them so, and `..\` must not slip through.
    const slashed = form.replace(/\\/g, "/");
    if (slashed.startsWith("/") || /^[a-zA-Z]:/.test(slashed)) {
      throw new WorkspacePathError(`absolute paths are not accepted (${JSON.stringify(relPath)}); give a path relative to the workspace root`);
    }
    if (slashed.split("/").includes("..")) throw new WorkspacePathError(`path may not contain "..": ${JSON.stringify(relPath)}`);
  }
}

/** Pure: the form a checked path is resolved and reported in: `/` separators, no `./`, no trailing `/`. */
export function normalizeRelative(relPath: string): string {
  const normalized = path.posix.normalize(relPath.replace(/\\/g, "/")).replace(/\/+$/, "");
  return normalized === "" ? "." : normalized;
}

/**
 * Pure: decodes every well-formed `%XX` once. A lone `%` is left as it is, because `100%.txt`
 * is an ordinary file name; each escape becomes one character, which is all the checks need
 * since every separator and dot is ASCII.
 */
export function decodePercentOnce(text: string): string {
  return text.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

export function isInside(rootReal: string, target: string): boolean {
  const rel = path.relative(rootReal, target);
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** Pure: a real path inside the root as the workspace names it, with `/`; "" for the root. */
export function toWorkspacePath(rootReal: string, target: string): string {
  return path.relative(rootReal, target).split(path.sep).join("/");
}

async function realpathOfNearestExisting(target: string, relPath: string): Promise<string> {
  let current = target;
  const missing: string[] = [];
  for (;;) {
    try {
      return path.join(await fs.realpath(current), ...missing.reverse());
    } catch (err) {
      const code = errorCode(err);
      const parent = path.dirname(current);
      if ((code !== "ENOENT" && code !== "ENOTDIR") || parent === current) {
        throw new WorkspacePathError(`${relPath} cannot be resolved: ${describeFsError(err)}`);
      }
      missing.push(path.basename(current));
      current = parent;
    }
  }
}
