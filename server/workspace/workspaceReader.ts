import { createHash } from "node:crypto";
import { lstatSync, promises as fs, realpathSync, statSync, type Stats } from "node:fs";
import * as path from "node:path";
import type { SkippedFile } from "../protocol";
import { mapLimit } from "./boundedConcurrency";
import { tooLargeReason } from "./fileContent";
import { discoverFiles } from "./fileDiscovery";
import { notRegularReason } from "./fileKind";
import { SYNCHRONOUS_IO, THREAD_POOL_IO, readFileWithLimits, type FileIo } from "./fileReader";
import { describeFsError, isGone } from "./fsErrors";
import { IgnoreRules } from "./ignoreRules";
import { comparePaths } from "./pathOrder";
import { WorkspacePathError, normalizeRelative, resolveInsideRoot } from "./safePath";

export interface WorkspaceFile {
  /** Relative to the root, with `/`. */
  path: string;
  size: number;
  mtimeMs: number;
  /** sha256 hex of the raw bytes (a BOM included). */
  hash: string;
  /** The content decoded as UTF-8, without a BOM. */
  text: string;
}

export interface WorkspaceSnapshot {
  /** Absolute real path. */
  root: string;
  /** Sorted by path. */
  files: WorkspaceFile[];
  /** Sorted by file. */
  skipped: SkippedFile[];
  /** Sum of the files' sizes. */
  bytes: number;
  /** Wall time of the scan. */
  ms: number;
}

export interface ScanOptions {
  /** Files larger are skipped without being opened. Default 1_000_000. */
  maxFileBytes?: number;
  /** gitignore-syntax patterns applied from the root; they override `.gitignore` files. */
  extraIgnores?: string[];
  signal?: AbortSignal;
  /** Discovery stops past this many files, with one skipped entry saying so. Default 50_000. */
  maxFiles?: number;
}

export const DEFAULT_MAX_FILE_BYTES = 1_000_000;
export const DEFAULT_MAX_FILES = 50_000;
const READ_CONCURRENCY = 16;
/** At most this many changed files are read synchronously: a few KB each as a rule, 1 MB each at the most. */
const SYNCHRONOUS_READS = 8;
const RULES_REBUILT_AFTER_SCANS = 100;

interface CacheEntry {
  size: number;
  mtimeMs: number;
  ino: number;
  result: WorkspaceFile | SkippedFile;
}

/** What one file came to; `cacheable` is false for outcomes that may change without the content changing (permissions). */
type Loaded = { entry: CacheEntry; cacheable: boolean } | null;

/**
 * Reads a workspace for the workers, safely: only regular files inside the root, within the
 * limits, never following a link out. Keeps the last result of every file keyed by path, size,
 * mtime and inode, so an unchanged file is neither read nor hashed again on the next scan.
 * (Like any stat-based cache, a rewrite that keeps the size within one mtime tick goes unseen
 * until the next change; filesystems with nanosecond mtimes make that a scripted-only case.)
 */
export class WorkspaceReader {
  /** As given, made absolute; the snapshot carries the real path. */
  readonly root: string;
  /**
   * For tests and benchmarks: files opened to be read and folders listed over the reader's life,
   * and how many files the cache holds after the last scan.
   */
  readonly stats = { filesRead: 0, foldersListed: 0, cachedFiles: 0 };
  private readonly maxFileBytes: number;
  private readonly maxFiles: number;
  private readonly extraIgnores: readonly string[];
  private readonly signal: AbortSignal | undefined;
  private cache = new Map<string, CacheEntry>();
  private rules: { key: string; root: IgnoreRules; scans: number } | null = null;

  constructor(root: string, options: ScanOptions = {}) {
    this.root = path.resolve(root);
    assertFolder(this.root, "does not exist");
    this.maxFileBytes = positiveInteger(options.maxFileBytes, DEFAULT_MAX_FILE_BYTES, "maxFileBytes");
    this.maxFiles = positiveInteger(options.maxFiles, DEFAULT_MAX_FILES, "maxFiles");
    this.extraIgnores = [...(options.extraIgnores ?? [])];
    this.signal = options.signal;
  }

