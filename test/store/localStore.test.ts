import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { LocalStore } from "../../server/store";
import { analysisRecord } from "../support/records";
import { removeDir, tempDir } from "../support/tempDir";

describe("LocalStore", () => {
  let dir: string;
  beforeEach(async () => (dir = await tempDir()));
  afterEach(() => removeDir(dir));

  it("starts empty, appends one line per iteration and continues numbering after reopening", async () => {
    let store = await LocalStore.open(dir);
    assert.equal(store.nextIteration("analysis"), 0);
    await store.append(analysisRecord(0));
    await store.append(analysisRecord(1));
    await store.close();
    const lines = (await fs.readFile(path.join(dir, "analysis.jsonl"), "utf8")).split("\n");
    assert.equal(lines.length, 3);
    assert.equal(lines[2], "");
    assert.equal(JSON.parse(lines[1]!).iteration, 1);

    store = await LocalStore.open(dir);
    assert.equal(store.nextIteration("analysis"), 2);
    assert.equal(store.nextIteration("test-planning"), 0);
    assert.equal(store.latest("analysis")?.iteration, 1);
    await store.close();
  });

  it("sets a torn last line aside in a .corrupt file, keeps the rest and appends cleanly after", async () => {
    const file = path.join(dir, "analysis.jsonl");
    const good = [analysisRecord(0), analysisRecord(1)].map((r) => JSON.stringify(r)).join("\n") + "\n";
    const torn = JSON.stringify(analysisRecord(2)).slice(0, 40);
    await fs.writeFile(file, good + torn);

    const store = await LocalStore.open(dir);
    assert.equal(store.nextIteration("analysis"), 2);
    assert.equal(store.recovered.length, 1);
    assert.equal(store.recovered[0]!.worker, "analysis");
    assert.equal(store.recovered[0]!.lines, 1);
    const corrupt = (await fs.readFile(`${file}.corrupt`, "utf8")).trim().split("\n").map((l) => JSON.parse(l));
    assert.equal(corrupt.length, 1);
    assert.equal(corrupt[0].line, torn);
    assert.equal(corrupt[0].line_number, 3);

    await store.append(analysisRecord(2));
    await store.close();
    const lines = (await fs.readFile(file, "utf8")).trim().split("\n");
    assert.deepEqual(lines.map((l) => JSON.parse(l).iteration), [0, 1, 2]);
  });

  it("reads an implementation record stored before test_run existed as one with no test run", async () => {
    const file = path.join(dir, "implementation.jsonl");
    const older = {
      worker: "implementation",
      iteration: 0,
      timestamp: "2026-11-01T00:00:00.000Z",
      duration_ms: 3,
      status: "ok",
      summary: "Deep Understanding: …",
      error: null,
      workspace: { files: 1, bytes: 10, skipped: [], ms: 1 },
      stage_id: "deep-understanding",
      stage_name: "Deep Understanding",
      task: { kind: "finding", id: "f1" },
      results: { notes: [] },
      analysis: { code_changes: [] },
    };
    await fs.writeFile(file, JSON.stringify(older) + "\n");
    const store = await LocalStore.open(dir);
    assert.deepEqual(store.recovered, []);
    assert.deepEqual(store.latest("implementation"), { ...older, test_run: null });
    await store.close();
  });

  it("sets aside lines that are not valid records, wherever they are", async () => {
    const file = path.join(dir, "analysis.jsonl");
    const bad = JSON.stringify({ ...analysisRecord(1), status: "great" });
    await fs.writeFile(file, [JSON.stringify(analysisRecord(0)), bad, JSON.stringify(analysisRecord(2))].join("\n") + "\n");
    const store = await LocalStore.open(dir);
    assert.deepEqual(store.recent("analysis").map((r) => r.iteration), [0, 2]);
    assert.equal(store.nextIteration("analysis"), 3);
    await store.close();
    const corrupt = JSON.parse((await fs.readFile(`${file}.corrupt`, "utf8")).trim());
    assert.match(corrupt.reason, /status/);
    const kept = (await fs.readFile(file, "utf8")).trim().split("\n");
    assert.equal(kept.length, 2);
  });

  it("refuses invalid records and already-used iteration numbers", async () => {
    const store = await LocalStore.open(dir);
    await assert.rejects(store.append({ ...analysisRecord(0), summary: 5 } as never), /invalid analysis record: summary/);
    await store.append(analysisRecord(0));
    await assert.rejects(store.append(analysisRecord(0)), /already stored/);
    await store.close();
    const lines = (await fs.readFile(path.join(dir, "analysis.jsonl"), "utf8")).trim().split("\n");
    assert.equal(lines.length, 1);
  });

  it("keeps the latest 200 records as written and gives each back whole, by number or in order, before and after reopening", async () => {
    let store = await LocalStore.open(dir);
    for (let i = 0; i < 205; i++) await store.append(analysisRecord(i, { summary: `pass ${i}` }));
    const check = (s: LocalStore) => {
      assert.deepEqual(s.record("analysis", 204), analysisRecord(204, { summary: "pass 204" }));
      assert.equal(s.record("analysis", 4), undefined, "older than the window: in the file only");
      assert.deepEqual(s.recent("analysis").map((r) => r.iteration), Array.from({ length: 200 }, (_, i) => i + 5));
      assert.deepEqual(s.recent("analysis", 3).map((r) => r.summary), ["pass 202", "pass 203", "pass 204"]);
      assert.deepEqual(s.recent("analysis", 200, 203).map((r) => r.iteration), [203, 204], "from an iteration on");
    };
    check(store);
    store.recent("analysis", 1)[0]!.summary = "changed by a caller";
    assert.equal(store.record("analysis", 204)!.summary, "pass 204", "every caller gets its own copy");
    await store.close();
    store = await LocalStore.open(dir);
    check(store);
    assert.equal(store.latest("analysis")?.iteration, 204);
    await store.close();
  });

  it("remembers the latest record of every step", async () => {
    const store = await LocalStore.open(dir);
    await store.append(analysisRecord(0, { perspective_id: "code-quality" }));
    await store.append(analysisRecord(1, { perspective_id: "architecture", perspective_name: "Architecture" }));
    await store.append(analysisRecord(6, { perspective_id: "code-quality", summary: "newer" }));
    assert.equal(store.latestForStep("analysis", "code-quality")?.summary, "newer");
    assert.equal(store.latestForStep("analysis", "architecture")?.iteration, 1);
    assert.equal(store.latestForStep("analysis", "security"), undefined);
    await store.close();
  });
});
