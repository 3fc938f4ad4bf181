import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { WorkspacePathError, WorkspaceReader } from "../../server/workspace";
import { useTempDirs } from "./workspaceFixtures";

describe("WorkspaceReader.readFile", () => {
  const make = useTempDirs();
  let dir: string;
  let reader: WorkspaceReader;
  beforeEach(async () => {
    const outside = await make({ passwd: "root:x:0:0\n" });
    dir = await make({
      "src/a.ts": "export const a = 1;\n",
      "bin.dat": Buffer.from([0, 1]),
      "big.ts": "x".repeat(2000),
      "empty.ts": "",
      "node_modules/dep/index.js": "module.exports = 1;\n",
    });
    await fs.symlink(outside, path.join(dir, "link-out"));
    await fs.symlink("src/a.ts", path.join(dir, "alias.ts"));
    reader = new WorkspaceReader(dir, { maxFileBytes: 1000 });
  });

  it("returns a text file under the path as normalised", async () => {
    const file = await reader.readFile("./src//a.ts");
    assert.deepEqual([file.path, file.text, file.size], ["src/a.ts", "export const a = 1;\n", 20]);
    assert.equal((await reader.readFile("src\\a.ts")).path, "src/a.ts", "a Windows client's separators");
  });

  it("reads through a link that stays inside, under the name asked for", async () => {
    const file = await reader.readFile("alias.ts");
    assert.deepEqual([file.path, file.text], ["alias.ts", "export const a = 1;\n"]);
  });

  it("reads ignored files when named explicitly", async () => {
    assert.equal((await reader.readFile("node_modules/dep/index.js")).text, "module.exports = 1;\n");
  });

  it("applies the scan's limits, without opening a file over the size limit", async () => {
    await assert.rejects(reader.readFile("bin.dat"), /^Error: bin\.dat: binary file$/);
    await assert.rejects(reader.readFile("empty.ts"), /empty file/);
    const before = reader.stats.filesRead;
    await assert.rejects(reader.readFile("big.ts"), /big\.ts: larger than the 1 KB limit \(2 KB\)/);
    assert.equal(reader.stats.filesRead, before);
  });

  it("refuses folders and named pipes, without blocking on the pipe", async function () {
    this.timeout(5000);
    execFileSync("mkfifo", [path.join(dir, "pipe")]);
    await assert.rejects(reader.readFile("src"), /src: not a regular file \(folder\)/);
    await assert.rejects(reader.readFile("pipe"), /pipe: not a regular file \(named pipe\)/);
  });

  it("throws WorkspacePathError for missing files and for any path out of the root", async () => {
    for (const [rel, message] of [
      ["nope.ts", /nope\.ts: no such file in the workspace/],
      ["../../etc/passwd", /may not contain/],
      ["/etc/passwd", /absolute paths/],
      ["%2e%2e%2fetc%2fpasswd", /may not contain/],
      ["link-out/passwd", /outside the workspace/],
    ] as const) {
      await assert.rejects(reader.readFile(rel), (err: Error) => err instanceof WorkspacePathError && message.test(err.message), rel);
    }
  });

  it("shares the scan's cache: a file the scan read is not read again", async () => {
    await reader.scan();
    const before = reader.stats.filesRead;
    const viaScan = (await reader.scan()).files.find((f) => f.path === "src/a.ts");
    assert.equal(await reader.readFile("src/a.ts"), viaScan);
    assert.equal(reader.stats.filesRead, before);
  });
});
