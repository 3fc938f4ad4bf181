import { strict as assert } from "node:assert";
import { IterationSummary, summarizeRecord, type AnalysisSummary, type ImplementationRecord, type ServerStatus, type WorkerStatus } from "../../server/protocol";
import { describeTests, findingsByPerspective, findingsTrend, implementationsGenerated, latestFindings, overview } from "../../webview/dashboardMetrics";
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
      { tasks: 2, codeChanges: 4, stages: 4, tests: { files: 0, passed: 0, failed: 0, notRun: 0, notRunReason: null } },
    );
  });

  it("implementations: how many generated tests passed on their first run, or why none ran", () => {
    const ran = (passed: number, failed: number) => ({ ran: true, assertions: passed + failed, passed, failed, skipped: 1, not_run_reason: null });
    const notRun = (reason: string) => ({ ran: false, assertions: 3, passed: 0, failed: 0, skipped: 1, not_run_reason: reason });
    const stages = [
      implementationSummary(5, 1, "p2", ran(2, 1)),
      implementationSummary(1, 1, "p1", notRun("mocha is not installed in the workspace (npm install)")),
      implementationSummary(3, 1, "p1", ran(4, 0)),
      implementationSummary(4, 0, "p1"),
    ];
    const impl = implementationsGenerated(stages);
    assert.deepEqual(impl.tests, { files: 2, passed: 6, failed: 1, notRun: 1, notRunReason: "mocha is not installed in the workspace (npm install)" });
    assert.equal(describeTests(impl.tests), "6 of 7 generated test(s) passed on their first run (2 file(s); 1 file(s) not run)");
    const none = implementationsGenerated([implementationSummary(2, 1, "p1", notRun("running workspace code needs --allow-execute"))]);
    assert.equal(describeTests(none.tests), "generated tests not run: running workspace code needs --allow-execute");
    assert.equal(describeTests(implementationsGenerated([]).tests), "no generated tests yet");
  });

  it("summary of stage 6: the record's test run as counts, null on other stages and from a server that sent none", () => {
    const record = (testRun: ImplementationRecord["test_run"]): ImplementationRecord => ({
      worker: "implementation",
      iteration: 11,
      timestamp: "2026-11-29T23:00:00.000Z",
      duration_ms: 900,
      status: "ok",
      summary: "Implementation Plan: 1 checked code change(s): lib/price.test.js — ran once: 3 passed, 0 failed.",
      error: null,
      workspace: { files: 2, bytes: 300, skipped: [], ms: 1 },
      stage_id: "implementation-plan",
      stage_name: "Implementation Plan",
      task: { kind: "plan", id: "plan:lib/price.js#discount" },
      results: { notes: [] },
      analysis: { code_changes: [] },
      test_run: testRun,
    });
    const run = { runner: "node:test", file: "lib/price.test.js", ran: true, command: "node --test x", assertions: 3, passed: 3, failed: 0, skipped: 2, duration_ms: 350, not_run_reason: null } as const;
    const summary = summarizeRecord(record(run));
    assert.ok(summary.worker === "implementation");
    assert.deepEqual(summary.tests, { ran: true, assertions: 3, passed: 3, failed: 0, skipped: 2, not_run_reason: null });
    assert.deepEqual(IterationSummary.parse(JSON.parse(JSON.stringify(summary))), summary, "the pushed summary validates at the edge");
    const plain = summarizeRecord(record(null));
    assert.ok(plain.worker === "implementation" && plain.tests === null);
    const { tests: _dropped, ...older } = summary;
    const parsed = IterationSummary.parse(older);
    assert.ok(parsed.worker === "implementation" && parsed.tests === null, "a summary without the field reads as no test run");
    assert.equal(IterationSummary.safeParse({ ...summary, tests: { ...summary.tests, passed: -1 } }).success, false);
  });
});
