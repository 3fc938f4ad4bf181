import * as path from "node:path";

/**
 * What the user can do about a write the operating system refused, by error code. A store
 * problem is only useful in status if it says which folder, why, and how to get out of it.
 */
const ADVICE: Record<string, string> = {
  ENOSPC: "the disk is full: free space on it, or restart with --data pointing to a folder on another disk",
  EDQUOT: "the disk quota is used up: free space within the quota or have it raised, or restart with --data elsewhere",
  EFBIG: "the file reached the size limit for this process (ulimit -f): raise the limit, or restart with --data elsewhere",
  EROFS: "the file system is read-only: remount it read-write, or restart with --data pointing to a writable folder",
  EACCES: "this user may not write there: make the folder and its .jsonl files writable (chmod/chown), or restart with --data elsewhere",
  EPERM: "this user may not write there: make the folder and its .jsonl files writable (chmod/chown), or restart with --data elsewhere",
  EIO: "the disk reported an I/O error: check the disk, or restart with --data elsewhere",
};

export function describeWriteFailure(err: unknown, file: string): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const where = `${path.basename(file)} in ${path.dirname(file)}`;
  const advice = code ? ADVICE[code] : undefined;
  if (advice) return `could not write ${where} (${code}): ${advice}`;
  const reason = err instanceof Error ? err.message : String(err);
  return `could not write ${where}: ${reason}`;
}
