import { strict as assert } from "node:assert";
import { emptyInsights } from "../../server/protocol";
import { parsedFiles, planWith } from "./planTester";

describe("test-planning cumulative insights", () => {
  const v1 = { "src/v.ts": 'export function v(n: number) {\n  if (n < 0) throw new Error("neg");\n  if (n > 9) throw new Error("big");\n}\nexport function w(s: string) {\n  if (!s) throw new Error("empty");\n}\n' };

  it("never counts the same failure mode twice across iterations", () => {
    const files = parsedFiles(v1);
    let insights = emptyInsights();
    for (let i = 0; i < 3; i++) insights = planWith("failure-modes", files, { previous: insights }).insights;
    assert.equal(insights.failure_modes_identified.count, 3);
    // Other perspectives leave the count alone.
    insights = planWith("edge-cases", files, { previous: insights }).insights;
    assert.equal(insights.failure_modes_identified.count, 3);
    // n: 0 and -1 (from its type and from `n < 0`, counted once), NaN, 9 and 10 (from `n > 9`); s: empty, unicode, long.
    assert.equal(insights.edge_cases_discovered.count, 8);
  });

  it("grows when something new is found and drops what is gone", () => {
    let insights = planWith("failure-modes", v1).insights;
    const grown = { "src/v.ts": v1["src/v.ts"].replace('if (n > 9) throw new Error("big");', 'if (n > 9) throw new Error("big");\n  if (n === 5) throw new Error("five");') };
    insights = planWith("failure-modes", grown, { previous: insights }).insights;
    assert.equal(insights.failure_modes_identified.count, 4);
    // w is deleted: its failure mode leaves the list on the next iteration, whatever the perspective.
    const shrunk = { "src/v.ts": grown["src/v.ts"].replace(/export function w[\s\S]*$/, "") };
    insights = planWith("what-are-we-testing", shrunk, { previous: insights }).insights;
    assert.equal(insights.failure_modes_identified.count, 3);
    assert.ok(insights.failure_modes_identified.items.every((item) => item.startsWith("src/v.ts#v: ")));
  });
});
