import type { IterationStatus, WorkerState } from "../protocol";
import { BACKOFF_CAP_MS, backoffDelay } from "./backoff";
import type { LoadGate } from "./machineLoad";

/** What one iteration reports back to its rotation. */
export interface IterationOutcome {
  iteration: number;
  timestamp: string;
  duration_ms: number;
  status: IterationStatus;
  summary: string;
  /** Set when the iteration failed: the rotation backs off. */
  error: string | null;
  /** Set when the record is made but the disk refused it: it is held and retried, the pace stays. */
  storeProblem?: string | null;
}

export interface RotationOptions {
  intervalMs: number;
  /** Runs one iteration; throws AbortError-like errors when abandoned through the signal. */
  run: (signal: AbortSignal) => Promise<IterationOutcome>;
  loadGate?: LoadGate;
  /** How often a paused rotation looks at the machine load again. */
  loadRecheckMs?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** How long stop() waits for a running iteration to notice the abort. */
  stopGraceMs?: number;
  onChange?: () => void;
}

export interface RotationSnapshot {
  state: WorkerState;
  busy: boolean;
  next_run_at: string | null;
  last_run: { timestamp: string; duration_ms: number; status: IterationStatus; summary: string } | null;
  last_error: { timestamp: string; iteration: number; message: string } | null;
  skipped_runs: number;
  consecutive_failures: number;
  reason: string | null;
  interval_s: number;
}

/**
 * Runs iterations on a fixed-rate schedule. A due run that finds the previous one still going
 * is skipped and counted, never doubled; a failure backs off exponentially (capped) and the
 * rotation goes on; while the machine is busy it waits between iterations.
 */
export class Rotation {
  private state: WorkerState = "stopped";
  private timer: NodeJS.Timeout | null = null;
  private nextDueAt: number | null = null;
  private running: { promise: Promise<void>; controller: AbortController } | null = null;
  private lastRun: RotationSnapshot["last_run"] = null;
  private lastError: RotationSnapshot["last_error"] = null;
  private skipped = 0;
  private failures = 0;
  private reason: string | null = null;
  private readonly opts: Required<Omit<RotationOptions, "loadGate" | "onChange">> &
    Pick<RotationOptions, "loadGate" | "onChange">;

  constructor(options: RotationOptions) {
    this.opts = {
      loadRecheckMs: 5_000,
      backoffBaseMs: Math.max(1_000, options.intervalMs),
      backoffCapMs: BACKOFF_CAP_MS,
      stopGraceMs: 10_000,
      ...options,
    };
  }

  get isStarted(): boolean {
    return this.state !== "stopped";
  }

  start(): void {
    if (this.state !== "stopped") return;
    this.state = "running";
    this.reason = null;
    this.failures = 0;
    this.schedule(Date.now());
    this.changed();
  }

  /** Stops the schedule and abandons (or lets finish) the running iteration, then resolves. */
  async stop(): Promise<void> {
    this.clearTimer();
    this.nextDueAt = null;
    this.state = "stopped";
    this.reason = null;
    this.changed();
    const running = this.running;
    if (!running) return;
    running.controller.abort(new Error("worker stopped"));
    let graceTimer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      graceTimer = setTimeout(resolve, this.opts.stopGraceMs);
    });
    await Promise.race([running.promise, grace]);
    clearTimeout(graceTimer);
  }

  snapshot(): RotationSnapshot {
    return {
      state: this.state,
      busy: this.running !== null,
      next_run_at: this.nextDueAt === null ? null : new Date(this.nextDueAt).toISOString(),
      last_run: this.lastRun,
      last_error: this.lastError,
      skipped_runs: this.skipped,
      consecutive_failures: this.failures,
      reason: this.reason,
      interval_s: this.opts.intervalMs / 1000,
    };
  }

  private schedule(at: number): void {
    this.clearTimer();
    this.nextDueAt = at;
    this.timer = setTimeout(() => this.due(at), Math.max(0, at - Date.now()));
  }

  private due(dueAt: number): void {
    this.timer = null;
    if (this.state === "stopped") return;
    if (this.running) {
      this.skipped++;
      this.schedule(this.followingDue(dueAt));
      this.changed();
      return;
    }
    const load = this.opts.loadGate?.();
    if (load?.busy) {
      this.state = "paused";
      this.reason = load.reason;
      this.schedule(Date.now() + this.opts.loadRecheckMs);
      this.changed();
      return;
    }
    if (this.state === "paused") {
      this.state = this.failures > 0 ? "backing-off" : "running";
      this.reason = this.failures > 0 ? this.reason : null;
    }
    this.launch(dueAt);
  }

  private launch(dueAt: number): void {
    const controller = new AbortController();
    // Fixed rate: the next run is due one interval after this one was due, whatever it takes.
    if (this.opts.intervalMs > 0) this.schedule(this.followingDue(dueAt));
    else this.nextDueAt = null;
    const promise = this.execute(controller).finally(() => {
      this.running = null;
      this.changed();
    });
    this.running = { promise, controller };
    this.changed();
  }

  private async execute(controller: AbortController): Promise<void> {
    let outcome: IterationOutcome;
    try {
      outcome = await this.opts.run(controller.signal);
    } catch (err) {
      if (controller.signal.aborted) return; // abandoned on stop: nothing recorded, nothing failed
      this.fail(null, errorText(err));
      return;
    }
    this.lastRun = {
      timestamp: outcome.timestamp,
      duration_ms: outcome.duration_ms,
      status: outcome.status,
      summary: outcome.summary,
    };
    if (outcome.error !== null) {
      this.fail(outcome.iteration, outcome.error);
      return;
    }
    this.failures = 0;
    if (this.state === "backing-off") this.state = "running";
    if (this.state === "running") this.reason = outcome.storeProblem ?? null;
    if (outcome.storeProblem) {
      this.lastError = { timestamp: new Date().toISOString(), iteration: outcome.iteration, message: outcome.storeProblem };
    }
    if (this.state === "stopped") return;
    if (this.opts.intervalMs === 0) setImmediate(() => this.state !== "stopped" && !this.running && this.due(Date.now()));
    else if (this.timer === null) this.schedule(Date.now() + this.opts.intervalMs);
  }

  private fail(iteration: number | null, message: string): void {
    this.failures++;
    this.lastError = { timestamp: new Date().toISOString(), iteration: iteration ?? -1, message };
    if (this.state === "stopped") return;
    const delay = backoffDelay(this.failures, this.opts.backoffBaseMs, this.opts.backoffCapMs);
    this.state = "backing-off";
    this.reason = `${this.failures} failed iteration${this.failures > 1 ? "s" : ""} in a row; retrying in ${formatDelay(delay)}`;
    this.schedule(Date.now() + delay);
  }

  private followingDue(dueAt: number): number {
    const interval = this.opts.intervalMs;
    let next = dueAt + interval;
    // After a long stall, do not fire a burst of catch-up runs: skip to the next slot ahead.
    const now = Date.now();
    if (next < now) next += Math.ceil((now - next) / interval) * interval;
    return next;
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private changed(): void {
    this.opts.onChange?.();
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function formatDelay(ms: number): string {
  return ms >= 60_000 ? `${Math.round(ms / 6_000) / 10} min` : `${Math.round(ms / 100) / 10} s`;
}
