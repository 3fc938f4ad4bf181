import { strict as assert } from "node:assert";
import { IMPLEMENTATION_STAGES, type CodeChange, type Finding, type ImplementationRecord, type ImplementationTask } from "../../server/protocol";
import { unifiedDiff } from "../../server/implementation";
import { changeKind, codeChangeNodes, implementationsNodes, type ImplementationsNode } from "../../extension/implementationsModel";

const CONNECTED = { kind: "connected", url: "ws://x" } as const;

const finding: Finding = {
  id: "unsafe-deserialization:app/settings.py:yaml.load",
  perspective: "security",
  rule: "unsafe-deserialization",
  severity: "error",
  file: "app/settings.py",
  range: { start: { line: 6, column: 16 }, end: { line: 6, column: 25 } },
  message: "yaml.load without a safe Loader builds arbitrary Python objects",
};

const PATCH: CodeChange = { file: "app/settings.py", code: "import yaml\nyaml.safe_load(f)\n", diff: unifiedDiff("app/settings.py", "import yaml\nyaml.load(f)\n", "import yaml\nyaml.safe_load(f)\n") };
const NEW_FILE: CodeChange = { file: "test/orders.test.ts", code: "it('x', () => {});\n", diff: unifiedDiff("test/orders.test.ts", null, "it('x', () => {});\n") };
const INSERT: CodeChange = { file: "test/orders.test.ts", code: "it('y', () => {});\n", diff: "" };

function record(iteration: number, stage: number, task: ImplementationTask | null, changes: CodeChange[] = [], over: Partial<ImplementationRecord> = {}): ImplementationRecord {
  const s = IMPLEMENTATION_STAGES[stage]!;
  return {
    worker: "implementation",
    iteration,
    timestamp: "2026-11-29T20:00:00.000Z",
    duration_ms: 1,
    status: "ok",
    summary: `Scanned 3 files (1.2 KB). Requested: ${s.name}: stage ${stage} said something.`,
    error: null,
    workspace: { files: 3, bytes: 1200, skipped: [], ms: 1 },
    stage_id: s.id,
    stage_name: s.name,
    task,
    results: { notes: [`note of ${s.id}`] },
    analysis: { code_changes: changes },
    test_run: null,
    ...over,
  };
}

const FINDING_TASK = { kind: "finding", id: finding.id } as const;
const PLAN_TASK = { kind: "plan", id: "src/orders.ts#total" } as const;

function sixStages(from: number, task: ImplementationTask, final: CodeChange[]): ImplementationRecord[] {
  return IMPLEMENTATION_STAGES.map((_, i) => record(from + i, i, task, i === 5 ? final : []));
}

const labels = (nodes: readonly ImplementationsNode[]) => nodes.map((n) => n.label);

