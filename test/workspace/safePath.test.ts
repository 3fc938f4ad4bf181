import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { WorkspacePathError, WorkspaceReader, resolveInsideRoot } from "../../server/workspace";
import { removeDir, tempDir } from "../support/tempDir";

describe("resolveInsideRoot and readFile", () => {
  let root: string;
  let outside: string;
  before(async () => {
    root = await tempDir({ "src/a.ts": "export const a = 1;\n", "bin.dat": Buffer.from([0, 1]), "big.ts": "x".repeat(2000) });
    outside = await tempDir({ "passwd": "root:x:0:0\n" });
    await fs.symlink(outside, path.join(root, "link-out"));
  });
  after(async () => {
    await removeDir(root);
    await removeDir(outside);
  });

  it("accepts ordinary relative paths, including ones that do not exist yet", async () => {
    assert.equal(await resolveInsideRoot(root, "src/a.ts"), path.join(root, "src", "a.ts"));
    assert.equal(await resolveInsideRoot(root, "./src/a.ts"), path.join(root, "src", "a.ts"));
    assert.equal(await resolveInsideRoot(root, "new/dir/file.ts"), path.join(root, "new", "dir", "file.ts"));
  });

  for (const evil of [
    "../../etc/passwd",
    "./src/../src/a.ts", // no client needs "..": refused outright rather than normalised
    "src/../../etc/passwd",
    "/etc/passwd",
    "C:\\Windows\\win.ini",
    "c:/windows",
    "\\\\server\\share",
    "//server/share",
    "..\\..\\etc\\passwd",
    "%2e%2e%2fetc%2fpasswd",
    "%2E%2E/etc/passwd",
    "..%2f..%2fetc%2fpasswd",
    "src/a.ts\0.png",
    "%00",
    "",
    "%zz",
    "link-out/passwd",
  ]) {
    it(`refuses ${JSON.stringify(evil)}`, async () => {
      await assert.rejects(resolveInsideRoot(root, evil), WorkspacePathError);
    });
  }

  it("readFile returns a text file and refuses what the scan would skip", async () => {
    const reader = new WorkspaceReader(root, { maxFileBytes: 1000 });
    assert.equal((await reader.readFile("src/a.ts")).text, "export const a = 1;\n");
    await assert.rejects(reader.readFile("bin.dat"), /binary file/);
    await assert.rejects(reader.readFile("big.ts"), /larger than/);
    await assert.rejects(reader.readFile("src"), /not a regular file/);
    await assert.rejects(reader.readFile("nope.ts"), /no such file/);
    await assert.rejects(reader.readFile("../../etc/passwd"), WorkspacePathError);
    await assert.rejects(reader.readFile("link-out/passwd"), /outside the workspace/);
  });
});
