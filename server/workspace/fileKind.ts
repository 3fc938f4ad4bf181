/** What `fs.Dirent` and `fs.Stats` share, so both can be named the same way. */
export interface TypedEntry {
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}

/** Names what is not a regular file, for skip reasons. */
export function kindOf(entry: TypedEntry): string {
  if (entry.isFile()) return "regular file";
  if (entry.isDirectory()) return "folder";
  if (entry.isSymbolicLink()) return "symlink";
  if (entry.isFIFO()) return "named pipe";
  if (entry.isSocket()) return "socket";
  if (entry.isCharacterDevice() || entry.isBlockDevice()) return "device";
  return "unknown file type";
}

export function notRegularReason(entry: TypedEntry): string {
  return `not a regular file (${kindOf(entry)})`;
}
