import type { TestCase, TestPlan } from "../../protocol";

/** Whether a case can run as an assertion: its outcome is known and the call needs nothing the plan lacks. */
export function isAssertable(plan: TestPlan, c: TestCase): boolean {
  if (plan.unit.kind === "entry" || (plan.unit.kind === "method" && !plan.unit.export.isStatic)) return false;
  if (!c.derived) return false;
  return c.expected.outcome === "throws" || c.expected.outcome === "rejects" || (c.expected.outcome === "returns" && c.expected.value !== undefined);
}

export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 60) || "case";
}
