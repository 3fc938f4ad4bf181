import { strict as assert } from "node:assert";
import { summarizeRecord, type AnalysisSummary, type ServerStatus, type WorkerStatus } from "../../server/protocol";
import { findingsByPerspective, findingsTrend, implementationsGenerated, latestFindings, overview } from "../../webview/dashboardMetrics";
import { analysisRecord } from "../support/records";
import { finding, implementationSummary } from "../support/summaries";

function worker(id: WorkerStatus["worker"], overrides: Partial<WorkerStatus> = {}): WorkerStatus {
  return {
    worker: id,
    state: "running",
    busy: false,
    iteration: 3,
    current_step: { id: "s", name: "Step" },
    interval_s: 60,
    next_run_at: null,
    last_run: null,
    last_error: null,
    skipped_runs: 0,
    consecutive_failures: 0,
    reason: null,
    ...overrides,
  };
}

function status(workers: WorkerStatus[], storeError: string | null = null): ServerStatus {
  return {
    version: "0",
    protocol: 2,
    workspace: "/w",
    data_dir: "/w/.autocoder",
    started_at: "2026-01-01T00:00:00.000Z",
    workers,
    store: { recovered: [], last_error: storeError },
    hub: null,
  };
}

describe("dashboard metrics", () => {
  it("overview: operational while every online worker is well, degraded with the reason otherwise", () => {
    assert.deepEqual(overview(status([worker("analysis"), worker("test-planning"), worker("implementation", { state: "stopped" })])), {
      kind: "operational",
      online: 2,
      total: 3,
      problems: [],
    });
    const degraded = overview(
      status(
        [
          worker("analysis", { state: "backing-off", reason: "3 failures in a row" }),
          worker("test-planning", { last_run: { timestamp: "2026-01-01T00:00:00.000Z", duration_ms: 1, status: "error", summary: "" } }),
          worker("implementation", { state: "paused", reason: "machine busy" }),
        ],
        "ENOSPC",
      ),
    );
    assert.equal(degraded.kind, "degraded");
    assert.equal(degraded.online, 3);
    assert.deepEqual(degraded.problems, [
      "analysis is backing off: 3 failures in a row",
      "test-planning's last iteration failed",
      "implementation is paused: machine busy",
      "the store cannot write: ENOSPC",
    ]);
    assert.equal(overview(status([worker("analysis", { state: "stopped" })])).kind, "stopped");
  });

  it("counts findings by perspective and severity, with totals", () => {
    const { rows, total } = findingsByPerspective([
      finding("a", "error"),
      finding("b", "warning", { perspective: "security" }),
      finding("c", "warning"),
      finding("d", "info", { perspective: "security" }),
    ]);
    assert.deepEqual(rows, [
      { perspective: "code-quality", counts: { error: 1, warning: 1, info: 0, total: 2 } },
      { perspective: "security", counts: { error: 0, warning: 1, info: 1, total: 2 } },
    ]);
    assert.deepEqual(total, { error: 1, warning: 2, info: 1, total: 4 });
  });

  it("lists errors first, then by file and line, up to the limit", () => {
    const at = (line: number) => ({ start: { line, column: 1 }, end: { line, column: 2 } });
    const list = latestFindings(
      [
        finding("i", "info"),
        finding("w2", "warning", { file: "b.ts" }),
        finding("w1", "warning", { file: "a.ts", range: at(9) }),
        finding("w0", "warning", { file: "a.ts", range: at(2) }),
        finding("e", "error", { file: "z.ts" }),
      ],
      4,
    );
    assert.deepEqual(list.map((f) => f.id), ["e", "w0", "w1", "w2"]);
  });

  it("trend: new and resolved per analysis pass by iteration, null where a pass had nothing to compare with", () => {
    const pass = (i: number, previous: string[] | null, ids: string[]) =>
      summarizeRecord(
        analysisRecord(i, { status: "ok", results: { findings: ids.map((id) => finding(id, "info")), skipped: [] } }),
        previous ? new Set(previous) : null,
      );
    const passes = [pass(2, ["a", "b"], ["b", "c", "d"]), pass(1, null, ["a", "b"])];
    const trend = findingsTrend(passes.filter((p): p is AnalysisSummary => p.worker === "analysis"));
    assert.deepEqual(trend.iterations, [1, 2]);
    assert.deepEqual(trend.added, [null, 2]);
    assert.deepEqual(trend.resolved, [null, 1]);
  });

  it("implementations: distinct tasks that got code, and the code changes over the kept stages", () => {
    assert.deepEqual(
      implementationsGenerated([implementationSummary(1, 0, "f1"), implementationSummary(2, 2, "f1"), implementationSummary(3, 1, "f1"), implementationSummary(4, 1, "f2")]),
      { tasks: 2, codeChanges: 4, stages: 4 },
    );
  });
});
