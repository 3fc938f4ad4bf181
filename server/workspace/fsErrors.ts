export function errorCode(err: unknown): string | undefined {
  return typeof err === "object" && err !== null && "code" in err && typeof err.code === "string" ? err.code : undefined;
}

/** The filesystem errors a user meets most often, in words they can act on; the raw message otherwise. */
export function describeFsError(err: unknown): string {
  switch (errorCode(err)) {
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ENOENT":
      return "no such file";
    case "ENOTDIR":
      return "a parent of it is not a folder";
    case "ELOOP":
      return "symlink loop";
    default:
      return err instanceof Error ? err.message : String(err);
  }
}

/** A file that disappeared between being listed and being read is simply not part of the snapshot. */
export function isGone(err: unknown): boolean {
  const code = errorCode(err);
  return code === "ENOENT" || code === "ENOTDIR";
}
