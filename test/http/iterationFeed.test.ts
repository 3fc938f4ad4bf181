import { strict as assert } from "node:assert";
import type { Finding, IterationRecord } from "../../server/protocol";
import { HISTORY_PER_WORKER, IterationFeed } from "../../server/http/iterationFeed";
import { analysisRecord } from "../support/records";

function finding(id: string, severity: Finding["severity"] = "warning"): Finding {
  const at = { line: 1, column: 1 };
  return { id, perspective: "code-quality", rule: "todo-note", severity, file: "a.ts", range: { start: at, end: at }, message: id };
}

function pass(iteration: number, ids: string[], overrides: Partial<IterationRecord> = {}): IterationRecord {
  return analysisRecord(iteration, { status: "ok", results: { findings: ids.map((id) => finding(id)), skipped: [] }, ...overrides } as never);
}

describe("iteration feed (summaries pushed instead of records)", () => {
  it("counts new and resolved findings against the same perspective's previous pass", () => {
    const feed = new IterationFeed(() => []);
    const first = feed.add(pass(0, ["a", "b"]));
    assert.ok(first.worker === "analysis");
    assert.deepEqual(first.findings, { total: 2, error: 0, warning: 2, info: 0, new: null, resolved: null }, "nothing to compare the first pass with");
    const other = feed.add(pass(1, ["x"], { perspective_id: "security", perspective_name: "Security" }));
    assert.ok(other.worker === "analysis" && other.findings.new === null, "another perspective has its own history");
    const second = feed.add(pass(6, ["b", "c", "d"]));
    assert.ok(second.worker === "analysis");
    assert.equal(second.findings.new, 2);
    assert.equal(second.findings.resolved, 1);
  });

  it("does not count an errored pass as resolving everything, nor compare the next pass with it", () => {
    const feed = new IterationFeed(() => []);
    feed.add(pass(0, ["a", "b"]));
    const failed = feed.add(pass(6, [], { status: "error", error: "boom" }));
    assert.ok(failed.worker === "analysis" && failed.findings.resolved === null && failed.findings.new === null);
    const next = feed.add(pass(12, ["a"]));
    assert.ok(next.worker === "analysis" && next.findings.resolved === 1 && next.findings.new === 0, "compared with the last good pass");
  });

  it("starts from the stored records, keeps a bounded history, and names at most 20 skipped files", () => {
    const stored = Array.from({ length: HISTORY_PER_WORKER + 10 }, (_, i) => pass(i, [`f${i}`]));
    const feed = new IterationFeed((worker) => (worker === "analysis" ? stored : []));
    const history = feed.history();
    assert.equal(history.length, HISTORY_PER_WORKER);
    assert.equal(history[0]!.iteration, 10);
    const last = history.at(-1)!;
    assert.ok(last.worker === "analysis" && last.findings.new === 1 && last.findings.resolved === 1, "seeded passes were compared too");

    const skipped = Array.from({ length: 50 }, (_, i) => ({ file: `bin${i}.png`, reason: "binary" }));
    const big = feed.add(pass(500, [], { workspace: { files: 3, bytes: 9, ms: 1, skipped } } as never));
    assert.equal(big.workspace.skipped_count, 50);
    assert.equal(big.workspace.skipped.length, 20);
    assert.ok(JSON.stringify(big).length < 2_000, "a summary is small whatever the record holds");
  });
});
