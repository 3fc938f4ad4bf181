// The step catalogue of each worker. It crosses every boundary (records on disk and on the
// Hub carry these ids; the extension and dashboard label them), so it lives with the protocol.

export const WORKER_IDS = ["analysis", "test-planning", "implementation"] as const;
export type WorkerId = (typeof WORKER_IDS)[number];

export interface StepInfo {
  readonly id: string;
  readonly name: string;
}

export const ANALYSIS_PERSPECTIVES: readonly StepInfo[] = [
  { id: "code-quality", name: "Code Quality" },
  { id: "architecture", name: "Architecture" },
  { id: "performance", name: "Performance" },
  { id: "security", name: "Security" },
  { id: "dependencies", name: "Dependencies" },
  { id: "test-coverage", name: "Test Coverage" },
];

export const TEST_PLANNING_PERSPECTIVES: readonly StepInfo[] = [
  { id: "what-are-we-testing", name: "What Are We Testing" },
  { id: "failure-modes", name: "Failure Modes" },
  { id: "integration-points", name: "Integration Points" },
  { id: "edge-cases", name: "Edge Cases" },
  { id: "performance-impact", name: "Performance Impact" },
  { id: "backwards-compatibility", name: "Backwards Compatibility" },
  { id: "data-integrity", name: "Data Integrity" },
  { id: "error-handling", name: "Error Handling" },
  { id: "user-experience", name: "User Experience" },
  { id: "security", name: "Security" },
  { id: "coverage-strategy", name: "Coverage Strategy" },
  { id: "test-pyramid", name: "Test Pyramid" },
  { id: "mocking-strategy", name: "Mocking Strategy" },
  { id: "ci-cd-integration", name: "CI/CD Integration" },
  { id: "big-picture", name: "Big Picture" },
];

export const IMPLEMENTATION_STAGES: readonly StepInfo[] = [
  { id: "deep-understanding", name: "Deep Understanding" },
  { id: "architectural-analysis", name: "Architectural Analysis" },
  { id: "approach-evaluation", name: "Approach Evaluation" },
  { id: "risk-analysis", name: "Risk Analysis" },
  { id: "testing-strategy", name: "Testing Strategy" },
  { id: "implementation-plan", name: "Implementation Plan" },
];

export const STEPS_BY_WORKER: Readonly<Record<WorkerId, readonly StepInfo[]>> = {
  analysis: ANALYSIS_PERSPECTIVES,
  "test-planning": TEST_PLANNING_PERSPECTIVES,
  implementation: IMPLEMENTATION_STAGES,
};

/** Iteration i of a worker runs step (i mod N); iterations are numbered from 0. */
export function stepForIteration(worker: WorkerId, iteration: number): StepInfo {
  const steps = STEPS_BY_WORKER[worker];
  return steps[iteration % steps.length]!;
}
