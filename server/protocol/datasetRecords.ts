import { COLUMNS_ADDED_LATER, DATASET_COLUMNS, type DatasetRow } from "./datasetRows";
import { describeIssues } from "./messages";
import { RECORD_SCHEMAS, type IterationRecord } from "./records";
import type { WorkerId } from "./steps";

/** Pure: an iteration record as one dataset row (every column present, payloads as JSON text). */
export function toRow(record: IterationRecord): DatasetRow {
  const common = {
    worker: record.worker,
    iteration: record.iteration,
    timestamp: record.timestamp,
    duration_ms: record.duration_ms,
    status: record.status,
    summary: record.summary,
    error: record.error,
    workspace_files: record.workspace.files,
    workspace_bytes: record.workspace.bytes,
    workspace_ms: record.workspace.ms,
    workspace_skipped_json: JSON.stringify(record.workspace.skipped),
  };
  switch (record.worker) {
    case "analysis":
      return {
        ...common,
        perspective_id: record.perspective_id,
        perspective_name: record.perspective_name,
        findings_count: record.results.findings.length,
        findings_json: JSON.stringify(record.results.findings),
        skipped_json: JSON.stringify(record.results.skipped),
      };
    case "test-planning": {
      const insights = record.cumulative_insights;
      return {
        ...common,
        perspective_id: record.perspective_id,
        perspective_name: record.perspective_name,
        plans_count: record.results.plans.length,
        plans_json: JSON.stringify(record.results.plans),
        failure_modes_identified: insights.failure_modes_identified.count,
        integration_points_found: insights.integration_points_found.count,
        edge_cases_discovered: insights.edge_cases_discovered.count,
        cumulative_insights_json: JSON.stringify(insights),
      };
    }
    case "implementation":
      return {
        ...common,
        stage_id: record.stage_id,
        stage_name: record.stage_name,
        task_kind: record.task?.kind ?? null,
        task_id: record.task?.id ?? null,
        notes_json: JSON.stringify(record.results.notes),
        code_changes_json: JSON.stringify(record.analysis.code_changes),
        tests_passed: record.test_run?.ran ? record.test_run.passed : null,
        tests_failed: record.test_run?.ran ? record.test_run.failed : null,
        test_run_json: record.test_run ? JSON.stringify(record.test_run) : null,
      };
  }
}

/**
 * Pure: a row read back from a dataset as the record it was made from, validated against the
 * record schema; throws with the reason when the row is not one of ours.
 */
export function fromRow(worker: WorkerId, row: Record<string, unknown>): IterationRecord {
  for (const c of DATASET_COLUMNS[worker]) {
    if (!(c.name in row) && !COLUMNS_ADDED_LATER.has(c.name)) throw new Error(`row lacks the column ${c.name}`);
  }
  const json = (name: string) => JSON.parse(String(row[name])) as unknown;
  const common = {
    worker,
    iteration: row.iteration,
    timestamp: row.timestamp,
    duration_ms: row.duration_ms,
    status: row.status,
    summary: row.summary,
    error: row.error,
    workspace: { files: row.workspace_files, bytes: row.workspace_bytes, skipped: json("workspace_skipped_json"), ms: row.workspace_ms },
  };
  const candidate =
    worker === "analysis"
      ? { ...common, perspective_id: row.perspective_id, perspective_name: row.perspective_name, results: { findings: json("findings_json"), skipped: json("skipped_json") } }
      : worker === "test-planning"
        ? { ...common, perspective_id: row.perspective_id, perspective_name: row.perspective_name, results: { plans: json("plans_json") }, cumulative_insights: json("cumulative_insights_json") }
        : {
            ...common,
            stage_id: row.stage_id,
            stage_name: row.stage_name,
            task: row.task_kind === null ? null : { kind: row.task_kind, id: row.task_id },
            results: { notes: json("notes_json") },
            analysis: { code_changes: json("code_changes_json") },
            test_run: row.test_run_json === undefined || row.test_run_json === null ? null : json("test_run_json"),
          };
  const parsed = RECORD_SCHEMAS[worker].safeParse(candidate);
  if (!parsed.success) throw new Error(`not a valid ${worker} row: ${describeIssues(parsed.error)}`);
  return parsed.data as IterationRecord;
}
