import { createHash } from "node:crypto";
import { promises as fs, type Dirent, type Stats } from "node:fs";
import * as path from "node:path";
import type { SkippedFile } from "../protocol";
import { classifyContent, tooLargeReason } from "./fileContent";
import { IgnoreRules } from "./ignoreRules";
import { WorkspacePathError, isInside, resolveInsideRoot } from "./safePath";

export interface WorkspaceFile {
  /** Relative to the root, with `/`. */
  path: string;
  size: number;
  mtimeMs: number;
  /** sha256 of the raw bytes. */
  hash: string;
  text: string;
}

export interface WorkspaceSnapshot {
  root: string;
  files: WorkspaceFile[];
  skipped: SkippedFile[];
  bytes: number;
  ms: number;
}

export interface ScanOptions {
  maxFileBytes?: number;
  /** gitignore-syntax patterns applied from the root. */
  extraIgnores?: string[];
  maxFiles?: number;
  signal?: AbortSignal;
}

const READ_CONCURRENCY = 16;

type CacheEntry = { size: number; mtimeMs: number; ino: number; result: WorkspaceFile | SkippedFile };

/**
 * Reads a workspace for the workers. Keeps the last result of every file keyed by size, mtime
 * and inode, so an unchanged file is neither read nor hashed again on the next scan.
 *
 * Symlinks are never read through: a link out of the root is refused, and a link inside it
 * would only count a file twice (its target is scanned under its own path, or is ignored
 * there for a reason), so both are reported as skipped with the reason.
 */
export class WorkspaceReader {
  readonly root: string;
  readonly stats = { filesRead: 0 };
  private readonly options: Required<Omit<ScanOptions, "signal">> & Pick<ScanOptions, "signal">;
  private cache = new Map<string, CacheEntry>();

  constructor(root: string, options: ScanOptions = {}) {
    this.root = path.resolve(root);
    this.options = { maxFileBytes: 1_000_000, extraIgnores: [], maxFiles: 50_000, ...options };
  }

  /** `extraIgnores` replaces the constructor's for this scan (the workspace config can change between scans). */
  async scan(signal = this.options.signal, extraIgnores: readonly string[] = this.options.extraIgnores): Promise<WorkspaceSnapshot> {
    const started = performance.now();
    const rootReal = await this.rootRealPath();
    const skipped: SkippedFile[] = [];
    const candidates = await this.discover(rootReal, skipped, signal, extraIgnores);
    const nextCache = new Map<string, CacheEntry>();
    const files: WorkspaceFile[] = [];
    let cursor = 0;
    const worker = async () => {
      while (cursor < candidates.length) {
        signal?.throwIfAborted();
        const { rel, stat } = candidates[cursor++]!;
        const entry = await this.fileEntry(rootReal, rel, stat);
        if (!entry) continue;
        nextCache.set(rel, entry);
        if ("hash" in entry.result) files.push(entry.result);
        else skipped.push(entry.result);
      }
    };
    await Promise.all(Array.from({ length: READ_CONCURRENCY }, worker));
    this.cache = nextCache;
    files.sort((a, b) => compare(a.path, b.path));
    skipped.sort((a, b) => compare(a.file, b.file));
    return {
      root: rootReal,
      files,
      skipped,
      bytes: files.reduce((sum, f) => sum + f.size, 0),
      ms: performance.now() - started,
    };
  }

  /** Reads one file a client named: the path must stay inside the root, the limits apply. */
  async readFile(relPath: string): Promise<WorkspaceFile> {
    const rootReal = await this.rootRealPath();
    const real = await resolveInsideRoot(rootReal, relPath);
    const rel = path.relative(rootReal, real).split(path.sep).join("/");
    let stat: Stats;
    try {
      stat = await fs.stat(real);
    } catch (err) {
      throw new WorkspacePathError(`${relPath}: ${describeError(err)}`);
    }
    if (!stat.isFile()) throw new WorkspacePathError(`${relPath} is not a regular file`);
    const entry = await this.fileEntry(rootReal, rel, stat);
    if (!entry) throw new WorkspacePathError(`${relPath} does not exist`);
    if (!("hash" in entry.result)) throw new WorkspacePathError(`${relPath}: ${entry.result.reason}`);
    return entry.result;
  }

  private async rootRealPath(): Promise<string> {
    let real: string;
    try {
      real = await fs.realpath(this.root);
    } catch (err) {
      throw new Error(`workspace ${this.root} cannot be read: ${describeError(err)}`);
    }
    const stat = await fs.stat(real);
    if (!stat.isDirectory()) throw new Error(`workspace ${this.root} is not a folder`);
    return real;
  }

