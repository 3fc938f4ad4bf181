import { strict as assert } from "node:assert";
import { RECENT_RECORDS, initialState, reduce } from "../../webview/dashboardState";
import { analysisRecord } from "../support/records";

describe("dashboard state", () => {
  it("keeps hello, status and the last error", () => {
    let s = reduce(initialState, { type: "hello", protocol: 1, version: "1.2.3", workspace: "/w" });
    assert.deepEqual(s.hello, { version: "1.2.3", workspace: "/w" });
    s = reduce(s, { type: "error", code: "bad_message", message: "worker: invalid" });
    assert.equal(s.lastError, "bad_message: worker: invalid");
  });

  it("keeps records newest first, de-duplicated by worker and iteration, bounded", () => {
    let s = initialState;
    for (let i = 0; i < RECENT_RECORDS + 5; i++) s = reduce(s, { type: "iteration", record: analysisRecord(i) });
    s = reduce(s, { type: "iteration", record: analysisRecord(RECENT_RECORDS + 4, { summary: "replayed" }) });
    assert.equal(s.records.length, RECENT_RECORDS);
    assert.equal(s.records[0]!.iteration, RECENT_RECORDS + 4);
    assert.equal(s.records[0]!.summary, "replayed");
    assert.equal(s.records.filter((r) => r.iteration === RECENT_RECORDS + 4).length, 1);
    assert.equal(s.records.at(-1)!.iteration, 5);
  });

  it("returns the same state for messages it does not show, so nothing re-renders", () => {
    const s = reduce(initialState, { type: "findings", iteration: null, findings: [] });
    assert.equal(s, initialState);
  });
});
