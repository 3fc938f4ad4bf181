import { promises as fs, constants as fsc } from "node:fs";
import * as path from "node:path";
import { splitJsonLines } from "./jsonlLines";

export interface LoadReport<T> {
  records: T[];
  /** Lines set aside into the `.corrupt` file on this load, if any. */
  setAside: { file: string; lines: number; reasons: string[] } | null;
}

/**
 * One worker's append-only JSON Lines file. An append is durable (fdatasync) before it
 * resolves; a failed append is rolled back to the previous length so a half-written line can
 * never glue itself to the next record.
 */
export class WorkerLog<T> {
  private fd: fs.FileHandle | null = null;
  private size = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly validate: (value: unknown) => { ok: true; value: T } | { ok: false; reason: string },
  ) {}

  /**
   * Reads every record; invalid or torn lines are appended to `<file>.corrupt` (so nothing is
   * silently dropped) and removed from the log before any new append.
   */
  async load(): Promise<LoadReport<T>> {
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    let content: Buffer;
    try {
      content = await fs.readFile(this.file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      content = Buffer.alloc(0);
    }
    const verdict = splitJsonLines(content, this.validate);
    let setAside: LoadReport<T>["setAside"] = null;
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
    return { records: verdict.good.map((g) => g.value), setAside };
  }

  append(record: T): Promise<void> {
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

  private async appendNow(record: T): Promise<void> {
    if (!this.fd) throw new Error(`store file ${this.file} is not open`);
    const bytes = Buffer.from(JSON.stringify(record) + "\n", "utf8");
    try {
      await this.fd.write(bytes);
      await this.fd.datasync();
      this.size += bytes.length;
    } catch (err) {
      await this.fd.truncate(this.size).catch(() => undefined);
      throw err;
    }
  }

  /** Atomic replace: write a sibling temp file, fsync it, rename over the log, fsync the folder. */
  private async rewrite(lines: string[]): Promise<void> {
    const tmp = `${this.file}.tmp-${process.pid}`;
    const handle = await fs.open(tmp, "w", 0o644);
    try {
      await handle.writeFile(lines.length ? lines.join("\n") + "\n" : "");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, this.file);
    await syncDirectory(path.dirname(this.file));
  }
}

async function appendDurably(file: string, text: string): Promise<void> {
  const handle = await fs.open(file, "a", 0o644);
  try {
    await handle.write(text);
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
