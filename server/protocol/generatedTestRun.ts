import { z } from "zod";
import { TEST_FRAMEWORKS } from "./plans";

const count = z.number().int().min(0);

/**
 * The first run of a generated test file, on stage 6 of a test-plan task: the numbers the
 * record's summary line says in words, kept as data so the dashboard, the pushes and the Hub
 * rows can count them. `assertions` is what the file asserted before the run; when it ran,
 * `passed + failed === assertions` (a failing case is offered skipped with its failure).
 */
export const GeneratedTestRun = z.object({
  /** The runner the file was written for and run with (the plan's framework). */
  runner: z.enum(TEST_FRAMEWORKS),
  /** The generated test file, as offered (workspace-relative). */
  file: z.string(),
  ran: z.boolean(),
  /** The command line it ran with (workspace-relative paths); null when it did not run. */
  command: z.string().nullable(),
  assertions: count,
  passed: count,
  failed: count,
  /** Cases written out skipped before the run, each with what to confirm. */
  skipped: count,
  duration_ms: z.number().min(0).nullable(),
  /**
   * Why it did not run, when it did not: "running workspace code needs --allow-execute" when
   * execution was not allowed, the runner missing, a timeout, no running assertion; null when it ran.
   */
  not_run_reason: z.string().nullable(),
});
export type GeneratedTestRun = z.infer<typeof GeneratedTestRun>;

/** The reason a run is skipped when the user did not allow executing workspace code. */
export const EXECUTION_NOT_ALLOWED = "running workspace code needs --allow-execute";
