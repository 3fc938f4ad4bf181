import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { LocalStore } from "../../server/store";
import { analysisRecord } from "../support/records";
import { removeDir, tempDir } from "../support/tempDir";

/**
 * A real full disk: a 64 KB tmpfs mounted over a temp folder. Mounting needs root (or
 * CAP_SYS_ADMIN); elsewhere this suite is skipped with a note, and the file-size-limit case in
 * test/integration/storeFaults covers short writes without privileges.
 */
describe("LocalStore on a full disk (64 KB tmpfs, real ENOSPC)", function () {
  let dir: string;
  let mounted = false;

  before(async function () {
    dir = await tempDir();
    try {
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=64k,mode=0755", "tmpfs", dir], { stdio: "pipe" });
      mounted = true;
    } catch (err) {
      console.log(`      (skipped: cannot mount a tmpfs here: ${String((err as Error).message).split("\n")[0]})`);
      this.skip();
    }
  });
  after(async () => {
    // Lazy, so a handle a failed test left open cannot leave the mount behind.
    if (mounted) execFileSync("umount", ["-l", dir]);
    await removeDir(dir);
  });

  async function fillDisk(file: string): Promise<void> {
    const handle = await fs.open(file, "w");
    const page = Buffer.alloc(4096, 1);
    try {
      for (;;) await handle.write(page);
    } catch (err) {
      assert.equal((err as NodeJS.ErrnoException).code, "ENOSPC");
    } finally {
      await handle.close();
    }
  }

  it("rolls back a write the full disk cut short, holds the records and writes them in order once space is freed", async () => {
    const file = path.join(dir, "analysis.jsonl");
    const filler = path.join(dir, "filler");
    const store = await LocalStore.open(dir);
    assert.equal((await store.append(analysisRecord(0))).written.length, 1);
    assert.equal((await store.append(analysisRecord(1))).written.length, 1);
    const before = await fs.readFile(file);

    await fillDisk(filler);
    // Give back one page: a record bigger than that is written in part before ENOSPC.
    await fs.truncate(filler, (await fs.stat(filler)).size - 4096);
    const big = "x".repeat(12_000);
    const refused = await store.append(analysisRecord(2, { summary: big }));
    assert.deepEqual(refused.written, []);
    assert.match(refused.problem!, /could not write analysis\.jsonl .*\(ENOSPC\): the disk is full: free space/);
    assert.match(refused.problem!, /1 analysis iteration is held in memory/);
    assert.equal(store.writeProblem(), refused.problem);
    assert.ok((await fs.readFile(file)).equals(before), "the part that was written is cut off again");
    assert.equal(store.nextIteration("analysis"), 3, "numbering goes on past the held record");
    assert.equal(store.latest("analysis")?.iteration, 1, "only stored records are served");

    const second = await store.append(analysisRecord(3));
    assert.match(second.problem!, /2 analysis iterations are held/);
    assert.ok((await fs.readFile(file)).equals(before));

    await fs.rm(filler);
    const flushed = await store.flush("analysis");
    assert.deepEqual(flushed.written.map((r) => r.iteration), [2, 3], "held records are written oldest first");
    assert.equal(flushed.problem, null);
    assert.equal(store.writeProblem(), null);
    await store.close();

    const reopened = await LocalStore.open(dir);
    assert.deepEqual(reopened.recent("analysis").map((r) => r.iteration), [0, 1, 2, 3]);
    assert.equal(reopened.recent("analysis")[2]!.summary, big);
    assert.deepEqual(reopened.recovered, [], "nothing torn was left to set aside");
    await reopened.close();
  });
});
