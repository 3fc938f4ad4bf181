import { z } from "zod";
import { SkippedFile } from "./findings";
import { ImplementationTask, RECORD_HEADER, type IterationRecord } from "./records";

// What is pushed to every subscriber when an iteration ends: the record's header and its
// counts, a few hundred bytes, instead of the record itself (a test-planning record is
// 100–400 KB, a finding set megabytes). A client that wants a whole record asks for it
// (`record.get`); findings and plans come in their own messages, sent only when they change.

/** How many skipped files a summary names; the count is always whole. */
export const SUMMARY_SKIPPED_SAMPLE = 20;

const common = {
  ...RECORD_HEADER,
  workspace: z.object({
    files: z.number().int().min(0),
    bytes: z.number().int().min(0),
    ms: z.number().min(0),
    skipped_count: z.number().int().min(0),
    skipped: z.array(SkippedFile).max(SUMMARY_SKIPPED_SAMPLE),
  }),
};

const count = z.number().int().min(0);

export const AnalysisSummary = z.object({
  worker: z.literal("analysis"),
  ...common,
  perspective_id: z.string(),
  perspective_name: z.string(),
  findings: z.object({
    total: count,
    error: count,
    warning: count,
    info: count,
    /** Against this perspective's previous pass; null when there is none to compare with. */
    new: count.nullable(),
    resolved: count.nullable(),
  }),
  /** Files a rule failed on in this pass. */
  rule_skips: count,
});
export type AnalysisSummary = z.infer<typeof AnalysisSummary>;

export const TestPlanningSummary = z.object({
  worker: z.literal("test-planning"),
  ...common,
  perspective_id: z.string(),
  perspective_name: z.string(),
  plans: count,
  cases: count,
  insights: z.object({
    failure_modes_identified: count,
    integration_points_found: count,
    edge_cases_discovered: count,
  }),
});
export type TestPlanningSummary = z.infer<typeof TestPlanningSummary>;

export const ImplementationSummary = z.object({
  worker: z.literal("implementation"),
  ...common,
  stage_id: z.string(),
  stage_name: z.string(),
  task: ImplementationTask.nullable(),
  code_changes: count,
  /** The counts of the record's `test_run` (stage 6 of a plan task); null on every other stage. */
  tests: z
    .object({
      ran: z.boolean(),
      assertions: count,
      passed: count,
      failed: count,
      skipped: count,
      not_run_reason: z.string().nullable(),
    })
    .nullable()
    .default(null),
});
export type ImplementationSummary = z.infer<typeof ImplementationSummary>;

export const IterationSummary = z.discriminatedUnion("worker", [AnalysisSummary, TestPlanningSummary, ImplementationSummary]);
export type IterationSummary = z.infer<typeof IterationSummary>;

/**
 * Pure: the summary of one record. `previousFindingIds` are the ids of the same perspective's
 * previous pass (analysis only), from which new and resolved findings are counted.
 */
export function summarizeRecord(record: IterationRecord, previousFindingIds: ReadonlySet<string> | null = null): IterationSummary {
  const head = {
    iteration: record.iteration,
    timestamp: record.timestamp,
    duration_ms: record.duration_ms,
    status: record.status,
    summary: record.summary,
    error: record.error,
    workspace: {
      files: record.workspace.files,
      bytes: record.workspace.bytes,
      ms: record.workspace.ms,
      skipped_count: record.workspace.skipped.length,
      skipped: record.workspace.skipped.slice(0, SUMMARY_SKIPPED_SAMPLE),
    },
  };
  switch (record.worker) {
    case "analysis": {
      const findings = record.results.findings;
      const ids = new Set(findings.map((f) => f.id));
      const bySeverity = { error: 0, warning: 0, info: 0 };
      for (const f of findings) bySeverity[f.severity]++;
      // An errored pass found nothing to compare: counting its empty list as "all resolved" would be a lie.
      const comparable = previousFindingIds !== null && record.status === "ok";
      return {
        worker: "analysis",
        ...head,
        perspective_id: record.perspective_id,
        perspective_name: record.perspective_name,
        findings: {
          total: findings.length,
          ...bySeverity,
          new: comparable ? [...ids].filter((id) => !previousFindingIds.has(id)).length : null,
          resolved: comparable ? [...previousFindingIds].filter((id) => !ids.has(id)).length : null,
        },
        rule_skips: record.results.skipped.length,
      };
    }
    case "test-planning":
      return {
        worker: "test-planning",
        ...head,
        perspective_id: record.perspective_id,
        perspective_name: record.perspective_name,
        plans: record.results.plans.length,
        cases: record.results.plans.reduce((n, p) => n + p.cases.length, 0),
        insights: {
          failure_modes_identified: record.cumulative_insights.failure_modes_identified.count,
          integration_points_found: record.cumulative_insights.integration_points_found.count,
          edge_cases_discovered: record.cumulative_insights.edge_cases_discovered.count,
        },
      };
    case "implementation":
      return {
        worker: "implementation",
        ...head,
        stage_id: record.stage_id,
        stage_name: record.stage_name,
        task: record.task,
        code_changes: record.analysis.code_changes.length,
        tests: record.test_run && {
          ran: record.test_run.ran,
          assertions: record.test_run.assertions,
          passed: record.test_run.passed,
          failed: record.test_run.failed,
          skipped: record.test_run.skipped,
          not_run_reason: record.test_run.not_run_reason,
        },
      };
  }
}
