import { promises as fs, constants as fsc } from "node:fs";
import * as path from "node:path";
import { splitJsonLines, type LineVerdict } from "./jsonlLines";

export interface SetAside {
  file: string;
  lines: number;
  reasons: string[];
}

export interface LoadReport<T> {
  records: T[];
  /** Lines set aside into the `.corrupt` file on this load, if any. */
  setAside: SetAside | null;
  /** Why the file cannot be written now (it was still read); appends retry opening it. */
  writeError: unknown;
}

/**
 * One worker's append-only JSON Lines file. An append is durable (fdatasync) before it
 * resolves; a failed append is rolled back to the previous length so a half-written line can
 * never glue itself to the next record. A file that cannot be written (read-only, disk full)
 * is still read; every later append tries again from scratch.
 */
export class WorkerLog<T> {
  private fd: fs.FileHandle | null = null;
  private size = 0;
  /** The file's end may hold part of a failed write that could not be cut off. */
  private tailSuspect = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly validate: (value: unknown) => { ok: true; value: T } | { ok: false; reason: string },
    /** Told when lines are set aside later than load, by the repair before a retried append. */
    private readonly onSetAside: (report: SetAside) => void = () => undefined,
  ) {}

  /**
   * Reads every record; invalid or torn lines are appended to `<file>.corrupt` (so nothing is
   * silently dropped) and removed from the log before any new append.
   */
  async load(): Promise<LoadReport<T>> {
    const verdict = await this.read();
    try {
      const setAside = await this.openForAppending(verdict);
      return { records: verdict.good.map((g) => g.value), setAside, writeError: null };
    } catch (err) {
      this.tailSuspect = true;
      return { records: verdict.good.map((g) => g.value), setAside: null, writeError: err };
    }
  }

  /** Resolves with the line written (JSON and its newline), once it is durable. */
  append(record: T): Promise<Buffer> {
    const run = this.queue.then(() => this.appendNow(record));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    await this.queue;
    const fd = this.fd;
    this.fd = null;
    await fd?.close();
  }

  private async appendNow(record: T): Promise<Buffer> {
    if (!this.fd || this.tailSuspect) {
      await this.fd?.close().catch(() => undefined);
      this.fd = null;
      const setAside = await this.openForAppending(await this.read());
      this.tailSuspect = false;
      if (setAside) this.onSetAside(setAside);
    }
    const fd = this.fd!;
    const bytes = Buffer.from(JSON.stringify(record) + "\n", "utf8");
    try {
      await writeAll(fd, bytes);
      await fd.datasync();
      this.size += bytes.length;
      return bytes;
    } catch (err) {
      await fd.truncate(this.size).catch(() => (this.tailSuspect = true));
      // Opening again on the next try is what notices a folder made writable or a disk freed.
      await fd.close().catch(() => undefined);
      this.fd = null;
      throw err;
    }
  }

  private async read(): Promise<LineVerdict<T>> {
    await fs.mkdir(path.dirname(this.file), { recursive: true }).catch(() => undefined);
    let content: Buffer;
    try {
      content = await fs.readFile(this.file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      content = Buffer.alloc(0);
    }
    return splitJsonLines(content, this.validate);
  }

  /** Repairs what the verdict found, then opens for appending; every step here writes. */
  private async openForAppending(verdict: LineVerdict<T>): Promise<SetAside | null> {
    let setAside: SetAside | null = null;
    if (verdict.bad.length > 0) {
      const corruptFile = `${this.file}.corrupt`;
      const stamp = new Date().toISOString();
      const block = verdict.bad
        .map((b) => JSON.stringify({ set_aside_at: stamp, line_number: b.lineNumber, reason: b.reason, line: b.line }))
        .join("\n");
      await appendDurably(corruptFile, block + "\n");
      await this.rewrite(verdict.good.map((g) => g.line));
      setAside = { file: corruptFile, lines: verdict.bad.length, reasons: verdict.bad.map((b) => b.reason) };
    } else if (verdict.torn) {
      // A complete, valid last line that lost only its newline: keep it, restore the newline.
      await appendDurably(this.file, "\n");
    }
    this.fd = await fs.open(this.file, fsc.O_WRONLY | fsc.O_APPEND | fsc.O_CREAT, 0o644);
    this.size = (await this.fd.stat()).size;
    return setAside;
  }

  /** Atomic replace: write a sibling temp file, fsync it, rename over the log, fsync the folder. */
  private async rewrite(lines: string[]): Promise<void> {
    const tmp = `${this.file}.tmp-${process.pid}`;
    const handle = await fs.open(tmp, "w", 0o644);
    try {
      await handle.writeFile(lines.length ? lines.join("\n") + "\n" : "");
      await handle.sync();
    } catch (err) {
      await handle.close();
      await fs.rm(tmp, { force: true });
      throw err;
    }
    await handle.close();
    await fs.rename(tmp, this.file);
    await syncDirectory(path.dirname(this.file));
  }
}

/**
 * A nearly full disk accepts part of a write and returns the count without an error; only the
 * next write fails. Looping until every byte is written turns that into the error it is.
 */
async function writeAll(fd: fs.FileHandle, bytes: Buffer): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await fd.write(bytes, offset, bytes.length - offset);
    if (bytesWritten <= 0) throw new Error(`the write made no progress after ${offset} of ${bytes.length} bytes`);
    offset += bytesWritten;
  }
}

async function appendDurably(file: string, text: string): Promise<void> {
  const handle = await fs.open(file, "a", 0o644);
  try {
    await writeAll(handle, Buffer.from(text, "utf8"));
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await fs.open(dir, "r").catch(() => null);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // Some filesystems refuse fsync on a directory; the rename itself is still atomic there.
  } finally {
    await handle.close();
  }
}
