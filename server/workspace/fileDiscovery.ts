import { promises as fs, readdirSync, type Dirent, type Stats } from "node:fs";
import * as path from "node:path";
import type { SkippedFile } from "../protocol";
import { mapLimit } from "./boundedConcurrency";
import { readFileWithLimits } from "./fileReader";
import { kindOf, notRegularReason } from "./fileKind";
import { describeFsError, errorCode, isGone } from "./fsErrors";
import type { IgnoreRules } from "./ignoreRules";
import { comparePaths } from "./pathOrder";
import { isInside, toWorkspacePath } from "./safePath";

/** A file to read: the name the workspace shows and the real path to open (always inside the root). */
export interface DiscoveredFile {
  rel: string;
  real: string;
}

export interface Discovery {
  files: DiscoveredFile[];
  skipped: SkippedFile[];
  /** How many folders were listed: ignored ones must not be. */
  foldersListed: number;
}

const LIST_CONCURRENCY = 16;
const FOLDERS_PER_TURN = 64;
const GITIGNORE_MAX_BYTES = 1_000_000;

interface Folder {
  /** "" for the root. */
  rel: string;
  real: string;
  rules: IgnoreRules;
}

interface Link {
  rel: string;
  /** The link's own location, whose last component is the link. */
  abs: string;
  /** Real path of the folder holding the link, to recognise a link to one of its own ancestors. */
  folderReal: string;
  rules: IgnoreRules;
}

type Listing = { entries: Dirent[]; gitignore: string | null; badNames: ReadonlySet<string> } | { error: unknown };
type LinkTarget = { real: string; stat: Stats } | { error: unknown };

/**
 * Lists the files of a workspace that are to be read. Ignored folders are never entered.
 *
 * The walk goes breadth first with names sorted, so which files make it under `maxFiles` is
 * the same on every run and machine, and the shallowest files are kept first.
 *
 * Symlinks are resolved only after the tree itself has been walked, so that we know which real
 * files and folders are already read under their own path. A link then is:
 *  - refused if its real target is outside the root (it would leak files the user never chose),
 *  - a "symlink loop" if it cannot be resolved for that reason or points to its own ancestor,
 *  - skipped, naming the target, if the target is already read under another path (counting
 *    one file twice would double its findings),
 *  - otherwise followed and read under the link's path: that is how the user reaches the target
 *    (e.g. a link into an ignored or generated folder), so that is the name findings must use.
 * Links met inside a followed folder are treated the same way, round after round, in sorted
 * order, so the outcome is deterministic.
 */
export async function discoverFiles(rootReal: string, rules: IgnoreRules, maxFiles: number, signal?: AbortSignal): Promise<Discovery> {
  const walk = new Walk(rootReal, maxFiles, signal);
  await walk.run(rules);
  return { files: walk.files, skipped: walk.skipped, foldersListed: walk.foldersListed };
}

class Walk {
  readonly files: DiscoveredFile[] = [];
  readonly skipped: SkippedFile[] = [];
  /** Real path → the workspace path it is read under. */
  private readonly fileNames = new Map<string, string>();
  private readonly folderNames = new Map<string, string>();
  private links: Link[] = [];
  private full = false;
  foldersListed = 0;

  constructor(
    private readonly rootReal: string,
    private readonly maxFiles: number,
    private readonly signal: AbortSignal | undefined,
  ) {}

  async run(rules: IgnoreRules): Promise<void> {
    this.folderNames.set(this.rootReal, "");
    await this.walkFolders([{ rel: "", real: this.rootReal, rules }]);
    while (this.links.length > 0 && !this.full) {
      const round = this.links.splice(0).sort((a, b) => comparePaths(a.rel, b.rel));
      const targets = await mapLimit(round, LIST_CONCURRENCY, (link) => resolveLink(link.abs), this.signal);
      const folders: Folder[] = [];
      round.forEach((link, i) => {
        const folder = this.follow(link, targets[i]!);
        if (folder) folders.push(folder);
      });
      await this.walkFolders(folders);
    }
  }

