import { taskScope, type ModelSpec } from "../implementation";
import { IMPLEMENTATION_STAGES, type ImplementationRecord, type ImplementationTask } from "../protocol";
import type { LocalStore } from "../store";
import type { WorkspaceSnapshot } from "../workspace";
import type { AnalysisRunner } from "./analysisRunner";
import { describeScan, latestFindings, latestPlans } from "./workerIteration";

/** The task a user asked for is not among the latest findings or plans. */
export class TaskNotFoundError extends Error {}

/**
 * A user's request: all six stages at once for one task, ahead of the rotation, each stage
 * stored as an implementation record like the rotation's (iteration numbers continue, and six
 * records keep the rotation's stage order). Resolves with the six records once stored.
 */
export async function runImplementationRequest(
  task: ImplementationTask,
  deps: { store: LocalStore; implement: AnalysisRunner["implement"]; snapshot: WorkspaceSnapshot; allowExecute: boolean; llm?: ModelSpec | null; onRecord: (record: ImplementationRecord) => void },
): Promise<ImplementationRecord[]> {
  const { store, snapshot } = deps;
  const findings = latestFindings(store);
  const plans = latestPlans(store);
  const known = task.kind === "finding" ? findings.some((f) => f.id === task.id) : plans.some((p) => p.id === task.id);
  if (!known) {
    const what = task.kind === "finding" ? `${findings.length} finding(s)` : `${plans.length} test plan(s)`;
    throw new TaskNotFoundError(`${task.kind} ${task.id} is not among the latest ${what}: analysis or test planning may not have reached it yet`);
  }
  const workspace = { files: snapshot.files.length, bytes: snapshot.bytes, skipped: snapshot.skipped, ms: Math.round(snapshot.ms * 10) / 10 };
  const scope = taskScope(task, findings, plans);
  const records: ImplementationRecord[] = [];
  for (const stage of IMPLEMENTATION_STAGES) {
    const started = performance.now();
    const timestamp = new Date().toISOString();
    const result = await deps.implement({ step: stage, snapshot, task, ...scope, allowExecute: deps.allowExecute, llm: deps.llm ?? null }, new AbortController().signal);
    const record: ImplementationRecord = {
      worker: "implementation",
      iteration: store.nextIteration("implementation"),
      timestamp,
      duration_ms: Math.round((performance.now() - started) * 10) / 10,
      status: result.status,
      summary: `${describeScan(workspace)} Requested: ${result.summary}`,
      error: null,
      workspace,
      stage_id: stage.id,
      stage_name: stage.name,
      task,
      results: { notes: result.notes },
      analysis: { code_changes: result.codeChanges },
      test_run: result.testRun,
    };
    const outcome = await store.append(record);
    for (const written of outcome.written) if (written.worker === "implementation") deps.onRecord(written);
    records.push(record);
  }
  return records;
}
