import type { Backend } from "../http";
import { ANALYSIS_PERSPECTIVES, IMPLEMENTATION_STAGES, canonicalFindings, emptyInsights, type ImplementationRecord } from "../protocol";
import type { LocalStore } from "../store";
import { latestFindings, latestPlans } from "../workers";

/**
 * The records and the results as the latest record of every step left them: what a running
 * server and a dashboard over Hub datasets both serve. Findings come in the protocol's one order, since
 * subscribers rebuild the same list from pushed changes.
 */
export function storeResults(store: LocalStore): Pick<Backend, "findings" | "testPlans" | "implementations" | "iterations" | "record"> {
  return {
    iterations: (worker, limit) => store.recent(worker, limit),
    record: (worker, iteration) => store.record(worker, iteration),
    findings: () => {
      const known = ANALYSIS_PERSPECTIVES.map((p) => store.latestForStep("analysis", p.id)?.iteration).filter((i): i is number => i !== undefined);
      return { iteration: known.length ? Math.max(...known) : null, findings: canonicalFindings(latestFindings(store)) };
    },
    testPlans: () => {
      const latest = store.latest("test-planning");
      return { iteration: latest?.iteration ?? null, plans: latestPlans(store), cumulative_insights: latest?.cumulative_insights ?? emptyInsights() };
    },
    implementations: () => IMPLEMENTATION_STAGES.map((s) => store.latestForStep("implementation", s.id)).filter((r): r is ImplementationRecord => r !== undefined),
  };
}
