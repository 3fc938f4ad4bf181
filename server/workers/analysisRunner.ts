import { existsSync } from "node:fs";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { analysisConfigFor, runAnalysisPerspective, type AnalysisResult } from "../analysis";
import type { StepInfo, WorkspaceConfig } from "../protocol";
import { ParseCache, loadPythonParser, type AuditOutcome, type CoverageReportText, type WorkspaceFile, type WorkspaceSnapshot } from "../workspace";
import { newBeaconMemory, readBeacon } from "./sharedFileBeacon";

export interface AnalysisJob {
  step: StepInfo;
  snapshot: WorkspaceSnapshot;
  config: WorkspaceConfig;
  coverageReports: CoverageReportText[];
  audits: AuditOutcome[];
}

/** Between this module and the thread only; both sides are built from the same source. */
export type AnalysisRequest = AnalysisJob & { id: number };
export type AnalysisReply = { id: number; ok: true; result: AnalysisResult } | { id: number; ok: false; error: string };

/** Runs one analysis perspective; the worker layer does not care where. */
export interface AnalysisRunner {
  run(job: AnalysisJob, signal: AbortSignal): Promise<AnalysisResult>;
  close(): Promise<void>;
}

/** On the calling thread: what tests from source use, and the fallback when no thread bundle is built. */
export class InProcessAnalysis implements AnalysisRunner {
  private readonly cache = new ParseCache();

  async run(job: AnalysisJob): Promise<AnalysisResult> {
    await loadPythonParser();
    const parsed = this.cache.all(job.snapshot.files);
    return runAnalysisPerspective(job.step, { ...job, parsed, config: analysisConfigFor(job.config) });
  }

  async close(): Promise<void> {}
}

export interface ThreadBudgets {
  /** How long one file may hold the thread (parsing it, or a rule on it) before it is stopped and skipped. */
  fileMs: number;
  /** How long a pass may go without moving on from one step to the next outside any one file. */
  stallMs: number;
  /** How often the watchdog looks. */
  checkEveryMs: number;
}

export const DEFAULT_THREAD_BUDGETS: ThreadBudgets = { fileMs: 60_000, stallMs: 300_000, checkEveryMs: 500 };

interface PendingJob {
  job: AnalysisJob;
  /** Files of the job left out because they stopped an earlier pass, with why. */
  withheld: { file: string; reason: string }[];
  resolve: (r: AnalysisResult) => void;
  reject: (e: Error) => void;
}

/**
 * On a worker thread, so seconds of parsing never stall the event loop that pushes iterations
 * to clients. A thread that dies fails the jobs it held with the reason and is replaced on the
 * next job. A watchdog reads which file the thread is on (shared memory, since a stuck thread
 * cannot answer): a file that holds it past the file budget is stopped, set aside until its
 * content changes and reported skipped, and the pass runs again without it, so one pathological
 * file costs one budget, not the iteration.
 */
export class ThreadedAnalysis implements AnalysisRunner {
  private worker: Worker | null = null;
  private beacon = newBeaconMemory();
  private nextId = 1;
  private readonly pending = new Map<number, PendingJob>();
  /** `path\0hash` → why that version is not analysed. */
  private readonly setAside = new Map<string, string>();
  private watchdog: NodeJS.Timeout | null = null;
  private lastProgress = { value: -1, at: 0 };

  constructor(
    private readonly entry: string,
    private readonly budgets: ThreadBudgets = DEFAULT_THREAD_BUDGETS,
  ) {}

