import type { Finding, StepInfo } from "../protocol";
import type { WorkspaceSnapshot } from "../workspace";

export interface AnalysisInput {
  snapshot: WorkspaceSnapshot;
}

export interface StepResult {
  status: "ok" | "not_implemented";
  summary: string;
}

export interface AnalysisResult extends StepResult {
  findings: Finding[];
}

/**
 * Runs one analysis perspective. None has landed yet (issue #3 builds the six of them), so
 * this says so instead of inventing findings.
 */
export function runAnalysisPerspective(perspective: StepInfo, _input: AnalysisInput): AnalysisResult {
  return {
    status: "not_implemented",
    summary: `The ${perspective.name} perspective is not implemented yet (issue #3), so no findings were produced.`,
    findings: [],
  };
}
