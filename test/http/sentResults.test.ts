import { strict as assert } from "node:assert";
import { SentResults } from "../../server/http/sentResults";
import { applyFindingChanges, applyPlanChanges, canonicalFindings, comparePlans, emptyInsights, type Finding, type FindingSet, type TestPlan } from "../../server/protocol";
import { finding } from "../support/summaries";

const PERSPECTIVES = ["code-quality", "architecture", "security"] as const;

describe("pushed result changes", () => {
  it("rebuilds, from the whole set and each change, exactly the set a new subscriber is sent, over random passes", () => {
    let seed = 11;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    const make = (i: number, version: number): Finding =>
      finding(`r${i % 4}:src/f${i % 7}.ts:${i}`, (["error", "warning", "info"] as const)[version % 3], {
        perspective: PERSPECTIVES[i % 3]!,
        rule: `r${i % 4}`,
        file: `src/f${i % 7}.ts`,
        range: { start: { line: (i * 7) % 23, column: i % 3 }, end: { line: 30, column: 1 } },
        message: `finding ${i} v${version}`,
      });
    let current = new Map<number, Finding>();
    for (let i = 0; i < 40; i++) current.set(i, make(i, 0));
    const sent = new SentResults(canonicalFindings([...current.values()]));
    let held: FindingSet = { iteration: 0, findings: canonicalFindings([...current.values()]) };
    let emptyPasses = 0;
    for (let pass = 1; pass <= 60; pass++) {
      const next = new Map(current);
      for (let k = rnd(6); k > 0; k--) {
        const i = rnd(60);
        if (rnd(3) === 0) next.delete(i);
        else next.set(i, make(i, pass));
      }
      current = next;
      const whole = canonicalFindings([...current.values()]);
      const change = sent.diff(whole);
      if (change.upserted.length === 0 && change.removed.length === 0) emptyPasses++;
      held = applyFindingChanges(held, { iteration: pass, ...change });
      assert.deepEqual(held.findings, whole, `pass ${pass}`);
      for (const f of change.upserted) assert.ok(whole.includes(f), "only items of the new set are sent");
    }
    assert.ok(emptyPasses > 0 && emptyPasses < 30, `some passes change nothing and send nothing (${emptyPasses})`);
  });

  it("sends nothing for an unchanged set, even as new objects, and only the item that changed", () => {
    const a = finding("a", "error");
    const b = finding("b", "info");
    const sent = new SentResults([a, b]);
    assert.deepEqual(sent.diff([{ ...a }, { ...b }]), { upserted: [], removed: [] });
    const b2 = { ...b, message: "changed" };
    assert.deepEqual(sent.diff([a, b2]), { upserted: [b2], removed: [] });
    assert.deepEqual(sent.diff([b2]), { upserted: [], removed: ["a"] });
  });

  it("orders findings by perspective, file and position, one per id, the same in any locale", () => {
    const list = canonicalFindings([
      finding("z", "info", { file: "src/b.ts" }),
      finding("y", "info", { file: "src/a.ts", range: { start: { line: 9, column: 1 }, end: { line: 9, column: 2 } } }),
      finding("x", "info", { perspective: "architecture", file: "src/a.ts" }),
      finding("w", "info", { file: "src/Ä.ts" }),
      finding("z", "error", { file: "src/b.ts", message: "a second finding with the id" }),
    ]);
    assert.deepEqual(list.map((f) => f.id), ["y", "z", "w", "x"]);
    assert.equal(list.find((f) => f.id === "z")!.severity, "info", "the first of a repeated id is kept");
  });

  it("keeps plans riskiest first, replaces a changed plan and carries the running totals", () => {
    const plan = (id: string, risk: number) => ({ id, risk, cases: [] }) as unknown as TestPlan;
    const insights = emptyInsights();
    let held = applyPlanChanges(null, { iteration: 1, upserted: [plan("b", 1), plan("a", 5)], removed: [], cumulative_insights: insights });
    assert.deepEqual(held.plans.map((p) => p.id), ["a", "b"]);
    held = applyPlanChanges(held, { iteration: 2, upserted: [plan("b", 9)], removed: ["a"], cumulative_insights: { ...insights, edge_cases_discovered: { count: 3, items: [] } } });
    assert.deepEqual(held.plans.map((p) => [p.id, p.risk]), [["b", 9]]);
    assert.equal(held.cumulative_insights.edge_cases_discovered.count, 3);
    assert.equal(held.iteration, 2);
    assert.ok(comparePlans(plan("a", 1), plan("b", 1)) < 0);
  });
});