  /**
   * A job already under way is let finish even when its iteration is stopped: the rotation's
   * stop waits a grace period for it, so a pass that was nearly done is still stored, as it
   * was when analysis ran on the event loop.
   */
  run(job: AnalysisJob, signal: AbortSignal): Promise<AnalysisResult> {
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => this.post({ job, withheld: [], resolve, reject }));
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.failAll(new Error("analysis stopped"));
    await worker?.terminate();
  }

  private post(entry: PendingJob): void {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    const kept: WorkspaceFile[] = [];
    for (const file of entry.job.snapshot.files) {
      const reason = this.setAside.get(`${file.path}\u0000${file.hash}`);
      if (reason === undefined) kept.push(file);
      else if (!entry.withheld.some((w) => w.file === file.path)) entry.withheld.push({ file: file.path, reason });
    }
    const job = { ...entry.job, snapshot: { ...entry.job.snapshot, files: kept } };
    this.pending.set(id, { ...entry, job });
    worker.postMessage({ ...job, id } satisfies AnalysisRequest);
    this.watch();
  }

  private start(): Worker {
    this.beacon = newBeaconMemory();
    const worker = new Worker(this.entry, { workerData: { beacon: this.beacon } });
    // An idle analysis thread must not keep a stopping server alive.
    worker.unref();
    worker.on("message", (reply: AnalysisReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiting.resolve(waiting.withheld.length ? withSkipped(reply.result, waiting.withheld) : reply.result);
      else waiting.reject(new Error(reply.error));
    });
    // A thread reports its death twice (error, then exit), maybe after its successor took jobs:
    // only the current thread's first report may fail the jobs, which are all its own.
    const died = (reason: string) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.failAll(new Error(`the analysis thread stopped: ${reason}; it is restarted for the next iteration`));
    };
    worker.on("error", (err) => died(err.message));
    worker.on("exit", (code) => died(`exit code ${code}`));
    this.worker = worker;
    this.lastProgress = { value: -1, at: Date.now() };
    return worker;
  }

  /** Looks at the beacon while jobs are pending; idle, it costs nothing. */
  private watch(): void {
    if (this.watchdog) return;
    // Idle time before this job is nobody's stall: the clock starts now.
    this.lastProgress = { value: readBeacon(this.beacon).progress, at: Date.now() };
    this.watchdog = setInterval(() => this.check(), this.budgets.checkEveryMs);
    this.watchdog.unref();
  }

  private check(): void {
    if (this.pending.size === 0 || !this.worker) {
      if (this.watchdog) clearInterval(this.watchdog);
      this.watchdog = null;
      return;
    }
    const now = Date.now();
    const reading = readBeacon(this.beacon);
    if (reading.progress !== this.lastProgress.value) {
      this.lastProgress = { value: reading.progress, at: now };
      return;
    }
    const still = now - this.lastProgress.at;
    // The thread runs its jobs in the order they were posted: the oldest pending one is on it.
    const [, current] = this.pending.entries().next().value!;
    const file = reading.fileIndex === null ? undefined : current.job.snapshot.files[reading.fileIndex];
    if (file && still > this.budgets.fileMs) this.stopStuckOn(file, still);
    else if (!file && still > this.budgets.stallMs) this.stopStalled(still);
  }

  private stopStuckOn(file: WorkspaceFile, ms: number): void {
    const reason = `analysing this file held the analysis thread for ${Math.round(ms / 1000)} s (budget ${Math.round(this.budgets.fileMs / 1000)} s): it was stopped and the file is skipped until it changes`;
    this.setAside.set(`${file.path}\u0000${file.hash}`, reason);
    // Every pending job goes to a fresh thread again, without that file.
    const jobs = [...this.pending.values()];
    this.pending.clear();
    void this.replaceThread();
    for (const entry of jobs) this.post(entry);
  }

  private stopStalled(ms: number): void {
    void this.replaceThread();
    this.failAll(new Error(`the analysis pass made no progress for ${Math.round(ms / 1000)} s outside any one file (a workspace-wide rule); it was stopped and runs again next iteration`));
  }

  private async replaceThread(): Promise<void> {
    const stuck = this.worker;
    this.worker = null;
    await stuck?.terminate();
  }

  private failAll(err: Error): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const w of waiting) w.reject(err);
  }
}

function withSkipped(result: AnalysisResult, withheld: readonly { file: string; reason: string }[]): AnalysisResult {
  const note = ` ${withheld.length} file(s) were set aside because analysing them did not finish in time.`;
  return { ...result, summary: result.summary + note, skipped: [...result.skipped, ...withheld] };
}

/** The thread when its bundle sits beside this one (dist/), else in-process (running from source). */
export function defaultAnalysisRunner(): AnalysisRunner {
  const entry = path.join(__dirname, "analysisThread.js");
  return existsSync(entry) ? new ThreadedAnalysis(entry) : new InProcessAnalysis();
}
