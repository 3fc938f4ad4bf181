import type { CumulativeInsights, Finding, StepInfo, TestPlan } from "../protocol";
import type { ParsedFile } from "../workspace";
import { planningContext, type ApiBaseline } from "./context/planningContext";
import { PLANNING_PERSPECTIVES } from "./perspectives";
import { assemblePlans } from "./plans/assemblePlans";
import { nextInsights } from "./plans/insights";

export { mergePlans, planIdOf } from "./plans/assemblePlans";
export { renderTestFile, type RenderedTestFile } from "./render/renderTestFile";
export type { RenderOptions, RenderedCase } from "./render/assertable";
export { apiEntry, type ApiBaseline, type ApiEntry } from "./context/planningContext";
export { unitsOf, type Unit } from "./units";
export { PLANNING_PERSPECTIVES } from "./perspectives";

export interface PlanningInput {
  parsed: readonly ParsedFile[];
  /** The latest findings of every analysis perspective: test planning feeds on them. */
  findings: readonly Finding[];
  previousInsights: CumulativeInsights;
  /** The API at git HEAD or at the previous iteration, for backwards compatibility. */
  baseline: ApiBaseline | null;
  /** Plans kept per iteration, riskiest first: a record stays readable on large workspaces. */
  maxPlans?: number;
}

export interface PlanningResult {
  status: "ok";
  summary: string;
  plans: TestPlan[];
  insights: CumulativeInsights;
}

export const DEFAULT_MAX_PLANS = 200;

/** Runs one test-planning perspective over the workspace: plans for the units it concerns, and the running counts. */
export function runPlanningPerspective(perspective: StepInfo, input: PlanningInput): PlanningResult {
  const impl = PLANNING_PERSPECTIVES.get(perspective.id);
  if (!impl) throw new Error(`Unknown test-planning perspective "${perspective.id}".`);
  const context = planningContext(input.parsed, input.findings, input.baseline);
  const output = impl.plan(context);
  const all = assemblePlans(context, perspective.id, output.items);
  const max = input.maxPlans ?? DEFAULT_MAX_PLANS;
  const plans = all.slice(0, max);
  const insights = nextInsights(input.previousInsights, output.insights, new Set(context.units.map((u) => u.id)));
  const cases = plans.reduce((n, p) => n + p.cases.length, 0);
  const capped = all.length > max ? ` Kept the ${max} riskiest of ${all.length} plans.` : "";
  return { status: "ok", summary: `${output.summary} ${plans.length} plan(s), ${cases} case(s).${capped}`, plans, insights };
}
