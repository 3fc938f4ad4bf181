import { z } from "zod";
import type { WorkerId } from "./steps";

// One row of a worker's Hub dataset. Every row of a dataset has exactly these columns with
// these types (null allowed where said), so `datasets.load_dataset` and the Hub's viewer read
// all shards as one table. Payloads whose shape varies (findings, plans, code) travel as JSON
// text in `*_json` columns; the dataset card lists every column from this one table.

export type ColumnType = "int64" | "float64" | "string";

export interface DatasetColumn {
  name: string;
  dtype: ColumnType;
  nullable: boolean;
  description: string;
}

const col = (name: string, dtype: ColumnType, description: string, nullable = false): DatasetColumn => ({ name, dtype, nullable, description });

const COMMON: DatasetColumn[] = [
  col("worker", "string", "Which worker made the row: `analysis`, `test-planning` or `implementation`."),
  col("iteration", "int64", "The worker's iteration number, from 0, continuing across restarts; unique within the dataset."),
  col("timestamp", "string", "When the iteration finished (ISO 8601, UTC)."),
  col("duration_ms", "float64", "How long the iteration took, in milliseconds."),
  col("status", "string", "`ok`, `error` (see `error`) or `not_implemented` (the step had nothing to run yet)."),
  col("summary", "string", "One line saying what the iteration did."),
  col("error", "string", "Why the iteration failed; null when it did not.", true),
  col("workspace_files", "int64", "Files read from the workspace."),
  col("workspace_bytes", "int64", "Bytes read from the workspace."),
  col("workspace_ms", "float64", "Time spent reading the workspace, in milliseconds."),
  col("workspace_skipped_json", "string", "JSON list of `{file, reason}`: files the scan skipped and why."),
];

export const DATASET_COLUMNS: Readonly<Record<WorkerId, readonly DatasetColumn[]>> = {
  analysis: [
    ...COMMON,
    col("perspective_id", "string", "The analysis perspective of this iteration (`code-quality`, `architecture`, `performance`, `security`, `dependencies`, `test-coverage`)."),
    col("perspective_name", "string", "The perspective's display name."),
    col("findings_count", "int64", "How many findings the perspective reported."),
    col("findings_json", "string", "JSON list of findings: `{id, perspective, rule, severity, file, range, message, evidence?, suggestion?, fix?, data?}`; secret values are redacted."),
    col("skipped_json", "string", "JSON list of `{file, reason}`: files a rule could not check."),
  ],
  "test-planning": [
    ...COMMON,
    col("perspective_id", "string", "The test-planning perspective of this iteration (one of fifteen, `what-are-we-testing` … `big-picture`)."),
    col("perspective_name", "string", "The perspective's display name."),
    col("plans_count", "int64", "How many test plans the perspective produced."),
    col("plans_json", "string", "JSON list of test plans: `{id, unit, framework, target, risk, cases, mocks, notes}`."),
    col("failure_modes_identified", "int64", "Running count of distinct failure modes found so far."),
    col("integration_points_found", "int64", "Running count of distinct integration points found so far."),
    col("edge_cases_discovered", "int64", "Running count of distinct edge cases found so far."),
    col("cumulative_insights_json", "string", "JSON object with the three running counts and the items behind them."),
  ],
  implementation: [
    ...COMMON,
    col("stage_id", "string", "The implementation stage (`deep-understanding` … `implementation-plan`)."),
    col("stage_name", "string", "The stage's display name."),
    col("task_kind", "string", "`finding` or `plan`: what the stage works on; null when there was no task.", true),
    col("task_id", "string", "The id of the finding or test plan worked on; null when there was no task.", true),
    col("notes_json", "string", "JSON list of the stage's notes (strings)."),
    col("code_changes_json", "string", "JSON list of `{file, code, diff, insert_at?}`: code the stage produced."),
    col("tests_passed", "int64", "Stage 6 of a test-plan task: how many of the generated test file's running assertions passed on its first run; null when the tests did not run (see `test_run_json`) and on every other stage.", true),
    col("tests_failed", "int64", "How many failed on that run (the offered file carries them skipped with the failure); null when the tests did not run.", true),
    col(
      "test_run_json",
      "string",
      "JSON object `{runner, file, ran, command, assertions, passed, failed, skipped, duration_ms, not_run_reason}`: the generated tests' first run, or why they did not run (`not_run_reason`, e.g. `running workspace code needs --allow-execute`); null on stages that generate no tests.",
      true,
    ),
  ],
};

function rowSchema(columns: readonly DatasetColumn[]) {
  const shape: Record<string, z.ZodType> = {};
  for (const c of columns) {
    const base = c.dtype === "string" ? z.string() : c.dtype === "int64" ? z.number().int() : z.number();
    shape[c.name] = c.nullable ? base.nullable() : base;
  }
  return z.strictObject(shape);
}

export type DatasetRow = Record<string, string | number | null> & { worker: WorkerId; iteration: number };

export const DATASET_ROW_SCHEMAS: Readonly<Record<WorkerId, z.ZodType>> = {
  analysis: rowSchema(DATASET_COLUMNS.analysis),
  "test-planning": rowSchema(DATASET_COLUMNS["test-planning"]),
  implementation: rowSchema(DATASET_COLUMNS.implementation),
};

/**
 * Columns added after the first rows were published: a row written before them lacks them,
 * and reads back as null there rather than as a row that is not ours.
 */
export const COLUMNS_ADDED_LATER: ReadonlySet<string> = new Set(["tests_passed", "tests_failed", "test_run_json"]);

/** The dataset a worker's rows go to: `<namespace>/<prefix>-<worker>-results`. */
export function datasetRepo(names: { namespace: string; datasetPrefix: string }, worker: WorkerId): string {
  return `${names.namespace}/${names.datasetPrefix}-${worker}-results`;
}
