import { strict as assert } from "node:assert";
import { RECENT_RECORDS, initialState, reduce } from "../../webview/dashboardState";
import { summarizeRecord } from "../../server/protocol";
import { analysisRecord } from "../support/records";

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
    const s = reduce(initialState, { type: "findings", iteration: null, findings: [] });
    assert.equal(s, initialState);
  });
});
