import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { HubOutbox, nextShard } from "../../server/hub";
import { parseRetryAfter } from "../../server/hub/hubSession";
import { DATASET_COLUMNS, DATASET_ROW_SCHEMAS, fromRow, shardRange, toRow, type ImplementationRecord, type TestPlanningRecord } from "../../server/protocol";
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
  test_run: null,
};
/** Stage 6 of a plan task whose generated tests ran: 5 passed, 1 failed. */
const tested: ImplementationRecord = {
  ...implementation,
  iteration: 8,
  stage_id: "implementation-plan",
  stage_name: "Implementation Plan",
  task: { kind: "plan", id: "plan:lib/price.js#discount" },
  test_run: {
    runner: "node:test",
    file: "lib/price.test.js",
    ran: true,
    command: "node --test --test-reporter=tap lib/price.autocoder-check-1-1.test.js",
    assertions: 6,
    passed: 5,
    failed: 1,
    skipped: 2,
    duration_ms: 412,
    not_run_reason: null,
  },
};
const notRun: ImplementationRecord = {
  ...tested,
  iteration: 9,
  test_run: { ...tested.test_run!, ran: false, command: null, passed: 0, failed: 0, duration_ms: null, not_run_reason: "running workspace code needs --allow-execute" },
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

  it("implementation rows carry the generated tests' run in the same columns and types, whether they ran, did not, or there were none", () => {
    const names = DATASET_COLUMNS.implementation.map((c) => c.name);
    const rows = [implementation, tested, notRun].map((record) => JSON.parse(JSON.stringify(toRow(record))) as Record<string, unknown>);
    for (const row of rows) {
      assert.deepEqual(Object.keys(row), names, "every row has every column, in the card's order");
      assert.ok(DATASET_ROW_SCHEMAS.implementation.safeParse(row).success);
    }
    assert.deepEqual(rows.map((r) => [r.tests_passed, r.tests_failed]), [[null, null], [5, 1], [null, null]], "counts only where the tests ran: a 0 would read as none passed");
    assert.equal(rows[0]!.test_run_json, null);
    assert.equal(JSON.parse(String(rows[2]!.test_run_json)).not_run_reason, "running workspace code needs --allow-execute");
    assert.deepEqual(fromRow("implementation", rows[1]!), tested);
    assert.deepEqual(fromRow("implementation", rows[2]!), notRun);
    // A string where a count belongs is not a row of ours.
    assert.equal(DATASET_ROW_SCHEMAS.implementation.safeParse({ ...rows[1], tests_passed: "5" }).success, false);
    assert.throws(() => fromRow("implementation", { ...rows[1], test_run_json: JSON.stringify({ ...tested.test_run, passed: -1 }) }), /not a valid implementation row/);
  });

  it("a row published before the test-run columns existed reads back with no test run", () => {
    const { tests_passed, tests_failed, test_run_json, ...old } = toRow(implementation);
    assert.deepEqual([tests_passed, tests_failed, test_run_json], [null, null, null]);
    assert.deepEqual(fromRow("implementation", old), implementation);
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

    it("counts a row as waiting from the moment it is handed over, before its append is durable", async () => {
      const outbox = await HubOutbox.open(dir, "analysis");
      const adding = [outbox.add(toRow(analysisRecord(0))), outbox.add(toRow(analysisRecord(1)))];
      assert.equal(outbox.waiting(), 2, "status must not say drained while rows are on their way in");
      assert.equal(outbox.pending().length, 0, "nothing is sendable until it is on disk");
      await Promise.all(adding);
      assert.equal(outbox.waiting(), 2);
      await outbox.add(toRow(analysisRecord(1)));
      assert.equal(outbox.waiting(), 2, "a double is not counted once it is turned away");
      await outbox.markPublished(1);
      assert.equal(outbox.waiting(), 0);
      await outbox.close();
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
