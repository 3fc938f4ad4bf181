import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { SYNCHRONOUS_IO, THREAD_POOL_IO, readFileWithLimits as readWith, type FileIo } from "../../server/workspace/fileReader";
import { useTempDirs } from "./workspaceFixtures";

// The scan decides most things from lstat before opening; these are the checks that still hold
// when a file changes between that lstat and the open.
for (const [name, io] of [["through the thread pool", THREAD_POOL_IO], ["synchronously", SYNCHRONOUS_IO]] as [string, FileIo<unknown>][]) {
describe(`readFileWithLimits, ${name}`, () => {
  const make = useTempDirs();
  const readFileWithLimits = (file: string, maxBytes: number) => readWith(file, maxBytes, io);

  it("reads a text file and returns the stat of what it read", async () => {
    const dir = await make({ "a.ts": "hello\n" });
    const outcome = await readFileWithLimits(path.join(dir, "a.ts"), 100);
    assert.equal(outcome.kind, "text");
    if (outcome.kind !== "text") return;
    assert.deepEqual([outcome.text, outcome.bytes.length, outcome.stat.size], ["hello\n", 6, 6]);
  });

  it("refuses a file over the limit from its open handle's size, reading nothing", async () => {
    const dir = await make({ "big.ts": "x".repeat(5000) });
    const outcome = await readFileWithLimits(path.join(dir, "big.ts"), 4096);
    assert.deepEqual(outcome.kind === "skip" && outcome.reason, "larger than the 4.1 KB limit (5 KB); raise --max-file-bytes to include it");
  });

  it("opens a named pipe without waiting for a writer, and refuses it", async function () {
    this.timeout(5000); // a blocking open would hang here
    const dir = await make();
    execFileSync("mkfifo", [path.join(dir, "pipe")]);
    const outcome = await readFileWithLimits(path.join(dir, "pipe"), 100);
    assert.deepEqual(outcome, { kind: "skip", reason: "not a regular file (named pipe)", stat: null });
  });

  it("does not follow a symlink that took a file's place", async () => {
    const outside = await make({ "secret.ts": "outside" });
    const dir = await make();
    await fs.symlink(path.join(outside, "secret.ts"), path.join(dir, "swapped.ts"));
    const outcome = await readFileWithLimits(path.join(dir, "swapped.ts"), 100);
    assert.equal(outcome.kind, "skip");
    assert.match(outcome.kind === "skip" ? outcome.reason : "", /became a symlink/);
  });

  it("reports a file that vanished as gone", async () => {
    const dir = await make();
    assert.deepEqual(await readFileWithLimits(path.join(dir, "missing.ts"), 100), { kind: "gone" });
  });
});
}
