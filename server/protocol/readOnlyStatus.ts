import type { IterationRecord } from "./records";
import type { WorkerStatus } from "./status";
import { stepForIteration, type WorkerId } from "./steps";

/**
 * Pure: a worker's status as a reader of its dataset sees it — never running, the next number
 * after the newest row, the newest row as the last run, and why nothing can be started here.
 */
export function readOnlyWorkerStatus(worker: WorkerId, latest: IterationRecord | undefined, nextIteration: number, repo: string, lastRead: string | null): WorkerStatus {
  const step = stepForIteration(worker, nextIteration);
  return {
    worker,
    state: "stopped",
    busy: false,
    iteration: nextIteration,
    current_step: { id: step.id, name: step.name },
    interval_s: 0,
    next_run_at: null,
    last_run: latest ? { timestamp: latest.timestamp, duration_ms: latest.duration_ms, status: latest.status, summary: latest.summary } : null,
    last_error: null,
    skipped_runs: 0,
    consecutive_failures: 0,
    reason: `read-only: from ${repo}${lastRead ? `, read ${lastRead}` : ""}`,
  };
}
