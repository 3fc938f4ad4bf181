import { execFile } from "node:child_process";

/** A git repository to work on instead of a local folder: `URL` or `URL#branch`. */
export interface RepoSpec {
  url: string;
  branch: string | null;
}

// Transports git should use for a URL a user (or a Space variable) gives: never `ext::`,
// which runs commands, nor a bare path that could be mistaken for an option.
const ALLOWED = /^(https?:\/\/|ssh:\/\/|git:\/\/|file:\/\/|[\w.-]+@[\w.-]+:)/;

/** Pure: `URL#branch` → spec, or an error that says what a repository URL looks like. */
export function parseRepoSpec(text: string): RepoSpec {
  const trimmed = text.trim();
  const hash = trimmed.lastIndexOf("#");
  const url = hash === -1 ? trimmed : trimmed.slice(0, hash);
  const branch = hash === -1 ? null : trimmed.slice(hash + 1);
  if (!ALLOWED.test(url)) throw new Error(`"${url}" is not a git URL this server clones: use https://, ssh://, git://, file:// or user@host:path (optionally #branch)`);
  if (branch !== null && !/^[\w./-]+$/.test(branch)) throw new Error(`"${branch}" is not a branch name`);
  return { url, branch };
}

function git(args: string[], cwd?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    // No prompt may hang a worker waiting for a password that never comes.
    const env = { ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_ASKPASS: "echo" };
    execFile("git", args, { cwd, env, timeout: 10 * 60_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (!err) return resolve(String(stdout));
      const code = (err as NodeJS.ErrnoException).code;
      const last = String(stderr).trim().split("\n").filter(Boolean).pop() ?? err.message;
      reject(new Error(code === "ENOENT" ? "git is not installed on this machine" : `git ${args[0]} failed: ${redactUrl(last)}`));
    });
  });
}

/** Credentials in a URL (`https://user:token@host`) never reach a log or a status line. */
export function redactUrl(text: string): string {
  return text.replace(/(\w+:\/\/)[^/@\s]+@/g, "$1***@");
}

/** A shallow clone of the branch (or the default branch) into `dir`, which must not exist yet or be empty. */
export async function cloneRepo(spec: RepoSpec, dir: string): Promise<void> {
  await git(["clone", "--depth", "1", "--single-branch", ...(spec.branch ? ["--branch", spec.branch] : []), "--", spec.url, dir]);
}

/**
 * Brings the checkout to the remote's latest commit of its branch. The checkout is the
 * server's own (nobody edits it), so it follows the remote exactly. Resolves with whether the
 * commit changed.
 */
export async function pullRepo(dir: string): Promise<{ changed: boolean; commit: string }> {
  const before = (await git(["rev-parse", "HEAD"], dir)).trim();
  await git(["fetch", "--depth", "1", "origin"], dir);
  await git(["reset", "--hard", "--quiet", "FETCH_HEAD"], dir);
  const after = (await git(["rev-parse", "HEAD"], dir)).trim();
  return { changed: after !== before, commit: after };
}
