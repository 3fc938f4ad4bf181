import { strict as assert } from "node:assert";
import type { Finding } from "../../server/protocol";
import { diagnosticFindings, findingsNodes, findingTooltip, type FindingsNode } from "../../extension/findingsModel";

const CONNECTED = { kind: "connected", url: "ws://x" } as const;

function finding(over: Partial<Finding> = {}): Finding {
  return {
    id: "f1",
    perspective: "code-quality",
    rule: "complexity",
    severity: "warning",
    file: "src/orders.ts",
    range: { start: { line: 3, column: 1 }, end: { line: 20, column: 2 } },
    message: "price has complexity 12 (limit 10)",
    ...over,
  };
}

const labels = (nodes: FindingsNode[]): unknown[] =>
  nodes.map((n) => (n.kind === "perspective" || n.kind === "file" ? [n.label, labels(n.children)] : n.label));

describe("extension: the Findings view's model", () => {
  it("groups perspective → file → finding, perspectives in the worker's order, findings by line", () => {
    const nodes = findingsNodes(
      CONNECTED,
      {
        iteration: 5,
        findings: [
          finding({ id: "s", perspective: "security", rule: "sql-injection", severity: "error", message: "query built from input" }),
          finding({ id: "b", range: { start: { line: 9, column: 1 }, end: { line: 9, column: 4 } }, message: "TODO: split this", severity: "info" }),
          finding({ id: "a" }),
          finding({ id: "c", file: "lib/tax.ts" }),
        ],
      },
      "info",
    );
    assert.deepEqual(labels(nodes), [
      ["Code Quality", [["tax.ts", ["price has complexity 12 (limit 10)"]], ["orders.ts", ["price has complexity 12 (limit 10)", "TODO: split this"]]]],
      ["Security", [["orders.ts", ["query built from input"]]]],
    ]);
    const [quality] = nodes;
    assert.ok(quality!.kind === "perspective");
    assert.equal(quality.description, "3 findings");
    const orders = quality.children[1]!;
    assert.ok(orders.kind === "file");
    assert.equal(orders.description, "src · 2 findings");
    const first = orders.children[0]!;
    assert.ok(first.kind === "finding");
    assert.equal(first.description, "line 3 · complexity");
    assert.equal(first.severity, "warning");
    assert.deepEqual(first.segments, ["src", "orders.ts"]);
    assert.deepEqual(first.range.start, { line: 3, column: 1 });
  });

  it("keeps each row's key across pushes, so VS Code keeps what was expanded", () => {
    const push = () => ({ iteration: 1, findings: [finding()] });
    const keys = (nodes: FindingsNode[]): string[] => nodes.flatMap((n) => [n.key, ...("children" in n ? keys(n.children) : [])]);
    assert.deepEqual(keys(findingsNodes(CONNECTED, push(), "info")), keys(findingsNodes(CONNECTED, { ...push(), iteration: 2 }, "info")));
  });

  it("honours the severity filter and says how many it hides", () => {
    const push = { iteration: 1, findings: [finding({ id: "e", severity: "error" }), finding({ id: "w" }), finding({ id: "i", severity: "info" })] };
    const warning = findingsNodes(CONNECTED, push, "warning");
    assert.equal(warning[0]!.label, "1 finding below warning hidden");
    const onlyErrors = findingsNodes(CONNECTED, push, "error");
    assert.equal(onlyErrors[0]!.label, "2 findings below error hidden");
    assert.equal(onlyErrors[1]!.kind === "perspective" && onlyErrors[1]!.description, "1 finding");
    assert.equal(findingsNodes(CONNECTED, push, "info")[0]!.kind, "perspective");
  });

  it("says why it is empty: waiting, the worker has not run, or nothing found", () => {
    assert.equal(findingsNodes(CONNECTED, null, "info")[0]!.label, "Waiting for the server's findings");
    assert.equal(findingsNodes(CONNECTED, { iteration: null, findings: [] }, "info")[0]!.label, "No findings yet — the analysis worker has not run");
    const none = findingsNodes(CONNECTED, { iteration: 4, findings: [] }, "info");
    assert.deepEqual([none[0]!.label, none[0]!.description], ["No findings", "the latest analysis passes (up to iteration 4) found nothing"]);
  });

  it("puts the connection's trouble first and keeps the findings as last received", () => {
    const state = { kind: "disconnected", reason: "token rejected", retryInMs: 1000 } as const;
    const nodes = findingsNodes(state, { iteration: 1, findings: [finding()] }, "info");
    assert.deepEqual([nodes[0]!.label, nodes[0]!.description], ["Disconnected", "token rejected"]);
    assert.equal(nodes[1]!.kind, "perspective");
    assert.deepEqual(labels(findingsNodes({ kind: "idle", reason: "no folder is open" }, null, "info")), ["Not running"]);
  });

  it("escapes message, evidence and suggestion in the hover, and no backtick run closes the evidence block", () => {
    const tooltip = findingTooltip(
      finding({
        message: "[click](command:workbench.action.terminal.new) <img src=x onerror=alert(1)> *bold*",
        evidence: "const a = 1;\n```\n[x](https://evil)",
        suggestion: "split `price` <b>now</b>",
      }),
    );
    assert.ok(tooltip.includes("\\[click\\]\\(command\\:workbench\\.action\\.terminal\\.new\\) \\<img src\\=x onerror\\=alert\\(1\\)\\> \\*bold\\*"));
    assert.ok(tooltip.includes("Evidence:\n\n````\nconst a = 1;\n```\n[x](https://evil)\n````"));
    assert.ok(tooltip.endsWith("Suggestion: split \\`price\\` \\<b\\>now\\<\\/b\\>"));
    assert.ok(!/\]\(/.test(tooltip.replace(/````[\s\S]*````/, "")), "no link survives outside the code block");
  });

  it("leaves out of the diagnostics (and makes unopenable) findings whose path would leave the folder", () => {
    const push = {
      iteration: 1,
      findings: [finding(), finding({ id: "2", file: "../outside.ts" }), finding({ id: "3", file: "/etc/passwd" }), finding({ id: "4", severity: "info", file: "src/orders.ts" })],
    };
    const byFile = diagnosticFindings(push, "warning");
    assert.deepEqual([...byFile.keys()], ["src/orders.ts"]);
    assert.deepEqual(byFile.get("src/orders.ts")!.findings.map((f) => f.id), ["f1"]);
    assert.equal(diagnosticFindings(push, "info").get("src/orders.ts")!.findings.length, 2);
    const outside = findingsNodes(CONNECTED, push, "info").flatMap((p) => ("children" in p ? p.children : [])).find((f) => f.label === "outside.ts");
    assert.ok(outside?.kind === "file" && outside.children[0]!.kind === "finding" && outside.children[0]!.segments === null);
  });
});
