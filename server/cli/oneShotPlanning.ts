import { mergePlans, runPlanningPerspective } from "../planning";
import { TEST_PLANNING_PERSPECTIVES, emptyInsights, type CumulativeInsights, type TestPlan } from "../protocol";
import { gitHeadBaseline } from "../workers/apiBaseline";
import type { OneShotAnalysis } from "./oneShotAnalysis";

export interface OneShotPlanning {
  /** Every unit's plan, all fifteen perspectives merged, riskiest first. */
  plans: TestPlan[];
  insights: CumulativeInsights;
  perspectives: { id: string; name: string; status: string; summary: string; ms: number }[];
}

/** The fifteen planning perspectives over one analysis, as the rotation would run them in turn. */
export async function planOnce(analysis: OneShotAnalysis, progress: (text: string) => void = () => {}): Promise<OneShotPlanning> {
  const { snapshot, parsed, findings } = analysis;
  const baseline = await gitHeadBaseline(snapshot.root, parsed);
  let insights = emptyInsights();
  const groups: TestPlan[][] = [];
  const perspectives: OneShotPlanning["perspectives"] = [];
  for (const [i, perspective] of TEST_PLANNING_PERSPECTIVES.entries()) {
    progress(`${perspective.name} (${i + 1}/${TEST_PLANNING_PERSPECTIVES.length})`);
    const started = performance.now();
    const result = runPlanningPerspective(perspective, { parsed, findings, previousInsights: insights, baseline, maxPlans: Number.MAX_SAFE_INTEGER });
    insights = result.insights;
    groups.push(result.plans);
    perspectives.push({ id: perspective.id, name: perspective.name, status: result.status, summary: result.summary, ms: Math.round(performance.now() - started) });
  }
  return { plans: mergePlans(groups), insights, perspectives };
}
