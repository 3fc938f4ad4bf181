import type { TestPlan } from "../../protocol";
import type { RenderOptions, RenderedCase } from "./assertable";
import { renderPython } from "./pythonTestFile";
import { renderScript } from "./scriptTestFile";

export interface RenderedTestFile {
  path: string;
  framework: TestPlan["framework"];
  code: string;
  /** Cases rendered as running assertions; the rest are skipped with what to confirm. */
  asserted: number;
  skipped: number;
  /** Each case's test name as its runner reports it, and whether it runs or is skipped. */
  cases: RenderedCase[];
}

/**
 * Pure: a plan as a test file in its framework. A case becomes a running assertion only where
 * the plan knows the outcome from the code (a guarded throw, an explicit null return); every
 * other case is written out with its call and marked skipped with what to confirm, so nothing
 * passes whatever the code does. `options.observed` adds what running the unit showed
 * (characterization); `options.failed` writes out cases that failed on the current code as skipped.
 */
export function renderTestFile(plan: TestPlan, options: RenderOptions = {}): RenderedTestFile {
  const rendered = plan.unit.language === "python" ? renderPython(plan, options) : renderScript(plan, options);
  return { path: plan.target.path, framework: plan.framework, ...rendered };
}
