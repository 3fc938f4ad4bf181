import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { LocalStore } from "../../server/store";
import { ProtocolClient } from "../support/protocolClient";
import { startServerProcess } from "../support/serverProcess";
import { removeDir, tempDir } from "../support/tempDir";

describe("SIGKILL mid-iteration", function () {
  this.timeout(60_000);
  let workspace: string;
  let data: string;
  before(async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 200; i++) files[`src/m${i}.ts`] = `export const v${i} = ${i};\n`.repeat(50);
    workspace = await tempDir(files);
    data = await tempDir();
  });
  after(async () => {
    await removeDir(workspace);
    await removeDir(data);
  });

  it("loses no completed iteration, doubles none and corrupts nothing across repeated kills", async () => {
    const confirmed = new Map<string, Set<number>>();
    const rounds = 6;
    for (let round = 0; round < rounds; round++) {
      const server = await startServerProcess([
        "--workspace", workspace, "--data", data,
        "--interval-analysis", "0", "--interval-test-planning", "0", "--interval-implementation", "0",
      ]);
      const client = await ProtocolClient.connect(server.url);
      await client.request({ type: "subscribe" });
      // Subscribing replays stored history: wait for an iteration this round made by each worker
      // (they share the analysis thread, taking turns), then kill at a random point after.
      for (const worker of ["analysis", "test-planning", "implementation"] as const) {
        const seen = Math.max(-1, ...(confirmed.get(worker) ?? []));
        await client.waitFor("iteration", (m) => m.summary.worker === worker && m.summary.iteration > seen, 20_000);
      }
      await sleep(50 + Math.floor(Math.random() * 250));
      server.child.kill("SIGKILL");
      await server.exited;
      await client.close().catch(() => undefined);
      // Only iterations pushed live count as confirmed: the server pushes after the fsync.
      for (const m of client.messages) {
        if (m.type !== "iteration") continue;
        const set = confirmed.get(m.summary.worker) ?? new Set<number>();
        set.add(m.summary.iteration);
        confirmed.set(m.summary.worker, set);
      }
    }

    const store = await LocalStore.open(data);
    try {
      for (const worker of ["analysis", "test-planning", "implementation"] as const) {
        const lines = (await fs.readFile(path.join(data, `${worker}.jsonl`), "utf8")).trim().split("\n");
        const numbers = lines.map((l) => JSON.parse(l).iteration as number);
        assert.deepEqual(numbers, numbers.map((_, i) => i), `${worker}: numbered 0…n-1 without gaps or doubles`);
        for (const n of confirmed.get(worker) ?? []) assert.ok(numbers.includes(n), `${worker} iteration ${n} was confirmed and must be stored`);
        assert.ok(numbers.length > rounds, `${worker} made progress (${numbers.length})`);
      }
      // A kill can tear at most the line being written; it is set aside, never loaded as a record.
      for (const r of store.recovered) assert.ok(r.lines <= 1);
    } finally {
      await store.close();
    }
  });
});
