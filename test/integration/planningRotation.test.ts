import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { TEST_PLANNING_PERSPECTIVES, TestPlanningRecord } from "../../server/protocol";
import { ProtocolClient } from "../support/protocolClient";
import { startServerProcess, type ServerProcess } from "../support/serverProcess";
import { ORDERS_TS } from "../support/ordersFixture";
import { removeDir, tempDir } from "../support/tempDir";

const FIXTURE = {
  "src/orders.ts": ORDERS_TS,
  "tools/report.py": "import os\ndef report(rows):\n    if rows is None:\n        raise ValueError('rows')\n    return os.environ.get('REPORT_DIR')\n",
};

describe("test-planning and implementation rotations in serve (real process)", function () {
  this.timeout(90_000);
  let workspace: string;
  let data: string;
  let server: ServerProcess | null = null;
  let client: ProtocolClient | null = null;

  before(async () => {
    workspace = await tempDir(FIXTURE);
    data = await tempDir();
  });
  after(async () => {
    await client?.close();
    await server?.stop("SIGKILL");
    await removeDir(workspace);
    await removeDir(data);
  });

  it("runs all fifteen perspectives, stores plans with the insights, and never counts a thing twice", async () => {
    server = await startServerProcess(["--workspace", workspace, "--data", data, "--interval-analysis", "3600", "--interval-test-planning", "0.05", "--interval-implementation", "3600"]);
    client = await ProtocolClient.connect(server.url);
    await client.request({ type: "subscribe" });
    const n = TEST_PLANNING_PERSPECTIVES.length;
    const at = (i: number) => client!.waitFor("iteration", (m) => m.summary.worker === "test-planning" && m.summary.iteration === i, 60_000);
    const firstRound = await at(n - 1);
    const secondRound = await at(2 * n - 1);
    const insights = async (m: typeof firstRound) => (await client!.record("test-planning", m.summary.iteration)).cumulative_insights;
    assert.deepEqual(await insights(secondRound), await insights(firstRound), "a second pass over unchanged code finds nothing new");
    const counts = await insights(firstRound);
    assert.ok(firstRound.summary.worker === "test-planning" && firstRound.summary.insights.failure_modes_identified === 3, "the summary carries the counts");
    assert.deepEqual(counts.failure_modes_identified.items, [
      "src/orders.ts#load: rejects RangeError when limit > 100 (line 4)",
      "src/orders.ts#load: rejects TypeError when !path (line 3)",
      "tools/report.py#report: raises ValueError when rows is None (line 4)",
    ]);
    assert.equal(counts.failure_modes_identified.count, 3);
    assert.deepEqual(counts.integration_points_found.items, ["src/orders.ts#load: file system readFile", 'tools/report.py#report: environment os.environ["REPORT_DIR"]']);

    // Every record on disk is valid, names its perspective and carries plans.
    const lines = (await fs.readFile(path.join(data, "test-planning.jsonl"), "utf8")).trim().split("\n");
    const records = lines.map((l) => TestPlanningRecord.parse(JSON.parse(l)));
    assert.deepEqual(records.slice(0, n).map((r) => r.perspective_id), TEST_PLANNING_PERSPECTIVES.map((p) => p.id));
    assert.ok(records.slice(0, n).every((r) => r.status === "ok"));
    assert.deepEqual(records[1]!.results.plans.map((p) => p.cases.length), [2, 1], "failure modes: two in load, one in report");

    // The merged view a client reads: both units, with cases from several perspectives.
    const plans = await client.waitForPlans((m) => m.plans.length === 2 && m.plans.every((p) => new Set(p.cases.map((c) => c.perspective)).size >= 3));
    assert.deepEqual(plans.plans.map((p) => p.unit.name).sort(), ["load", "report"]);

    // An edit that removes a throw drops it from the count on the next failure-modes pass.
    await fs.writeFile(path.join(workspace, "src/orders.ts"), FIXTURE["src/orders.ts"].replace('  if (limit > 100) throw new RangeError("limit too high");\n', ""));
    const later = await client.waitFor(
      "iteration",
      (m) => m.summary.worker === "test-planning" && m.summary.perspective_id === "failure-modes" && m.summary.iteration > 2 * n && m.summary.insights.failure_modes_identified === 2,
      60_000,
    );
    const laterInsights = (await client.record("test-planning", later.summary.iteration)).cumulative_insights;
    assert.ok(!laterInsights.failure_modes_identified.items.some((i) => i.includes("RangeError")));
  });

  it("takes each task through the six implementation stages in order, then moves on to the next", async () => {
    await client?.close();
    await server?.stop("SIGKILL");
    const fresh = await tempDir();
    try {
      server = await startServerProcess(["--workspace", workspace, "--data", fresh, "--interval-analysis", "0.05", "--interval-test-planning", "0.05", "--interval-implementation", "0.05"]);
      client = await ProtocolClient.connect(server.url);
      await client.request({ type: "subscribe" });
      // Let findings and plans exist first, then read two full task cycles from the store.
      await client.waitFor("iteration", (m) => m.summary.worker === "implementation" && m.summary.iteration === 23, 60_000);
      const lines = (await fs.readFile(path.join(fresh, "implementation.jsonl"), "utf8")).trim().split("\n");
      const records = lines.map((l) => JSON.parse(l) as { iteration: number; stage_id: string; status: string; task: { kind: string; id: string } | null; analysis: { code_changes: unknown[] } });
      const cycles = [12, 18].map((start) => records.filter((r) => r.iteration >= start && r.iteration < start + 6));
      for (const cycle of cycles) {
        assert.deepEqual(cycle.map((r) => r.stage_id), ["deep-understanding", "architectural-analysis", "approach-evaluation", "risk-analysis", "testing-strategy", "implementation-plan"]);
        assert.ok(cycle.every((r) => r.status === "ok" && r.task !== null && r.task.id === cycle[0]!.task!.id), "one task through all six stages");
      }
      assert.notDeepEqual(cycles[0]![0]!.task, cycles[1]![0]!.task, "the next cycle takes the next task");

      // A user's request runs all six stages at once, ahead of the rotation, and replies with them.
      const reply = await client.request({ type: "implementation.request", planId: "plan:src/orders.ts#load" });
      assert.equal(reply.type, "implementation");
      const requested = reply.type === "implementation" ? reply.records : [];
      assert.deepEqual(requested.map((r) => r.stage_id), ["deep-understanding", "architectural-analysis", "approach-evaluation", "risk-analysis", "testing-strategy", "implementation-plan"]);
      assert.ok(requested.every((r) => r.task?.id === "plan:src/orders.ts#load" && /Requested: /.test(r.summary)));
      assert.deepEqual(requested.map((r) => r.iteration), requested.map((_, i) => requested[0]!.iteration + i), "consecutive iteration numbers");
      assert.equal(requested[5]!.analysis.code_changes[0]!.file, "src/orders.test.ts");
      // The rotation goes on after it, numbering after the request's records.
      await client.waitFor("iteration", (m) => m.summary.worker === "implementation" && m.summary.iteration > requested[5]!.iteration, 30_000);
    } finally {
      await removeDir(fresh);
    }
  });
});
