import { constants, promises as fs, type Stats } from "node:fs";
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
 * Reads one file at a real path with the limits applied: never more than `maxBytes` + 1 bytes
 * are read, whatever the file grows to meanwhile, and anything but a regular file is refused
 * after opening it without blocking.
 */
export async function readFileWithLimits(realPath: string, maxBytes: number): Promise<ReadOutcome> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(realPath, OPEN_FLAGS);
  } catch (err) {
    if (isGone(err)) return { kind: "gone" };
    if (errorCode(err) === "ELOOP") return { kind: "skip", reason: "became a symlink while being scanned; it is looked at again next scan", stat: null };
    return { kind: "skip", reason: describeFsError(err), stat: null };
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return { kind: "skip", reason: notRegularReason(stat), stat: null };
    if (stat.size > maxBytes) return { kind: "skip", reason: tooLargeReason(stat.size, maxBytes), stat };
    const bytes = await readAtMost(handle, stat.size, maxBytes + 1);
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
    await handle.close().catch(() => undefined);
  }
}

/** Reads until end of file or `cap` bytes; `expected` (the stat size) sizes the first buffer. */
async function readAtMost(handle: fs.FileHandle, expected: number, cap: number): Promise<Buffer> {
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
    const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
    if (bytesRead === 0) break;
    length += bytesRead;
  }
  return buffer.subarray(0, length);
}