  /**
   * Never throws for one file's problem: that is a skipped entry. Throws if the root itself is
   * gone or unreadable, or with the signal's reason once it aborts. Both arguments default to
   * the constructor's options; `extraIgnores` is a parameter because the workspace config that
   * supplies it can change between scans.
   */
  async scan(signal: AbortSignal | undefined = this.signal, extraIgnores: readonly string[] = this.extraIgnores): Promise<WorkspaceSnapshot> {
    const started = performance.now();
    signal?.throwIfAborted();
    const rootReal = await this.rootRealPath();
    const rules = this.ignoreRules(extraIgnores, await readExcludeFile(rootReal));
    const discovery = await discoverFiles(rootReal, rules, this.maxFiles, signal);
    this.stats.foldersListed += discovery.foldersListed;
    // Stat first, all at once: an unchanged file (the usual case) is settled by its stat alone,
    // and only the others are opened, a few at a time.
    const stats = await lstatAll(discovery.files.map((f) => f.real), signal);
    const loaded: Loaded[] = new Array(discovery.files.length);
    const opened: number[] = [];
    discovery.files.forEach((file, i) => {
      const cached = this.unchanged(file.rel, stats[i]!);
      if (cached) loaded[i] = { entry: cached, cacheable: true };
      else opened.push(i);
    });
    // A few changed files are read synchronously (see FileIo); many, a few at a time through the pool.
    const io: FileIo<unknown> = opened.length <= SYNCHRONOUS_READS ? SYNCHRONOUS_IO : THREAD_POOL_IO;
    const reads = await mapLimit(opened, io === SYNCHRONOUS_IO ? 1 : READ_CONCURRENCY, (i) => this.load(discovery.files[i]!.rel, discovery.files[i]!.real, stats[i]!, io), signal);
    opened.forEach((i, k) => (loaded[i] = reads[k]!));

    const nextCache = new Map<string, CacheEntry>();
    const files: WorkspaceFile[] = [];
    const skipped = discovery.skipped;
    for (const item of loaded) {
      if (item === null) continue;
      const { entry, cacheable } = item;
      if (isWorkspaceFile(entry.result)) {
        files.push(entry.result);
        nextCache.set(entry.result.path, entry);
      } else {
        skipped.push(entry.result);
        if (cacheable) nextCache.set(entry.result.file, entry);
      }
    }
    // Replaced only after a scan completes, so an aborted scan leaves the cache as it was; files
    // not seen this time (vanished, now ignored) drop out here.
    this.cache = nextCache;
    this.stats.cachedFiles = this.cache.size;
    files.sort((a, b) => comparePaths(a.path, b.path));
    skipped.sort((a, b) => comparePaths(a.file, b.file));
    return {
      root: rootReal,
      files,
      skipped,
      bytes: files.reduce((sum, f) => sum + f.size, 0),
      ms: performance.now() - started,
    };
  }

  /**
   * Reads one file a client named. The path must stay inside the root (WorkspacePathError
   * otherwise) and the scan's limits apply (an Error giving the skip reason otherwise). Ignore
   * rules do not: a client that names a file asks for it explicitly.
   */
  async readFile(relPath: string): Promise<WorkspaceFile> {
    const rootReal = await this.rootRealPath();
    const real = await resolveInsideRoot(rootReal, relPath);
    const rel = normalizeRelative(relPath);
    const loaded = await this.load(rel, real, await lstatOf(real));
    if (loaded === null) throw new WorkspacePathError(`${rel}: no such file in the workspace`);
    if (!isWorkspaceFile(loaded.entry.result)) throw new Error(`${rel}: ${loaded.entry.result.reason}`);
    return loaded.entry.result;
  }

  /** The cached outcome of a file whose stat says it has not changed since. */
  private unchanged(rel: string, stat: StatOutcome): CacheEntry | null {
    if (!("size" in stat)) return null;
    const cached = this.cache.get(rel);
    return cached && cached.size === stat.size && cached.mtimeMs === stat.mtimeMs && cached.ino === stat.ino ? cached : null;
  }

  /** `real` is inside the root and has no symlink left in it; null when the file is gone. */
  private async load(rel: string, real: string, stated: StatOutcome, io: FileIo<unknown> = THREAD_POOL_IO): Promise<Loaded> {
    if ("gone" in stated) return null;
    if ("error" in stated) {
      return { entry: { size: 0, mtimeMs: 0, ino: 0, result: { file: rel, reason: describeFsError(stated.error) } }, cacheable: false };
    }
    const stat = stated;
    const cached = this.unchanged(rel, stat);
    if (cached) return { entry: cached, cacheable: true };
    const key = { size: stat.size, mtimeMs: stat.mtimeMs, ino: stat.ino };
    if (!stat.isFile()) return { entry: { ...key, result: { file: rel, reason: notRegularReason(stat) } }, cacheable: false };
    // Decided on the stat size alone: a file over the limit is never opened.
    if (stat.size > this.maxFileBytes) {
      return { entry: { ...key, result: { file: rel, reason: tooLargeReason(stat.size, this.maxFileBytes) } }, cacheable: true };
    }
    this.stats.filesRead++;
    const outcome = await readFileWithLimits(real, this.maxFileBytes, io);
    if (outcome.kind === "gone") return null;
    if (outcome.kind === "skip") {
      const entryKey = outcome.stat ? keyOf(outcome.stat) : key;
      return { entry: { ...entryKey, result: { file: rel, reason: outcome.reason } }, cacheable: outcome.stat !== null };
    }
    // The key and the metadata come from the open file, so they describe the bytes that were hashed.
    const file: WorkspaceFile = {
      path: rel,
      size: outcome.bytes.length,
      mtimeMs: outcome.stat.mtimeMs,
      hash: createHash("sha256").update(outcome.bytes).digest("hex"),
      text: outcome.text,
    };
    return { entry: { ...keyOf(outcome.stat), result: file }, cacheable: true };
  }

