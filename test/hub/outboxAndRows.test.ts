import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { HubOutbox, nextShard } from "../../server/hub";
import { parseRetryAfter } from "../../server/hub/hubSession";
import { DATASET_ROW_SCHEMAS, fromRow, shardRange, toRow, type ImplementationRecord, type TestPlanningRecord } from "../../server/protocol";
import { analysisRecord } from "../support/records";
import { removeDir, tempDir } from "../support/tempDir";

const planning: TestPlanningRecord = {
  worker: "test-planning",
  iteration: 7,
  timestamp: "2026-01-01T00:00:07.000Z",
  duration_ms: 12.5,
  status: "ok",
  summary: "planned",
  error: null,
  workspace: { files: 2, bytes: 30, skipped: [{ file: "big.bin", reason: "binary" }], ms: 1.25 },
  perspective_id: "failure-modes",
  perspective_name: "Failure Modes",
  results: { plans: [] },
  cumulative_insights: {
    failure_modes_identified: { count: 1, items: ["a#b: throws"] },
    integration_points_found: { count: 0, items: [] },
    edge_cases_discovered: { count: 0, items: [] },
  },
};
const implementation: ImplementationRecord = {
  worker: "implementation",
  iteration: 3,
  timestamp: "2026-01-01T00:00:03.000Z",
  duration_ms: 1,
  status: "ok",
  summary: "stage",
  error: null,
  workspace: { files: 2, bytes: 30, skipped: [], ms: 1 },
  stage_id: "deep-understanding",
  stage_name: "Deep Understanding",
  task: null,
  results: { notes: ["n"] },
  analysis: { code_changes: [{ file: "a.ts", code: "x", diff: "" }] },
};

describe("dataset rows and the Hub outbox", () => {
  it("a record survives the trip to a row and back, and rows match their worker's schema", () => {
    for (const record of [analysisRecord(4), planning, implementation]) {
      const row = toRow(record);
      assert.ok(DATASET_ROW_SCHEMAS[record.worker].safeParse(row).success, `${record.worker} row fits its schema`);
      assert.deepEqual(fromRow(record.worker, JSON.parse(JSON.stringify(row)) as Record<string, unknown>), record);
    }
    assert.throws(() => fromRow("analysis", { iteration: 1 }), /lacks the column/);
  });

  it("shard names sort as iterations do and say which iterations a shard holds", () => {
    const shard = nextShard([toRow(analysisRecord(9)), toRow(analysisRecord(10))])!;
    assert.equal(shard.path, "data/iterations-0000000009-0000000010.jsonl");
    assert.deepEqual(shardRange(shard.path), { path: shard.path, first: 9, last: 10 });
    assert.equal(shardRange("data/other.jsonl"), null);
    assert.ok("data/iterations-0000000009-0000000010.jsonl" < "data/iterations-0000000011-0000000100.jsonl");
  });

  it("reads Retry-After as seconds or as a date", () => {
    assert.equal(parseRetryAfter("3", 0), 3000);
    assert.equal(parseRetryAfter(new Date(10_000).toUTCString(), 4_000), 6000);
    assert.equal(parseRetryAfter("soon", 0), null);
  });

  describe("on disk", () => {
    let dir: string;
    beforeEach(async () => (dir = await tempDir()));
    afterEach(() => removeDir(dir));

    it("keeps rows across reopening, ignores doubles and drops what is published", async () => {
      const outbox = await HubOutbox.open(dir, "analysis");
      for (const i of [0, 1, 2, 2, 3]) await outbox.add(toRow(analysisRecord(i)));
      await outbox.close();
      const again = await HubOutbox.open(dir, "analysis");
      assert.deepEqual(again.pending().map((r) => r.iteration), [0, 1, 2, 3]);
      await again.markPublished(1);
      await again.add(toRow(analysisRecord(1)));
      assert.deepEqual(again.pending().map((r) => r.iteration), [2, 3], "a published iteration is not queued again");
      await again.close();
      const lines = (await fs.readFile(path.join(dir, "analysis.jsonl"), "utf8")).trim().split("\n");
      assert.equal(lines.length, 2, "the log was compacted");
    });

    it("a crash after the watermark but before compaction, and a torn last line, lose and double nothing", async () => {
      const outbox = await HubOutbox.open(dir, "analysis");
      for (const i of [0, 1, 2]) await outbox.add(toRow(analysisRecord(i)));
      await outbox.close();
      // As if the process died right after writing the watermark, mid-way through a new line.
      await fs.writeFile(path.join(dir, "analysis.published.json"), '{"published_through":0}\n');
      await fs.appendFile(path.join(dir, "analysis.jsonl"), '{"worker":"analysis","iter');
      const reopened = await HubOutbox.open(dir, "analysis");
      assert.deepEqual(reopened.pending().map((r) => r.iteration), [1, 2]);
      assert.equal(reopened.setAside?.lines, 1, "the torn line is set aside, not loaded");
      assert.equal(reopened.publishedThrough(), 0);
      await reopened.close();
    });
  });
});
