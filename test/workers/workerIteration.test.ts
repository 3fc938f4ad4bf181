import { strict as assert } from "node:assert";
import { nextTask } from "../../server/implementation";
import type { Finding, TestPlan } from "../../server/protocol";
import { describeScan, formatBytes } from "../../server/workers";

const finding = (id: string, severity: Finding["severity"]): Finding => ({
  id,
  perspective: "security",
  rule: "r",
  severity,
  file: "a.ts",
  range: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } },
  message: "m",
});
const plan = (id: string, risk: number): TestPlan => ({
  id,
  unit: {
    file: "a.ts",
    name: id,
    kind: "function",
    signature: "()",
    range: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } },
    language: "typescript",
    export: { name: id, className: null, isStatic: false, commonjs: false },
    params: [],
    async: false,
  },
  framework: "mocha",
  target: { path: "a.test.ts", importPath: "./a" },
  risk,
  cases: [],
  mocks: [],
  notes: [],
});

describe("implementation task queue", () => {
  it("takes findings by severity first, ties by id", () => {
    assert.deepEqual(nextTask([finding("b", "warning"), finding("z", "error"), finding("a", "error")], [plan("p", 9)]), {
      kind: "finding",
      id: "a",
    });
  });
  it("then test plans by risk", () => {
    assert.deepEqual(nextTask([], [plan("low", 1), plan("high", 7)]), { kind: "plan", id: "high" });
  });
  it("has no task without findings or plans", () => {
    assert.equal(nextTask([], []), null);
  });
});

describe("describeScan", () => {
  it("counts files and groups skip reasons", () => {
    assert.equal(describeScan({ files: 1, bytes: 10, skipped: [], ms: 1 }), "Scanned 1 file (10 B).");
    const text = describeScan({
      files: 3,
      bytes: 2048,
      ms: 1,
      skipped: [
        { file: "a.png", reason: "binary file" },
        { file: "b.png", reason: "binary file" },
        { file: "big.ts", reason: "larger than the 1 MB limit (3 MB); raise --max-file-bytes to include it" },
      ],
    });
    assert.equal(text, "Scanned 3 files (2.0 KB); skipped 3 (2 binary file, 1 larger than the 1 MB limit).");
  });
  it("formats sizes", () => {
    assert.deepEqual([formatBytes(5), formatBytes(1536), formatBytes(3 * 1024 * 1024)], ["5 B", "1.5 KB", "3.0 MB"]);
  });
});