describe("extension: the Implementations view's model", () => {
  it("tells a patch, a new file and code to insert apart by their diff", () => {
    assert.equal(changeKind(PATCH), "patch");
    assert.equal(changeKind(NEW_FILE), "new-file");
    assert.equal(changeKind(INSERT), "insert");
  });

  it("shows task → six stages in order → the code they offer, the newest task first", () => {
    const records = [...sixStages(0, FINDING_TASK, [PATCH]), ...sixStages(6, PLAN_TASK, [NEW_FILE])];
    const nodes = implementationsNodes(CONNECTED, records, [finding], []);
    assert.deepEqual(labels(nodes), ["src/orders.ts#total", finding.message]);
    const task = nodes[1]!;
    assert.equal(task.kind, "task");
    assert.equal(task.description, "finding · app/settings.py:6 · 6/6 stages · 1 change");
    const stages = (task as { children: ImplementationsNode[] }).children;
    assert.deepEqual(labels(stages), IMPLEMENTATION_STAGES.map((s) => s.name));
    // The stage's own words, without the scan and request prefix.
    assert.equal(stages[0]!.description, "stage 0 said something.");
    const change = (stages[5] as { children: ImplementationsNode[] }).children[0]!;
    assert.equal(change.kind, "change");
    assert.equal(change.label, "settings.py");
    assert.equal(change.description, "app · patch · 2 lines");
    assert.equal((change as { contextValue: string }).contextValue, "implementation.change.patch");
    assert.deepEqual((change as { segments: string[] }).segments, ["app", "settings.py"]);
    const plan = (nodes[0] as { children: ImplementationsNode[] }).children[5] as { children: ImplementationsNode[] };
    assert.equal((plan.children[0] as { contextValue: string }).contextValue, "implementation.change.newFile");
  });

  it("keeps each stage's latest record for a task, and marks stages that have not run", () => {
    const records = [record(3, 0, FINDING_TASK, [], { summary: "Scanned 3 files (1.2 KB). Deep Understanding: old." }), record(9, 0, FINDING_TASK, [], { summary: "Scanned 3 files (1.2 KB). Deep Understanding: new." }), record(10, 1, FINDING_TASK)];
    const [task] = implementationsNodes(CONNECTED, records, [finding], []);
    const stages = (task as { children: ImplementationsNode[] }).children;
    assert.equal(stages[0]!.description, "new.");
    assert.equal(stages[2]!.description, "not run yet");
    assert.equal((stages[2] as { status: string }).status, "not-run");
    assert.match(task!.description, /2\/6 stages$/);
  });

  it("says when a stage failed, with the error", () => {
    const [task] = implementationsNodes(CONNECTED, [record(1, 0, FINDING_TASK, [], { status: "error", error: "store refused the write" })], [], []);
    const stage = (task as { children: ImplementationsNode[] }).children[0]!;
    assert.equal(stage.description, "failed: store refused the write");
    // The finding is no longer among the latest: the id stands in for its message.
    assert.equal(task!.label, finding.id);
    assert.match(task!.description, /no longer among the latest/);
  });

  it("escapes server text in the hovers", () => {
    const evil = { ...PATCH, file: "a/[x](http://evil).py" };
    const nodes = implementationsNodes(CONNECTED, [record(1, 5, FINDING_TASK, [evil], { results: { notes: ["<img src=x onerror=alert(1)>"] } })], [], []);
    const stage = (nodes[0] as { children: ImplementationsNode[] }).children[5] as { tooltip: string; children: { tooltip: string }[] };
    assert.match(stage.tooltip, /\\<img src\\=x onerror\\=alert\\\(1\\\)\\>/);
    assert.ok(!stage.children[0]!.tooltip.includes("[x](http://evil)"));
  });

  it("says why it is empty: waiting, nothing yet, no task, not connected", () => {
    assert.deepEqual(labels(implementationsNodes(CONNECTED, null, [], [])), ["Waiting for the server's implementations"]);
    assert.deepEqual(labels(implementationsNodes(CONNECTED, [], [], [])), ["No implementations yet"]);
    assert.deepEqual(labels(implementationsNodes(CONNECTED, [record(0, 0, null)], [], [])), ["The implementation worker has no task yet"]);
    const down = implementationsNodes({ kind: "disconnected", reason: "connection refused", retryInMs: 1000 }, sixStages(0, FINDING_TASK, [PATCH]), [], []);
    assert.deepEqual(labels(down).slice(0, 1), ["Disconnected"]);
    assert.equal(down.length, 2, "the last known tasks stay, under the reason");
  });

  it("lists every code change, newest task first, for the palette's Insert Generated Code", () => {
    const records = [...sixStages(0, FINDING_TASK, [PATCH]), ...sixStages(6, PLAN_TASK, [NEW_FILE, INSERT])];
    const changes = codeChangeNodes(implementationsNodes(CONNECTED, records, [], []));
    assert.deepEqual(changes.map((c) => [c.change.file, c.changeKind]), [
      ["test/orders.test.ts", "new-file"],
      ["test/orders.test.ts", "insert"],
      ["app/settings.py", "patch"],
    ]);
    assert.equal(new Set(changes.map((c) => c.key)).size, 3, "keys are unique");
  });
});
