import { promises as fs } from "node:fs";
import * as path from "node:path";

/**
 * Replaces a file so that a crash leaves either the old or the new content, never a mix:
 * a sibling temp file is written and fsynced, renamed over the target, and the folder fsynced.
 */
export async function writeFileDurably(file: string, text: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  const handle = await fs.open(tmp, "w", 0o644);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } catch (err) {
    await handle.close();
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  await fs.rename(tmp, file);
  const dir = await fs.open(path.dirname(file), "r").catch(() => null);
  if (!dir) return;
  // Some file systems refuse fsync on a folder; the rename is still atomic there.
  await dir.sync().catch(() => undefined);
  await dir.close();
}
