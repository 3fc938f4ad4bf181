import { strict as assert } from "node:assert";
import type { WorkerStatus } from "../../server/protocol";
import { workerNodes } from "../../extension/workersModel";

const NOW = new Date("2026-01-01T12:00:00.000Z");

function worker(over: Partial<WorkerStatus> = {}): WorkerStatus {
  return {
    worker: "analysis",
    state: "running",
    busy: false,
    iteration: 7,
    current_step: { id: "security", name: "Security" },
    interval_s: 60,
    next_run_at: null,
    last_run: { timestamp: "2026-01-01T11:59:30.000Z", duration_ms: 12, status: "ok", summary: "3 findings" },
    last_error: null,
    skipped_runs: 0,
    consecutive_failures: 0,
    reason: null,
    ...over,
  };
}

describe("extension: the Workers view's model", () => {
  it("shows state, iteration, step and last update, with the inline action that fits the state", () => {
    const [running, stopped] = workerNodes({ kind: "connected", url: "u" }, [worker(), worker({ worker: "implementation", state: "stopped" })], NOW);
    assert.deepEqual(running, {
      kind: "worker",
      worker: "analysis",
      label: "Analysis",
      description: "running · #7 · Security · 30 s ago",
      tooltip: "Analysis: running\niteration 7, step Security\nlast update 30 s ago",
      icon: "running",
      contextValue: "worker.running",
    });
    assert.equal(stopped!.kind === "worker" && stopped!.contextValue, "worker.stopped");
    assert.equal(stopped!.label, "Implementation");
  });

  it("shows a failing worker's last error in the row and its reason in the tooltip", () => {
    const [node] = workerNodes(
      { kind: "connected", url: "u" },
      [worker({ state: "backing-off", consecutive_failures: 2, reason: "retrying in 120 s", last_error: { timestamp: NOW.toISOString(), iteration: 6, message: "disk full" } })],
      NOW,
    );
    assert.ok(node!.kind === "worker");
    assert.equal(node.icon, "error");
    assert.equal(node.description, "backing-off · disk full");
    assert.match(node.tooltip, /why: retrying in 120 s\nlast error \(iteration 6\): disk full/);
  });

  it("puts the reason first while disconnected, and lists no workers when there is no server", () => {
    const disconnected = workerNodes({ kind: "disconnected", reason: "token rejected (401)", retryInMs: 1000 }, [worker()], NOW);
    assert.deepEqual(disconnected.map((n) => n.label), ["Disconnected", "Analysis"]);
    assert.equal(disconnected[0]!.description, "token rejected (401)");
    const failed = workerNodes({ kind: "server-failed", reason: "workspace /x does not exist" }, [worker()], NOW);
    assert.deepEqual(failed.map((n) => [n.label, n.description]), [["Not running", "workspace /x does not exist"]]);
  });

  it("a read-only server's workers say so and offer neither Start nor Stop", () => {
    const [node] = workerNodes({ kind: "connected", url: "u" }, [worker({ state: "stopped", reason: "read-only: from ivy/autocoder-analysis-results" })], NOW, true);
    assert.equal(node!.kind === "worker" && node!.contextValue, "worker.readOnly");
    assert.match(node!.description, /^read-only · #7 · Security · 30 s ago$/);
  });
});
