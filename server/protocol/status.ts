import { z } from "zod";
import { WORKER_IDS } from "./steps";
import { IterationStatus } from "./records";

export const WorkerIdSchema = z.enum(WORKER_IDS);

export const WorkerState = z.enum(["running", "stopped", "backing-off", "paused"]);
export type WorkerState = z.infer<typeof WorkerState>;

export const WorkerStatus = z.object({
  worker: WorkerIdSchema,
  state: WorkerState,
  /** True while an iteration is executing. */
  busy: z.boolean(),
  /** The number the next (or the running) iteration gets. */
  iteration: z.number().int().min(0),
  current_step: z.object({ id: z.string(), name: z.string() }),
  interval_s: z.number().min(0),
  next_run_at: z.string().datetime().nullable(),
  last_run: z
    .object({ timestamp: z.string().datetime(), duration_ms: z.number(), status: IterationStatus, summary: z.string() })
    .nullable(),
  last_error: z.object({ timestamp: z.string().datetime(), iteration: z.number().int(), message: z.string() }).nullable(),
  /** Due runs skipped because the previous one was still going. */
  skipped_runs: z.number().int().min(0),
  consecutive_failures: z.number().int().min(0),
  /** Why the worker is paused, backing off or cannot store, in words a user can act on. */
  reason: z.string().nullable(),
});
export type WorkerStatus = z.infer<typeof WorkerStatus>;

export const StoreRecovery = z.object({
  worker: WorkerIdSchema,
  corrupt_file: z.string(),
  lines: z.number().int(),
  at: z.string().datetime(),
});
export type StoreRecovery = z.infer<typeof StoreRecovery>;

/** Publishing to one Hub dataset: what is waiting in the outbox and how the last sync went. */
export const HubDatasetStatus = z.object({
  worker: WorkerIdSchema,
  repo: z.string(),
  /** The highest iteration the dataset is known to hold; null before the first sync. */
  published_through: z.number().int().nullable(),
  pending: z.number().int().min(0),
  last_sync: z.string().datetime().nullable(),
  last_error: z.string().nullable(),
  next_attempt_at: z.string().datetime().nullable(),
});
export type HubDatasetStatus = z.infer<typeof HubDatasetStatus>;

export const HubStatus = z.object({ endpoint: z.string(), namespace: z.string(), datasets: z.array(HubDatasetStatus) });
export type HubStatus = z.infer<typeof HubStatus>;

export const ServerStatus = z.object({
  version: z.string(),
  protocol: z.number().int(),
  workspace: z.string(),
  data_dir: z.string(),
  started_at: z.string().datetime(),
  workers: z.array(WorkerStatus),
  store: z.object({ recovered: z.array(StoreRecovery), last_error: z.string().nullable() }),
  /** Null when Hub publishing is off. */
  hub: HubStatus.nullable(),
  /**
   * Set by a server that only shows what another one published (`dashboard --from-hub`): why
   * nothing can be started, stopped, analyzed or implemented here. Absent: a working server.
   */
  read_only: z.string().optional(),
});
export type ServerStatus = z.infer<typeof ServerStatus>;
