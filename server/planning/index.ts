import type { CumulativeInsights, Finding, StepInfo, TestPlan } from "../protocol";
import type { WorkspaceSnapshot } from "../workspace";

export interface PlanningInput {
  snapshot: WorkspaceSnapshot;
  /** The latest findings of every analysis perspective: test planning feeds on them. */
  findings: Finding[];
  previousInsights: CumulativeInsights;
}

export interface PlanningResult {
  status: "ok" | "not_implemented";
  summary: string;
  plans: TestPlan[];
  insights: CumulativeInsights;
}

/** Runs one test-planning perspective. None has landed yet (issue #4); the counts carry over. */
export function runPlanningPerspective(perspective: StepInfo, input: PlanningInput): PlanningResult {
  return {
    status: "not_implemented",
    summary: `The ${perspective.name} perspective is not implemented yet (issue #4); ${input.findings.length} finding(s) were available to plan from.`,
    plans: [],
    insights: input.previousInsights,
  };
}
