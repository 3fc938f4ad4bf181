import type { TestPlan } from "../../protocol";
import { renderPython } from "./pythonTestFile";
import { renderScript } from "./scriptTestFile";

export interface RenderedTestFile {
  path: string;
  framework: TestPlan["framework"];
  code: string;
  /** Cases rendered as running assertions; the rest are skipped with what to confirm. */
  asserted: number;
  skipped: number;
}

/**
 * Pure: a plan as a test file in its framework. A case becomes a running assertion only where
 * the plan knows the outcome from the code (a guarded throw, an explicit null return); every
 * other case is written out with its call and marked skipped with what to confirm, so nothing
 * passes whatever the code does.
 */
export function renderTestFile(plan: TestPlan): RenderedTestFile {
  const rendered = plan.unit.language === "python" ? renderPython(plan) : renderScript(plan);
  return { path: plan.target.path, framework: plan.framework, ...rendered };
}