  private async walkFolders(level: Folder[]): Promise<void> {
    while (level.length > 0 && !this.full) {
      const listings = await listFolders(level, this.signal);
      this.foldersListed += level.length;
      const next: Folder[] = [];
      for (const [i, folder] of level.entries()) {
        const listing = listings[i]!;
        if ("error" in listing) {
          if (folder.rel === "") throw new Error(`workspace ${this.rootReal} cannot be listed: ${describeFsError(listing.error)}`);
          if (!isGone(listing.error)) {
            this.skipped.push({ file: `${folder.rel}/`, reason: `folder cannot be listed (${describeFsError(listing.error)}); its files were not read` });
          }
          continue;
        }
        const rules = this.rulesFor(folder, listing.gitignore);
        for (const entry of listing.entries) {
          if (this.full) return;
          const rel = folder.rel === "" ? entry.name : `${folder.rel}/${entry.name}`;
          const real = childPath(folder.real, entry.name);
          const isDirectory = entry.isDirectory();
          if (rules.ignores(rel, isDirectory)) continue;
          if (listing.badNames.has(entry.name)) {
            this.skipped.push({ file: rel, reason: "name is not valid UTF-8, so it cannot be opened by name; rename it to include it" });
          } else if (isDirectory) {
            const child = this.enterFolder(rel, real, rules);
            if (child) next.push(child);
          } else if (entry.isSymbolicLink()) {
            this.links.push({ rel, abs: real, folderReal: folder.real, rules });
          } else if (entry.isFile()) {
            this.addFile(rel, real);
          } else {
            // FIFOs, sockets and devices are never opened: opening a FIFO waits for a writer.
            this.skipped.push({ file: rel, reason: `${notRegularReason(entry)}; only regular files are read` });
          }
        }
      }
      level = next;
    }
  }

  private rulesFor(folder: Folder, gitignore: string | null): IgnoreRules {
    if (gitignore === null) return folder.rules;
    const rules = folder.rules.withGitignore(folder.rel, gitignore);
    if (rules) return rules;
    this.skipped.push({ file: `${folder.rel}/.gitignore`, reason: "not applied: its folder's name has a line break, which no pattern can express" });
    return folder.rules;
  }

  /** The real folder may already be read under another name when it was reached through a link. */
  private enterFolder(rel: string, real: string, rules: IgnoreRules): Folder | null {
    const prior = this.folderNames.get(real);
    if (prior !== undefined) {
      this.skipped.push({ file: `${rel}/`, reason: `folder already read as ${prior}/` });
      return null;
    }
    this.folderNames.set(real, rel);
    return { rel, real, rules };
  }

  private addFile(rel: string, real: string): void {
    const prior = this.fileNames.get(real);
    if (prior !== undefined) {
      this.skipped.push({ file: rel, reason: `same file as ${prior}, which is read under that name` });
      return;
    }
    if (this.files.length >= this.maxFiles) {
      this.full = true;
      this.skipped.push({
        file: rel,
        reason: `file limit reached: only the first ${this.maxFiles} files are read; this one and the rest were not (raise maxFiles or ignore folders you do not need)`,
      });
      return;
    }
    this.fileNames.set(real, rel);
    this.files.push({ rel, real });
  }

