import { z } from "zod";
import { Finding, SkippedFile } from "./findings";
import { GeneratedTestRun } from "./generatedTestRun";
import { CodeChange, CumulativeInsights, TestPlan } from "./plans";

// One line of a worker's store file, one row of its Hub dataset. Every record of one worker
// has the same fields and types (nullable, never optional), so the datasets read as one table.

export const IterationStatus = z.enum(["ok", "error", "not_implemented"]);
export type IterationStatus = z.infer<typeof IterationStatus>;

/** What the worker layer read of the workspace for this iteration. */
export const WorkspaceScan = z.object({
  files: z.number().int().min(0),
  bytes: z.number().int().min(0),
  skipped: z.array(SkippedFile),
  ms: z.number().min(0),
});
export type WorkspaceScan = z.infer<typeof WorkspaceScan>;

/** The fields every record starts with; a pushed summary repeats them (server/protocol/summaries.ts). */
export const RECORD_HEADER = {
  iteration: z.number().int().min(0),
  timestamp: z.string().datetime(),
  duration_ms: z.number().min(0),
  status: IterationStatus,
  summary: z.string(),
  error: z.string().nullable(),
};

const common = { ...RECORD_HEADER, workspace: WorkspaceScan };

export const AnalysisRecord = z.object({
  worker: z.literal("analysis"),
  ...common,
  perspective_id: z.string(),
  perspective_name: z.string(),
  /** `skipped`: files a rule failed on (the scan's own skips are in `workspace`). */
  results: z.object({ findings: z.array(Finding), skipped: z.array(SkippedFile) }),
});
export type AnalysisRecord = z.infer<typeof AnalysisRecord>;

export const TestPlanningRecord = z.object({
  worker: z.literal("test-planning"),
  ...common,
  perspective_id: z.string(),
  perspective_name: z.string(),
  results: z.object({ plans: z.array(TestPlan) }),
  cumulative_insights: CumulativeInsights,
});
export type TestPlanningRecord = z.infer<typeof TestPlanningRecord>;

export const ImplementationTask = z.object({
  kind: z.enum(["finding", "plan"]),
  id: z.string(),
});
export type ImplementationTask = z.infer<typeof ImplementationTask>;

export const ImplementationRecord = z.object({
  worker: z.literal("implementation"),
  ...common,
  stage_id: z.string(),
  stage_name: z.string(),
  task: ImplementationTask.nullable(),
  results: z.object({ notes: z.array(z.string()) }),
  analysis: z.object({ code_changes: z.array(CodeChange) }),
  /**
   * Stage 6 of a plan task: the generated tests' first run (or why they did not run); null on
   * every other record. Records stored before this field existed read as null.
   */
  test_run: GeneratedTestRun.nullable().default(null),
});
export type ImplementationRecord = z.infer<typeof ImplementationRecord>;

export const IterationRecord = z.discriminatedUnion("worker", [
  AnalysisRecord,
  TestPlanningRecord,
  ImplementationRecord,
]);
export type IterationRecord = z.infer<typeof IterationRecord>;

export const RECORD_SCHEMAS = {
  analysis: AnalysisRecord,
  "test-planning": TestPlanningRecord,
  implementation: ImplementationRecord,
} as const;