  /**
   * The root of the rules tree, kept across scans (see IgnoreRules) while the extra patterns and
   * `.git/info/exclude` stay the same. Rebuilt now and then all the same, so the matchers'
   * memory of paths that no longer exist cannot grow without bound in a long-running server.
   */
  private ignoreRules(extraIgnores: readonly string[], exclude: string | null): IgnoreRules {
    const key = JSON.stringify([extraIgnores, exclude]);
    if (!this.rules || this.rules.key !== key || this.rules.scans >= RULES_REBUILT_AFTER_SCANS) {
      const defaults = IgnoreRules.root(extraIgnores);
      const root = exclude === null ? defaults : (defaults.withGitignore("", exclude) ?? defaults);
      this.rules = { key, root, scans: 0 };
    }
    this.rules.scans++;
    return this.rules.root;
  }

  /** Two quick system calls, made synchronously: through the thread pool they cost more than the calls (see lstatAll). */
  private async rootRealPath(): Promise<string> {
    let real: string;
    try {
      real = realpathSync.native(this.root);
    } catch (err) {
      throw new Error(rootProblem(this.root, err, "no longer exists"));
    }
    let stat: Stats;
    try {
      stat = statSync(real);
    } catch (err) {
      throw new Error(rootProblem(this.root, err, "no longer exists"));
    }
    if (!stat.isDirectory()) throw new Error(`workspace ${this.root} is not a folder`);
    return real;
  }
}

type StatOutcome = Stats | { gone: true } | { error: unknown };

const STATS_PER_TURN = 256;

/**
 * lstat of many paths, synchronously a batch at a time. A warm scan is mostly stats, and the
 * promise API's trip through the thread pool costs several times the system call itself
 * (measured: 363 files in about 2 ms synchronously, 9 ms through promises). Between batches the
 * event loop gets a turn, so even a very large workspace does not hold up the server for long.
 */
async function lstatAll(paths: readonly string[], signal: AbortSignal | undefined): Promise<StatOutcome[]> {
  const out: StatOutcome[] = new Array(paths.length);
  for (let from = 0; from < paths.length; from += STATS_PER_TURN) {
    if (from > 0) await new Promise((resolve) => setImmediate(resolve));
    signal?.throwIfAborted();
    for (let i = from; i < Math.min(from + STATS_PER_TURN, paths.length); i++) out[i] = lstatNow(paths[i]!);
  }
  return out;
}

function lstatNow(real: string): StatOutcome {
  try {
    return lstatSync(real, { throwIfNoEntry: false }) ?? { gone: true };
  } catch (error) {
    return isGone(error) ? { gone: true } : { error };
  }
}

async function lstatOf(real: string): Promise<StatOutcome> {
  try {
    return await fs.lstat(real);
  } catch (error) {
    return isGone(error) ? { gone: true } : { error };
  }
}

function isWorkspaceFile(result: WorkspaceFile | SkippedFile): result is WorkspaceFile {
  return "hash" in result;
}

function keyOf(stat: Stats): Omit<CacheEntry, "result"> {
  return { size: stat.size, mtimeMs: stat.mtimeMs, ino: stat.ino };
}

/** `.git/info/exclude`, when the workspace is a git checkout and the file stays inside it. */
async function readExcludeFile(rootReal: string): Promise<string | null> {
  // Most workspaces scanned have none (not a checkout): settled by one synchronous lstat instead
  // of resolving every parent through the thread pool.
  try {
    if (lstatSync(path.join(rootReal, ".git", "info", "exclude"), { throwIfNoEntry: false }) === undefined) return null;
  } catch (err) {
    if (isGone(err)) return null;
  }
  try {
    const real = await resolveInsideRoot(rootReal, ".git/info/exclude");
    const outcome = await readFileWithLimits(real, DEFAULT_MAX_FILE_BYTES);
    return outcome.kind === "text" ? outcome.text : null;
  } catch {
    return null;
  }
}

function assertFolder(root: string, missing: string): void {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(root).isDirectory();
  } catch (err) {
    throw new Error(rootProblem(root, err, missing));
  }
  if (!isDirectory) throw new Error(`workspace ${root} is not a folder`);
}

function rootProblem(root: string, err: unknown, missing: string): string {
  return isGone(err) ? `workspace ${root} ${missing}` : `workspace ${root} cannot be read: ${describeFsError(err)}`;
}

function positiveInteger(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a whole number ≥ 1, got ${value}`);
  return value;
}

