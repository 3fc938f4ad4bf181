import { existsSync } from "node:fs";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { analysisConfigFor, runAnalysisPerspective, type AnalysisResult } from "../analysis";
import type { StepInfo, WorkspaceConfig } from "../protocol";
import { ParseCache, loadPythonParser, type AuditOutcome, type CoverageReportText, type WorkspaceSnapshot } from "../workspace";

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

/**
 * On a worker thread, so seconds of parsing never stall the event loop that pushes iterations
 * to clients. A thread that dies fails the jobs it held with the reason and is replaced on the
 * next job.
 */
export class ThreadedAnalysis implements AnalysisRunner {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: AnalysisResult) => void; reject: (e: Error) => void }>();

  constructor(private readonly entry: string) {}

  /**
   * A job already under way is let finish even when its iteration is stopped: the rotation's
   * stop waits a grace period for it, so a pass that was nearly done is still stored, as it
   * was when analysis ran on the event loop.
   */
  run(job: AnalysisJob, signal: AbortSignal): Promise<AnalysisResult> {
    if (signal.aborted) return Promise.reject(signal.reason);
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ ...job, id } satisfies AnalysisRequest);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.failAll(new Error("analysis stopped"));
    await worker?.terminate();
  }

  private start(): Worker {
    const worker = new Worker(this.entry);
    // An idle analysis thread must not keep a stopping server alive.
    worker.unref();
    worker.on("message", (reply: AnalysisReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.result);
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
    return worker;
  }

  private failAll(err: Error): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const w of waiting) w.reject(err);
  }
}

/** The thread when its bundle sits beside this one (dist/), else in-process (running from source). */
export function defaultAnalysisRunner(): AnalysisRunner {
  const entry = path.join(__dirname, "analysisThread.js");
  return existsSync(entry) ? new ThreadedAnalysis(entry) : new InProcessAnalysis();
}