  /** Walks the tree (ignored folders are not entered) and lists the regular files to read. */
  private async discover(
    rootReal: string,
    skipped: SkippedFile[],
    signal: AbortSignal | undefined,
    extraIgnores: readonly string[],
  ): Promise<{ rel: string; stat: Stats }[]> {
    const found: { rel: string; stat: Stats }[] = [];
    let rootRules = IgnoreRules.root(extraIgnores);
    const exclude = await readText(path.join(rootReal, ".git", "info", "exclude"));
    if (exclude !== null) rootRules = rootRules.withGitignore("", exclude);
    const stack: { dir: string; rules: IgnoreRules }[] = [{ dir: "", rules: rootRules }];
    let limitReported = false;

    while (stack.length > 0) {
      signal?.throwIfAborted();
      const { dir, rules: parentRules } = stack.pop()!;
      const abs = path.join(rootReal, dir);
      let entries: Dirent[];
      try {
        entries = await fs.readdir(abs, { withFileTypes: true });
      } catch (err) {
        if (dir === "") throw new Error(`workspace ${rootReal} cannot be listed: ${describeError(err)}`);
        skipped.push({ file: `${dir}/`, reason: `folder cannot be listed: ${describeError(err)}` });
        continue;
      }
      const gitignore = entries.some((e) => e.name === ".gitignore" && e.isFile())
        ? await readText(path.join(abs, ".gitignore"))
        : null;
      const rules = gitignore === null ? parentRules : parentRules.withGitignore(dir, gitignore);

      for (const entry of entries) {
        const rel = dir === "" ? entry.name : `${dir}/${entry.name}`;
        if (entry.isDirectory()) {
          if (!rules.ignores(rel, true)) stack.push({ dir: rel, rules });
          continue;
        }
        if (rules.ignores(rel, false)) continue;
        if (entry.isSymbolicLink()) {
          skipped.push({ file: rel, reason: await symlinkReason(rootReal, path.join(abs, entry.name)) });
          continue;
        }
        if (!entry.isFile()) {
          skipped.push({ file: rel, reason: `not a regular file (${specialKind(entry)})` });
          continue;
        }
        if (found.length >= this.options.maxFiles) {
          if (!limitReported) {
            skipped.push({ file: rel, reason: `the workspace has more than ${this.options.maxFiles} files; the rest were not read` });
            limitReported = true;
          }
          continue;
        }
        try {
          found.push({ rel, stat: await fs.stat(path.join(abs, entry.name)) });
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== "ENOENT") skipped.push({ file: rel, reason: describeError(err) });
        }
      }
    }
    return found;
  }

  /** null when the file vanished between listing and reading. */
  private async fileEntry(rootReal: string, rel: string, stat: Stats): Promise<CacheEntry | null> {
    const cached = this.cache.get(rel);
    if (cached && cached.size === stat.size && cached.mtimeMs === stat.mtimeMs && cached.ino === stat.ino) return cached;
    const key = { size: stat.size, mtimeMs: stat.mtimeMs, ino: stat.ino };
    const limit = this.options.maxFileBytes;
    if (stat.size > limit) return { ...key, result: { file: rel, reason: tooLargeReason(stat.size, limit) } };
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(path.join(rootReal, rel));
      this.stats.filesRead++;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
      return { ...key, result: { file: rel, reason: describeError(err) } };
    }
    // The file may have grown between stat and read.
    if (bytes.length > limit) return { ...key, result: { file: rel, reason: tooLargeReason(bytes.length, limit) } };
    const verdict = classifyContent(bytes);
    if (verdict.kind === "skip") return { ...key, result: { file: rel, reason: verdict.reason } };
    const hash = createHash("sha256").update(bytes).digest("hex");
    return { ...key, result: { path: rel, size: bytes.length, mtimeMs: stat.mtimeMs, hash, text: verdict.text } };
  }
}

async function symlinkReason(rootReal: string, link: string): Promise<string> {
  let target: string;
  try {
    target = await fs.realpath(link);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ELOOP") return "symlink loop";
    if (code === "ENOENT") return "broken symlink";
    return `symlink cannot be resolved: ${describeError(err)}`;
  }
  if (!isInside(rootReal, target)) return "symlink points outside the workspace; links are never followed out of the root";
  const rel = path.relative(rootReal, target).split(path.sep).join("/") || ".";
  return `symlink to ${rel}, which is read under its own path (links are not followed)`;
}

function specialKind(entry: Dirent): string {
  if (entry.isFIFO()) return "named pipe";
  if (entry.isSocket()) return "socket";
  if (entry.isCharacterDevice() || entry.isBlockDevice()) return "device";
  return "unknown type";
}

async function readText(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, "utf8");
  } catch {
    return null;
  }
}

export function describeError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "ENOENT") return "no such file";
  if (code === "ELOOP") return "symlink loop";
  return (err as Error).message;
}

/** Byte order of the UTF-16 code units: stable across locales, unlike localeCompare. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
