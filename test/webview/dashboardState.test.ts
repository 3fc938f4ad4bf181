import { strict as assert } from "node:assert";
import { KEPT_PER_WORKER, RECENT_RECORDS, initialState, reduce } from "../../webview/dashboardState";
import { summarizeRecord, type TestPlan } from "../../server/protocol";
import { analysisRecord } from "../support/records";
import { finding, implementationSummary } from "../support/summaries";

const summary = (...args: Parameters<typeof analysisRecord>) => summarizeRecord(analysisRecord(...args));

describe("dashboard state", () => {
  it("keeps hello, status and the last error", () => {
    let s = reduce(initialState, { type: "hello", protocol: 1, version: "1.2.3", workspace: "/w" });
    assert.deepEqual(s.hello, { version: "1.2.3", workspace: "/w" });
    s = reduce(s, { type: "error", code: "bad_message", message: "worker: invalid" });
    assert.equal(s.lastError, "bad_message: worker: invalid");
  });

  it("keeps summaries from history and pushes newest first, de-duplicated by worker and iteration, bounded", () => {
    let s = initialState;
    s = reduce(s, { type: "history", summaries: [0, 1, 2].map((i) => summary(i)) });
    for (let i = 3; i < RECENT_RECORDS + 5; i++) s = reduce(s, { type: "iteration", summary: summary(i) });
    s = reduce(s, { type: "history", summaries: [summary(RECENT_RECORDS + 4, { summary: "replayed" })] });
    assert.equal(s.records.length, RECENT_RECORDS);
    assert.equal(s.records[0]!.iteration, RECENT_RECORDS + 4);
    assert.equal(s.records[0]!.summary, "replayed");
    assert.equal(s.records.filter((r) => r.iteration === RECENT_RECORDS + 4).length, 1);
    assert.equal(s.records.at(-1)!.iteration, 5);
  });

  it("returns the same state for messages it does not show, so nothing re-renders", () => {
    assert.equal(reduce(initialState, { type: "record", record: analysisRecord(1) }), initialState);
    assert.equal(reduce(initialState, { type: "implementation", records: [] }), initialState);
    assert.equal(reduce(initialState, { type: "history", summaries: [] }), initialState);
  });

  it("keeps the findings whole and the plans as counts", () => {
    let s = reduce(initialState, { type: "findings", iteration: 4, findings: [finding("a", "error"), finding("b", "info")] });
    assert.equal(s.findings?.findings.length, 2);
    assert.equal(s.findings?.iteration, 4);
    const plan = { cases: [{}, {}, {}] } as unknown as TestPlan;
    s = reduce(s, {
      type: "testPlans",
      iteration: 7,
      plans: [plan, plan],
      cumulative_insights: {
        failure_modes_identified: { count: 5, items: [] },
        integration_points_found: { count: 2, items: [] },
        edge_cases_discovered: { count: 9, items: [] },
      },
    });
    assert.deepEqual(s.planning, { iteration: 7, plans: 2, cases: 6, failureModes: 5, integrationPoints: 2, edgeCases: 9 });
  });

  it("applies pushed changes to the findings and the plans it holds", () => {
    let s = reduce(initialState, { type: "findings", iteration: 4, findings: [finding("a", "error"), finding("b", "info")] });
    s = reduce(s, { type: "findings.changed", iteration: 5, upserted: [finding("c", "warning"), finding("b", "error")], removed: ["a"] });
    assert.deepEqual(s.findings?.findings.map((f) => [f.id, f.severity]), [["b", "error"], ["c", "warning"]]);
    assert.equal(s.findings?.iteration, 5);
    const plan = (id: string, cases: number) => ({ id, risk: 1, cases: Array.from({ length: cases }, () => ({})) }) as unknown as TestPlan;
    const insights = (n: number) => ({
      failure_modes_identified: { count: n, items: [] },
      integration_points_found: { count: 0, items: [] },
      edge_cases_discovered: { count: 0, items: [] },
    });
    s = reduce(s, { type: "testPlans", iteration: 7, plans: [plan("p", 2), plan("q", 1)], cumulative_insights: insights(1) });
    s = reduce(s, { type: "testPlans.changed", iteration: 8, upserted: [plan("q", 4)], removed: ["p"], cumulative_insights: insights(3) });
    assert.deepEqual(s.planning, { iteration: 8, plans: 1, cases: 4, failureModes: 3, integrationPoints: 0, edgeCases: 0 });
  });

  it("keeps each worker's passes oldest first for the trend, bounded per worker, whatever order they arrive in", () => {
    let s = initialState;
    s = reduce(s, { type: "iteration", summary: summary(5) });
    s = reduce(s, { type: "history", summaries: [0, 1, 2].map((i) => summary(i)) });
    s = reduce(s, { type: "iteration", summary: implementationSummary(3, 2) });
    assert.deepEqual(s.analysis.map((a) => a.iteration), [0, 1, 2, 5]);
    assert.deepEqual(s.implementation.map((a) => a.iteration), [3]);
    for (let i = 6; i < KEPT_PER_WORKER + 20; i++) s = reduce(s, { type: "iteration", summary: summary(i) });
    assert.equal(s.analysis.length, KEPT_PER_WORKER);
    assert.equal(s.analysis.at(-1)!.iteration, KEPT_PER_WORKER + 19);
    assert.equal(s.implementation.length, 1, "another worker's passes do not push these out");
  });
});
