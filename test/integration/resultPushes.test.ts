import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import type { ServerMessage } from "../../server/protocol";
import { ProtocolClient } from "../support/protocolClient";
import { startServerProcess, type ServerProcess } from "../support/serverProcess";
import { removeDir, tempDir } from "../support/tempDir";

describe("pushes: summaries, and only the changes to results (real server)", function () {
  this.timeout(60_000);
  let workspace: string;
  let data: string;
  let server: ServerProcess | null = null;
  let client: ProtocolClient | null = null;
  before(async () => {
    workspace = await tempDir({ "src/a.ts": "// TODO first note\nexport const a = 1;\n" });
    data = await tempDir();
  });
  after(async () => {
    await client?.close();
    await server?.stop("SIGKILL");
    await removeDir(workspace);
    await removeDir(data);
  });

  it("sends what a pass changed in the finding set, nothing when a pass finds the same again, and the result equals the whole set", async () => {
    server = await startServerProcess([
      "--workspace", workspace, "--data", data,
      "--interval-analysis", "0", "--interval-test-planning", "1000", "--interval-implementation", "1000",
    ]);
    client = await ProtocolClient.connect(server.url);
    await client.request({ type: "subscribe" });
    const isAnalysis = (n: number) => (m: ServerMessage) =>
      m.type === "iteration" && m.summary.worker === "analysis" && m.summary.iteration === n;
    // Iterations 6…8 run the first three perspectives again over the unchanged workspace.
    await client.waitFor("iteration", (m) => m.summary.worker === "analysis" && m.summary.iteration === 8, 30_000);
    const from = client.messages.findIndex(isAnalysis(6));
    const to = client.messages.findIndex(isAnalysis(8));
    const repeats = client.messages.slice(from, to + 2).filter((m) => m.type === "findings.changed");
    assert.equal(repeats.length, 0, "a pass that finds the same again sends no change");
    const first = await client.waitForFindings((s) => s.findings.some((f) => /first note/.test(f.message)));
    const firstNote = first.findings.find((f) => /first note/.test(f.message))!;

    await fs.writeFile(path.join(workspace, "src", "a.ts"), "// TODO second note\nexport const a = 1;\n");
    const change = await client.waitFor("findings.changed", (m) => m.upserted.some((f) => /second note/.test(f.message)), 30_000);
    assert.ok(change.removed.includes(firstNote.id), "the old note's finding is said to be gone");
    assert.ok(change.upserted.every((f) => f.file === "src/a.ts"), "only what changed is sent");
    assert.ok(!client.findings!.findings.some((f) => /first note/.test(f.message)), "the held set no longer has it");

    // What a subscriber rebuilt from changes is, finding for finding and in order, what a new one is sent whole.
    await client.request({ type: "worker.stop", worker: "analysis" });
    const late = await ProtocolClient.connect(server.url);
    try {
      await late.request({ type: "subscribe" });
      await client.request({ type: "status.get" });
      assert.deepEqual(late.findings!.findings, client.findings!.findings);
    } finally {
      await late.close();
    }
  });

  it("pushes plans only when a pass changes them, answers record.get, and replays summaries on subscribe", async () => {
    await client?.close();
    await server?.stop("SIGKILL");
    // A data dir of its own, so planning numbering starts at 0 and rounds are 0…14, 15…29.
    const fresh = await tempDir();
    try {
      await fs.writeFile(path.join(workspace, "src", "b.ts"), "export function b(n: number) {\n  if (n < 0) throw new RangeError('negative');\n  return n;\n}\n");
      server = await startServerProcess([
        "--workspace", workspace, "--data", fresh,
        "--interval-analysis", "3600", "--interval-test-planning", "0.05", "--interval-implementation", "3600",
      ]);
      client = await ProtocolClient.connect(server.url);
      await client.request({ type: "subscribe" });

      // Iterations 15…29 run the fifteen planning perspectives again over unchanged code. The
      // running totals still grow until the edge-cases pass (iteration 3) has been seen once by
      // every perspective, so 15…17 carry new insights; from 18 on nothing changes.
      const planning = (n: number) => (m: ServerMessage) => m.type === "iteration" && m.summary.worker === "test-planning" && m.summary.iteration === n;
      await client.waitFor("iteration", (m) => m.summary.worker === "test-planning" && m.summary.iteration === 29, 45_000);
      const from = client.messages.findIndex(planning(18));
      const to = client.messages.findIndex(planning(29));
      assert.equal(client.messages.slice(from, to + 1).filter((m) => m.type === "testPlans.changed").length, 0, "unchanged plans are not sent again");
      assert.ok(client.messages.slice(0, from).some((m) => m.type === "testPlans.changed" && m.upserted.some((p) => p.unit.name === "b")));

      const record = await client.record("test-planning", 1);
      assert.equal(record.perspective_id, "failure-modes");
      assert.ok(record.results.plans.some((p) => p.cases.some((c) => c.expected.error === "RangeError")));
      const missing = await client.request({ type: "record.get", worker: "implementation", iteration: 99_999 });
      assert.ok(missing.type === "error" && missing.code === "not_found" && /implementation\.jsonl/.test(missing.message));

      const late = await ProtocolClient.connect(server.url);
      try {
        await late.request({ type: "subscribe" });
        const history = await late.waitFor("history");
        const planned = history.summaries.filter((s) => s.worker === "test-planning").map((s) => s.iteration);
        assert.deepEqual(planned.slice(0, 30), Array.from({ length: 30 }, (_, i) => i), "a late subscriber gets the summaries, oldest first");
        assert.ok(late.messages.every((m) => m.type !== "iteration" || m.summary.iteration > 29 || m.summary.worker !== "test-planning"), "history is one message, not a replay of pushes");
        // Nothing has changed since iteration 18: the plans rebuilt from changes are the ones sent whole.
        await client.request({ type: "status.get" });
        assert.deepEqual(late.plans!.plans, client.plans!.plans);
        assert.deepEqual(late.plans!.cumulative_insights, client.plans!.cumulative_insights);
      } finally {
        await late.close();
      }
    } finally {
      await client?.close();
      await server?.stop("SIGKILL");
      server = null;
      await removeDir(fresh);
    }
  });
});
