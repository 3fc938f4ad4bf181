import { integrationPointsOf } from "./integrationPoints";
import type { PlanningPerspective } from "./perspective";

/** Today's unit/integration/e2e counts and where each unit's planned cases belong. */
export const testPyramid: PlanningPerspective = {
  id: "test-pyramid",
  plan(context) {
    const { unit: u, integration: i, e2e: e } = context.tests.counts;
    const total = u + i + e;
    const shape =
      total === 0
        ? "The repo has no tests yet: start at the base, with unit tests."
        : `Today: ${u} unit, ${i} integration, ${e} end-to-end test case(s) in ${context.tests.files.length} file(s)${u < i + e ? " — top-heavy: add unit tests under the slow ones" : ""}.`;
    const items = context.units.map((unit) => {
      const slow = integrationPointsOf(unit).filter((p) => p.category === "network" || p.category === "database" || p.category === "child process" || p.category === "file system");
      const where =
        unit.kind === "entry"
          ? "end-to-end: run it as a process and check its output and exit code"
          : slow.length
            ? `unit cases with ${slow.map((p) => p.category).filter((c, k, a) => a.indexOf(c) === k).join(" and ")} faked; one integration case against the real thing`
            : "unit: pure enough to test in isolation, fast";
      return { unit, cases: [], notes: [`Pyramid: ${where}. ${shape}`] };
    });
    return { items, summary: shape };
  },
};
