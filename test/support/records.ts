import type { AnalysisRecord } from "../../server/protocol";

export function analysisRecord(iteration: number, overrides: Partial<AnalysisRecord> = {}): AnalysisRecord {
  return {
    worker: "analysis",
    iteration,
    timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, iteration)).toISOString(),
    duration_ms: 5,
    status: "not_implemented",
    summary: `iteration ${iteration}`,
    error: null,
    workspace: { files: 1, bytes: 10, skipped: [], ms: 1 },
    perspective_id: "code-quality",
    perspective_name: "Code Quality",
    results: { findings: [], skipped: [] },
    ...overrides,
  };
}
