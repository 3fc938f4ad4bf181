import { closeSync, constants, fstatSync, openSync, promises as fs, readSync, type Stats } from "node:fs";
import { classifyContent, tooLargeReason } from "./fileContent";
import { notRegularReason } from "./fileKind";
import { describeFsError, errorCode, isGone } from "./fsErrors";

/**
 * NOFOLLOW: callers pass real paths, so a final symlink here means the file was swapped for a
 * link after it was checked; refuse rather than follow it out of the workspace.
 * NONBLOCK: if a regular file was swapped for a FIFO after it was listed, opening it must not
 * wait for a writer forever; on regular files the flag changes nothing.
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

export type ReadOutcome =
  | { kind: "text"; bytes: Buffer; text: string; stat: Stats }
  /** `stat` is null when the reason is not about this version of the content (e.g. permissions), so it must not be cached. */
  | { kind: "skip"; reason: string; stat: Stats | null }
  | { kind: "gone" };

/**
 * The four calls a read makes. Through the thread pool by default; synchronously for a scan
 * that has only a few changed files to read, where each trip through the pool costs more than
 * the call (a one-file change: five trips for one file). Same calls, same flags, either way.
 */
export interface FileIo<H> {
  open(path: string, flags: number): H | Promise<H>;
  stat(handle: H): Stats | Promise<Stats>;
  read(handle: H, buffer: Buffer, offset: number, length: number, position: number): number | Promise<number>;
  close(handle: H): void | Promise<void>;
}

export const THREAD_POOL_IO: FileIo<fs.FileHandle> = {
  open: (p, flags) => fs.open(p, flags),
  stat: (h) => h.stat(),
  read: async (h, buffer, offset, length, position) => (await h.read(buffer, offset, length, position)).bytesRead,
  close: (h) => h.close(),
};

export const SYNCHRONOUS_IO: FileIo<number> = {
  open: (p, flags) => openSync(p, flags),
  stat: (fd) => fstatSync(fd),
  read: (fd, buffer, offset, length, position) => readSync(fd, buffer, offset, length, position),
  close: (fd) => closeSync(fd),
};

/**
 * Reads one file at a real path with the limits applied: never more than `maxBytes` + 1 bytes
 * are read, whatever the file grows to meanwhile, and anything but a regular file is refused
 * after opening it without blocking.
 */
export async function readFileWithLimits<H = fs.FileHandle>(realPath: string, maxBytes: number, io: FileIo<H> = THREAD_POOL_IO as unknown as FileIo<H>): Promise<ReadOutcome> {
  let handle: H;
  try {
    handle = await io.open(realPath, OPEN_FLAGS);
  } catch (err) {
    if (isGone(err)) return { kind: "gone" };
    if (errorCode(err) === "ELOOP") return { kind: "skip", reason: "became a symlink while being scanned; it is looked at again next scan", stat: null };
    return { kind: "skip", reason: describeFsError(err), stat: null };
  }
  try {
    const stat = await io.stat(handle);
    if (!stat.isFile()) return { kind: "skip", reason: notRegularReason(stat), stat: null };
    if (stat.size > maxBytes) return { kind: "skip", reason: tooLargeReason(stat.size, maxBytes), stat };
    const bytes = await readAtMost(io, handle, stat.size, maxBytes + 1);
    if (bytes.length > maxBytes) {
      return { kind: "skip", reason: `${tooLargeReason(bytes.length, maxBytes)} (it grew while being read)`, stat: null };
    }
    const verdict = classifyContent(bytes);
    if (verdict.kind === "skip") return { kind: "skip", reason: verdict.reason, stat };
    return { kind: "text", bytes, text: verdict.text, stat };
  } catch (err) {
    if (isGone(err)) return { kind: "gone" };
    return { kind: "skip", reason: describeFsError(err), stat: null };
  } finally {
    try {
      await io.close(handle);
    } catch {
      // closing a file we only read cannot lose anything
    }
  }
}

/** Reads until end of file or `cap` bytes; `expected` (the stat size) sizes the first buffer. */
async function readAtMost<H>(io: FileIo<H>, handle: H, expected: number, cap: number): Promise<Buffer> {
  // One byte more than expected, so a file that grew since fstat is noticed without a second pass.
  let buffer = Buffer.allocUnsafe(Math.min(expected + 1, cap));
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length >= cap) break;
      const bigger = Buffer.allocUnsafe(Math.min(buffer.length * 2, cap));
      buffer.copy(bigger, 0, 0, length);
      buffer = bigger;
    }
    const bytesRead = await io.read(handle, buffer, length, buffer.length - length, length);
    if (bytesRead === 0) break;
    length += bytesRead;
  }
  return buffer.subarray(0, length);
}
