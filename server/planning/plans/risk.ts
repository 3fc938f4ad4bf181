import { findingsIn, testsReaching, type PlanningContext } from "../context/planningContext";
import type { Unit } from "../units";

export interface Risk {
  score: number;
  complexity: number;
  fanIn: number;
  untested: boolean;
  findings: number;
}

/**
 * Pure: complexity × (1 + fan-in) × (2 when no test reaches the unit) × (1 + its findings).
 * A product, so a unit must be both intricate and depended upon to rank high; each factor is
 * in the reason shown to the user.
 */
export function riskOf(context: PlanningContext, unit: Unit): Risk {
  const complexity = unit.facts.branches;
  const fanIn = context.fanIn.get(unit.file) ?? 0;
  const untested = testsReaching(context, unit).length === 0;
  const findings = findingsIn(context, unit).filter((f) => f.perspective !== "test-coverage").length;
  return { score: complexity * (1 + fanIn) * (untested ? 2 : 1) * (1 + findings), complexity, fanIn, untested, findings };
}
