import type { Finding, ImplementationSummary, Severity } from "../../server/protocol";

export function finding(id: string, severity: Severity, overrides: Partial<Finding> = {}): Finding {
  return {
    id,
    perspective: "code-quality",
    rule: "todo-note",
    severity,
    file: "src/a.ts",
    range: { start: { line: 1, column: 1 }, end: { line: 1, column: 5 } },
    message: `finding ${id}`,
    ...overrides,
  };
}

export function implementationSummary(iteration: number, codeChanges: number, taskId = "f1", tests: ImplementationSummary["tests"] = null): ImplementationSummary {
  return {
    worker: "implementation",
    iteration,
    timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, iteration)).toISOString(),
    duration_ms: 3,
    status: "ok",
    summary: "",
    error: null,
    workspace: { files: 1, bytes: 1, ms: 1, skipped_count: 0, skipped: [] },
    stage_id: "code",
    stage_name: "Code",
    task: { kind: "finding", id: taskId },
    code_changes: codeChanges,
    tests,
  };
}
