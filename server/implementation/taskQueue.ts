import type { Finding, ImplementationTask, Severity, TestPlan } from "../protocol";

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * The next task for the implementation rotation: findings by severity first, then test plans
 * by risk. Ties break on id so the choice is stable between iterations.
 */
export function nextTask(findings: readonly Finding[], plans: readonly TestPlan[]): ImplementationTask | null {
  const finding = [...findings].sort(
    (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.id.localeCompare(b.id),
  )[0];
  if (finding) return { kind: "finding", id: finding.id };
  const plan = [...plans].sort((a, b) => b.risk - a.risk || a.id.localeCompare(b.id))[0];
  return plan ? { kind: "plan", id: plan.id } : null;
}
