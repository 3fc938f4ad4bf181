import { findingsIn, testsReaching } from "../context/planningContext";
import { argsFor, expect, inputs, levelOf, type PlanningPerspective } from "./perspective";

/** Untested and uncovered units first, from the test-coverage perspective and the test imports. */
export const coverageStrategy: PlanningPerspective = {
  id: "coverage-strategy",
  plan(context) {
    const items = [];
    let untested = 0;
    let uncovered = 0;
    for (const unit of context.units) {
      const coverage = findingsIn(context, unit).filter((f) => f.perspective === "test-coverage");
      const named = coverage.find((f) => f.rule === "untested-export" && (f.data as { unit?: string } | undefined)?.unit === (unit.access.className ?? unit.name));
      const gaps = coverage.filter((f) => f.rule === "coverage-gap");
      const reaching = testsReaching(context, unit);
      const noTests = !!named || reaching.length === 0;
      if (!noTests && gaps.length === 0) continue;
      if (noTests) untested++;
      else uncovered++;
      items.push({
        unit,
        cases: [
          {
            title: noTests ? `first test for ${unit.name}: its main path` : `${unit.name}: the lines coverage shows never run`,
            level: levelOf(unit),
            kind: "coverage",
            inputs: inputs(argsFor(unit)),
            expected: expect("observe", noTests ? "the typical call's result, asserted; then one case per failure mode" : gaps.map((g) => g.message).join(" ")),
            rationale: noTests
              ? reaching.length
                ? `${reaching.length} test file(s) import this module but none names ${unit.name}.`
                : "No test imports this module: any change here ships unchecked."
              : `Coverage report: ${gaps.length} gap(s) in this unit.`,
          },
        ],
        notes: [noTests ? "Priority: write this plan's tests before the others — the unit has none." : "Priority: cover the uncovered branches named above."],
      });
    }
    return { items, summary: `${untested} unit(s) without tests and ${uncovered} with coverage gaps, of ${context.units.length}.` };
  },
};
