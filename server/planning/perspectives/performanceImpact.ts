import { findingsIn } from "../context/planningContext";
import { argsFor, expect, inputs, type CaseDraft, type PlanningPerspective } from "./perspective";

const SIZE = 10_000;

/** Units the performance perspective flagged, or that loop over their inputs: a size and a budget. */
export const performanceImpact: PlanningPerspective = {
  id: "performance-impact",
  plan(context) {
    const items = [];
    for (const unit of context.units) {
      const flagged = findingsIn(context, unit).filter((f) => f.perspective === "performance");
      const overInput = unit.facts.loops.filter((l) => l.over !== null);
      const nested = unit.facts.loops.some((l) => l.nested);
      if (flagged.length === 0 && overInput.length === 0) continue;
      const py = unit.language === "python";
      const target = overInput[0]?.over?.split(/[.[]/)[0];
      const big = py ? `list(range(${SIZE}))` : `Array.from({ length: ${SIZE} }, (_, i) => i)`;
      const budget = nested ? 1000 : 200;
      const cases: CaseDraft[] = [
        {
          title: `${unit.name} handles ${SIZE.toLocaleString("en")} items within ${budget} ms`,
          level: "unit",
          kind: "performance",
          inputs: inputs(argsFor(unit, target ? { [target]: big } : {}), { size: SIZE }),
          expected: expect("within-budget", `completes in under ${budget} ms on a developer machine; time grows about linearly when the size doubles`, { budgetMs: budget }),
          rationale: [
            ...flagged.map((f) => `${f.rule} at line ${f.range.start.line}: ${f.message}`),
            ...(overInput.length ? [`loops over ${overInput.map((l) => `${l.over} (line ${l.line})`).join(", ")}`] : []),
            ...(nested ? ["nested loops: quadratic growth shows up first here"] : []),
          ].join("; "),
        },
      ];
      items.push({ unit, cases, notes: ["Measure this in a benchmark, not as a timed unit test: timings in CI are noisy."] });
    }
    return { items, summary: `${items.length} unit(s) whose cost grows with their input.` };
  },
};