  private follow(link: Link, target: LinkTarget): Folder | null {
    const skip = (reason: string): null => {
      this.skipped.push({ file: link.rel, reason });
      return null;
    };
    if ("error" in target) {
      const code = errorCode(target.error);
      if (code === "ELOOP") return skip("symlink loop");
      if (code === "ENOENT" || code === "ENOTDIR") return skip("broken symlink: its target does not exist");
      return skip(`symlink cannot be followed: ${describeFsError(target.error)}`);
    }
    const { real, stat } = target;
    if (!isInside(this.rootReal, real)) return skip("symlink points outside the workspace; links are never followed out of the root");
    const own = toWorkspacePath(this.rootReal, real) || ".";
    const readAs = (prior: string) => (prior === own ? "under its own path" : `as ${prior}`);
    if (stat.isDirectory()) {
      // A `name/` pattern can only tell that the link is a folder now.
      if (link.rules.ignores(link.rel, true)) return null;
      if (isInside(real, link.folderReal)) return skip(`symlink loop: it points to ${own}, a folder that contains it`);
      const prior = this.folderNames.get(real);
      if (prior !== undefined) return skip(`symlink to folder ${own}, which is read ${readAs(prior)}`);
      this.folderNames.set(real, link.rel);
      return { rel: link.rel, real, rules: link.rules };
    }
    if (!stat.isFile()) return skip(`symlink to a ${kindOf(stat)}; only regular files are read`);
    const prior = this.fileNames.get(real);
    if (prior !== undefined) return skip(`symlink to ${own}, which is read ${readAs(prior)}`);
    this.addFile(link.rel, real);
    return null;
  }
}

/**
 * Lists folders synchronously, a batch at a time: a listing is one quick system call, and the
 * promise API's trip through the thread pool costs more than the call (a warm scan is mostly
 * listings and stats). Between batches the event loop gets a turn.
 */
async function listFolders(level: readonly Folder[], signal: AbortSignal | undefined): Promise<Listing[]> {
  const listings: Listing[] = [];
  for (let from = 0; from < level.length; from += FOLDERS_PER_TURN) {
    if (from > 0) await new Promise((resolve) => setImmediate(resolve));
    for (let i = from; i < Math.min(from + FOLDERS_PER_TURN, level.length); i++) {
      signal?.throwIfAborted();
      listings.push(await listFolder(level[i]!));
    }
  }
  return listings;
}

/**
 * path.join for a real folder path and one listed name, without its normalising pass (a real
 * path is already normal, and a listed name is never empty, `.`, `..` or holds a separator):
 * called once per entry on every scan.
 */
function childPath(folderReal: string, name: string): string {
  return folderReal.endsWith(path.sep) ? folderReal + name : folderReal + path.sep + name;
}

async function listFolder(folder: Folder): Promise<Listing> {
  let entries: Dirent[];
  try {
    entries = readdirSync(folder.real, { withFileTypes: true });
  } catch (error) {
    return { error };
  }
  entries.sort((a, b) => comparePaths(a.name, b.name));
  const gitignoreEntry = entries.find((e) => e.name === ".gitignore" && e.isFile());
  const gitignore = gitignoreEntry ? await readGitignore(path.join(folder.real, ".gitignore")) : null;
  return { entries, gitignore, badNames: await undecodableNames(folder.real, entries) };
}

async function readGitignore(file: string): Promise<string | null> {
  const outcome = await readFileWithLimits(file, GITIGNORE_MAX_BYTES);
  return outcome.kind === "text" ? outcome.text : null;
}

/**
 * Node decodes names as UTF-8 and puts U+FFFD for bytes that are not; such a name no longer
 * leads to the file. A real U+FFFD in a name is rare, so only those names pay for a check.
 */
async function undecodableNames(folderReal: string, entries: readonly Dirent[]): Promise<ReadonlySet<string>> {
  const bad = new Set<string>();
  for (const entry of entries) {
    if (!entry.name.includes("\uFFFD")) continue;
    try {
      await fs.lstat(path.join(folderReal, entry.name));
    } catch (err) {
      if (errorCode(err) === "ENOENT") bad.add(entry.name);
    }
  }
  return bad;
}

async function resolveLink(abs: string): Promise<LinkTarget> {
  try {
    const real = await fs.realpath(abs);
    return { real, stat: await fs.stat(real) };
  } catch (error) {
    return { error };
  }
}
