import { promises as fs } from "node:fs";
import * as path from "node:path";
import type { SkippedFile } from "../../server/protocol";
import { removeDir, tempDir } from "../support/tempDir";

/**
 * Real folders for one suite, removed after each test. Call inside `describe`: it registers
 * the cleanup hook there. Permissions are restored first so a locked folder cannot survive.
 */
export function useTempDirs(): (files?: Record<string, string | Buffer>) => Promise<string> {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) {
      await unlockAll(dir);
      await removeDir(dir);
    }
  });
  return async (files = {}) => {
    const dir = await tempDir(files, "autocoder-ws-");
    dirs.push(dir);
    return dir;
  };
}

async function unlockAll(dir: string): Promise<void> {
  await fs.chmod(dir, 0o755).catch(() => undefined);
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (entry.isDirectory()) await unlockAll(path.join(dir, entry.name));
    else if (entry.isFile()) await fs.chmod(path.join(dir, entry.name), 0o644).catch(() => undefined);
  }
}

export const reasonOf = (snap: { skipped: SkippedFile[] }, file: string): string | undefined =>
  snap.skipped.find((s) => s.file === file)?.reason;

export const pathsOf = (snap: { files: { path: string }[] }): string[] => snap.files.map((f) => f.path);

export const isRoot = (): boolean => process.getuid?.() === 0;
