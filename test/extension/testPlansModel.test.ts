import { strict as assert } from "node:assert";
import { emptyInsights, type TestCase, type TestPlan } from "../../server/protocol";
import { caseTooltip, testPlansNodes } from "../../extension/testPlansModel";

const CONNECTED = { kind: "connected", url: "ws://x" } as const;

function testCase(over: Partial<TestCase> = {}): TestCase {
  return {
    id: "c1",
    title: "total of an empty list is 0",
    level: "unit",
    kind: "edge-case",
    inputs: { args: ["[]"] },
    expected: { outcome: "returns", detail: "reduce starts from 0", value: "0" },
    rationale: "reduce with an initial value handles the empty list",
    perspective: "edge-cases",
    ...over,
  };
}

function plan(over: Partial<TestPlan> = {}): TestPlan {
  return {
    id: "src/orders.ts#total",
    unit: {
      file: "src/orders.ts",
      name: "total",
      kind: "function",
      signature: "total(prices: number[]): number",
      range: { start: { line: 4, column: 1 }, end: { line: 4, column: 60 } },
      language: "typescript",
      export: { name: "total", className: null, isStatic: false, commonjs: false },
      params: ["prices"],
      async: false,
    },
    framework: "mocha",
    target: { path: "test/orders.test.ts", importPath: "../src/orders" },
    risk: 1,
    cases: [testCase(), testCase({ id: "c2", title: "rejects NaN prices", level: "integration", kind: "failure-mode", line: 7 })],
    mocks: [],
    notes: [],
    ...over,
  };
}

const push = (plans: TestPlan[], iteration: number | null = 3) => ({ iteration, plans, cumulative_insights: emptyInsights() });

describe("extension: the Test Plans view's model", () => {
  it("lists units by file and line, each with its cases (level and kind)", () => {
    const later = plan({ id: "b", unit: { ...plan().unit, name: "tax", range: { start: { line: 9, column: 1 }, end: { line: 9, column: 2 } } } });
    const other = plan({ id: "a", unit: { ...plan().unit, file: "lib/money.ts", name: "round" } });
    const nodes = testPlansNodes(CONNECTED, push([later, plan(), other]));
    assert.deepEqual(nodes.map((n) => [n.label, n.description]), [
      ["round", "lib/money.ts:4 · 2 cases"],
      ["total", "src/orders.ts:4 · 2 cases"],
      ["tax", "src/orders.ts:9 · 2 cases"],
    ]);
    const total = nodes[1]!;
    assert.ok(total.kind === "unit");
    assert.deepEqual(total.segments, ["src", "orders.ts"]);
    assert.deepEqual(
      total.children.map((c) => c.kind === "case" && [c.label, c.description, c.line]),
      [
        ["total of an empty list is 0", "unit · edge-case", 4],
        ["rejects NaN prices", "integration · failure-mode", 7],
      ],
    );
  });

  it("shows rationale, expectation and the call in a case's hover, escaped", () => {
    const c = testCase({ rationale: "see [docs](command:x) <script>", expected: { outcome: "throws", detail: "*bad* input", error: "TypeError" } });
    const tooltip = caseTooltip(plan(), c);
    assert.ok(tooltip.includes("Rationale: see \\[docs\\]\\(command\\:x\\) \\<script\\>"), tooltip);
    assert.ok(tooltip.includes("Expected: throws \\(error TypeError\\)\\: \\*bad\\* input"), tooltip);
    assert.ok(tooltip.includes("```\ntotal([])\n```"), tooltip);
    assert.ok(tooltip.includes("unit · edge\\-case · Edge Cases"), tooltip);
  });

  it("says why it is empty: waiting, the worker has not run, or nothing to plan", () => {
    assert.equal(testPlansNodes(CONNECTED, null)[0]!.label, "Waiting for the server's test plans");
    assert.equal(testPlansNodes(CONNECTED, push([], null))[0]!.label, "No test plans yet — the test-planning worker has not run");
    assert.equal(testPlansNodes(CONNECTED, push([], 2))[0]!.label, "No test plans");
  });

  it("puts the connection's trouble first and keeps the plans as last received", () => {
    const nodes = testPlansNodes({ kind: "disconnected", reason: "connection refused", retryInMs: 500 }, push([plan()]));
    assert.deepEqual(nodes.map((n) => n.kind), ["note", "unit"]);
    assert.equal(nodes[0]!.description, "connection refused");
  });

  it("makes a unit whose path would leave the folder unopenable", () => {
    const [node] = testPlansNodes(CONNECTED, push([plan({ unit: { ...plan().unit, file: "../../etc/x.ts" } })]));
    assert.ok(node!.kind === "unit" && node.segments === null);
  });
});
