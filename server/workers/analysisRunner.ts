import { existsSync } from "node:fs";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { analysisConfigFor, runAnalysisPerspective, type AnalysisResult } from "../analysis";
import { modelClientFor, runImplementationStage, workspaceChecks, type ModelSpec, type StageResult } from "../implementation";
import { runPlanningPerspective, type ApiBaseline, type PlanningResult } from "../planning";
import type { CumulativeInsights, Finding, ImplementationTask, StepInfo, TestPlan, WorkspaceConfig } from "../protocol";
import { ParseCache, loadPythonParser, type AuditOutcome, type CoverageReportText, type ParsedFile, type WorkspaceFile, type WorkspaceSnapshot } from "../workspace";
import { gitHeadBaseline } from "./apiBaseline";
import { newBeaconMemory, readBeacon } from "./sharedFileBeacon";
import { versionKey, type ThreadFile } from "./threadFiles";

export interface AnalysisJob {
  step: StepInfo;
  snapshot: WorkspaceSnapshot;
  config: WorkspaceConfig;
  coverageReports: CoverageReportText[];
  audits: AuditOutcome[];
}

/** One test-planning perspective: it reads the same trees as analysis, so it runs where they are. */
export interface PlanningJob {
  step: StepInfo;
  snapshot: WorkspaceSnapshot;
  /** The latest findings of every analysis perspective. */
  findings: Finding[];
  previousInsights: CumulativeInsights;
  /**
   * Set for the backwards-compatibility step only: the API is compared with git HEAD's (read
   * where the trees are), or with `fallback` (the previous iteration's) outside a git checkout.
   */
  compareApi: { fallback: ApiBaseline | null } | null;
}

/** One implementation stage for a task: it reads the trees too, and checks its code against the workspace. */
export interface ImplementationJob {
  step: StepInfo;
  snapshot: WorkspaceSnapshot;
  task: ImplementationTask | null;
  findings: Finding[];
  plans: TestPlan[];
  /** Whether the stage may run workspace code (`--allow-execute`). */
  allowExecute: boolean;
  /** The optional model (`--llm`): its spec crosses, the client is built where the stage runs. */
  llm: ModelSpec | null;
}

/** Between this module and the thread only; both sides are built from the same source. */
export type AnalysisRequest = { id: number; snapshot: Omit<WorkspaceSnapshot, "files"> & { files: ThreadFile[] } } & (
  | ({ kind: "analysis"; reportProgress?: boolean } & Omit<AnalysisJob, "snapshot">)
  /** `findings` null: the same findings as the thread's last planning job (see ThreadedAnalysis.threadFindings). */
  | ({ kind: "planning" } & Omit<PlanningJob, "snapshot" | "findings"> & { findings: Finding[] | null })
  | ({ kind: "implementation" } & Omit<ImplementationJob, "snapshot">)
);
/** Sent when a job's iteration was stopped: the thread drops it if it has not started it yet. */
export type CancelRequest = { cancel: number };
export type AnalysisReply =
  | { id: number; ok: true; result: AnalysisResult | PlanningResult | StageResult }
  | { id: number; ok: false; error: string; cancelled?: true }
  | { id: number; progress: { done: number; total: number } };

/** Files parsed so far of those a perspective reads; called as parsing goes, the last time with done = total. */
export type ParseProgress = (done: number, total: number) => void;

/**
 * Runs one analysis perspective, test-planning perspective or implementation stage; the worker
 * layer does not care where. All three read the parsed trees, so all run beside one parse
 * cache: each file version is parsed once for the three workers.
 */
export interface AnalysisRunner {
  run(job: AnalysisJob, signal: AbortSignal, onProgress?: ParseProgress): Promise<AnalysisResult>;
  plan(job: PlanningJob, signal: AbortSignal): Promise<PlanningResult>;
  implement(job: ImplementationJob, signal: AbortSignal): Promise<StageResult>;
  close(): Promise<void>;
}

/** An implementation stage on parsed files, with the checks (and model) for the job's workspace. */
export function implementOnParsed(job: ImplementationJob, parsed: readonly ParsedFile[]): Promise<StageResult> {
  const checks = workspaceChecks(job.snapshot.root, job.allowExecute, job.llm ? modelClientFor(job.llm) : null);
  return runImplementationStage(job.step, { task: job.task, findings: job.findings, plans: job.plans, files: parsed, checks });
}

/** A planning job on parsed files: the API baseline first when the step compares APIs. */
export async function planOnParsed(job: PlanningJob, parsed: readonly ParsedFile[]): Promise<PlanningResult> {
  const baseline = job.compareApi ? ((await gitHeadBaseline(job.snapshot.root, parsed)) ?? job.compareApi.fallback) : null;
  return runPlanningPerspective(job.step, { parsed, findings: job.findings, previousInsights: job.previousInsights, baseline });
}

/**
 * Parses (or reuses) every file like ParseCache.all, reporting as it goes: a cold parse of a
 * large workspace is what takes seconds. Reports about fifty times per pass, not per file.
 */
export function parseReporting(cache: ParseCache, files: readonly WorkspaceFile[], report: ParseProgress | undefined): ParsedFile[] {
  if (!report) return cache.all(files);
  const every = Math.max(1, Math.floor(files.length / 50));
  report(0, files.length);
  for (let i = 0; i < files.length; i++) {
    cache.get(files[i]!);
    if ((i + 1) % every === 0 && i + 1 < files.length) report(i + 1, files.length);
  }
  report(files.length, files.length);
  // Every file is parsed now: this only drops versions that are gone.
  return cache.all(files);
}

/** On the calling thread: what tests from source use, and the fallback when no thread bundle is built. */
export class InProcessAnalysis implements AnalysisRunner {
  private readonly cache = new ParseCache();

  async run(job: AnalysisJob, _signal?: AbortSignal, onProgress?: ParseProgress): Promise<AnalysisResult> {
    await loadPythonParser();
    const parsed = parseReporting(this.cache, job.snapshot.files, onProgress);
    return runAnalysisPerspective(job.step, { ...job, parsed, config: analysisConfigFor(job.config) });
  }

  async plan(job: PlanningJob): Promise<PlanningResult> {
    await loadPythonParser();
    return planOnParsed(job, this.cache.all(job.snapshot.files));
  }

  async implement(job: ImplementationJob): Promise<StageResult> {
    await loadPythonParser();
    return implementOnParsed(job, this.cache.all(job.snapshot.files));
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

type ThreadJob = ({ kind: "analysis" } & AnalysisJob) | ({ kind: "planning" } & PlanningJob) | ({ kind: "implementation" } & ImplementationJob);

interface PendingJob {
  job: ThreadJob;
  /** Files of the job left out because they stopped an earlier pass, with why. */
  withheld: { file: string; reason: string }[];
  resolve: (r: AnalysisResult | PlanningResult | StageResult) => void;
  reject: (e: Error) => void;
  /** Hears the thread's parse progress (Analyze Now); jobs without it get no progress messages. */
  onProgress?: ParseProgress;
  /** The iteration's: once aborted, a job the thread has not started is dropped. */
  signal: AbortSignal;
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
  /**
   * `path\0hash` of the file versions the thread holds: their texts are not sent again. The
   * thread keeps exactly the versions of the last job it got (jobs run in order there), so this
   * is that job's file list; it is emptied with a new thread or after any failed job.
   */
  private threadHolds = new Set<string>();
  /**
   * The findings of the last planning job the thread got. Planning runs every few seconds and
   * the findings (thousands on a large workspace) rarely change between passes; cloning them for
   * each job kept the event loop busy. They are the store's own objects, so unchanged is `===`.
   */
  private threadFindings: readonly Finding[] | null = null;
  /** Per pending job, to stop listening to its iteration's signal once it is answered. */
  private readonly unlisten = new Map<number, () => void>();
  /** Texts sent to the thread so far (each file version once while the thread holds it), and planning jobs that carried their findings. */
  readonly stats = { textsSent: 0, findingsSent: 0 };

  constructor(
    private readonly entry: string,
    private readonly budgets: ThreadBudgets = DEFAULT_THREAD_BUDGETS,
  ) {}

  /**
   * A job already under way is let finish even when its iteration is stopped: the rotation's
   * stop waits a grace period for it, so a pass that was nearly done is still stored, as it
   * was when analysis ran on the event loop.
   */
  run(job: AnalysisJob, signal: AbortSignal, onProgress?: ParseProgress): Promise<AnalysisResult> {
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => this.post({ job: { kind: "analysis", ...job }, withheld: [], resolve: (r) => resolve(r as AnalysisResult), reject, signal, ...(onProgress ? { onProgress } : {}) }));
  }

  plan(job: PlanningJob, signal: AbortSignal): Promise<PlanningResult> {
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => this.post({ job: { kind: "planning", ...job }, withheld: [], resolve: (r) => resolve(r as PlanningResult), reject, signal }));
  }

  implement(job: ImplementationJob, signal: AbortSignal): Promise<StageResult> {
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => this.post({ job: { kind: "implementation", ...job }, withheld: [], resolve: (r) => resolve(r as StageResult), reject, signal }));
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
      const reason = this.setAside.get(versionKey(file));
      if (reason === undefined) kept.push(file);
      else if (!entry.withheld.some((w) => w.file === file.path)) entry.withheld.push({ file: file.path, reason });
    }
    const job = { ...entry.job, snapshot: { ...entry.job.snapshot, files: kept } };
    this.pending.set(id, { ...entry, job });
    // Copying every text to the thread for every job costs the event loop tens of ms on a large
    // workspace; only versions the thread has not seen go across.
    const files = kept.map((f): ThreadFile => (this.threadHolds.has(versionKey(f)) ? { ...f, text: null } : f));
    this.threadHolds = new Set(kept.map(versionKey));
    this.stats.textsSent += files.filter((f) => f.text !== null).length;
    const snapshot = { ...job.snapshot, files };
    let request: AnalysisRequest;
    if (job.kind === "analysis") request = { ...job, id, snapshot, reportProgress: entry.onProgress !== undefined };
    else if (job.kind === "planning") {
      const same = sameItems(job.findings, this.threadFindings);
      request = { ...job, id, snapshot, findings: same ? null : job.findings };
      if (!same) this.stats.findingsSent++;
      this.threadFindings = job.findings;
    } else request = { ...job, id, snapshot };
    worker.postMessage(request);
    // The workers take turns on the thread: a stopped worker's job still waiting there is dropped
    // (one under way is let finish), so Stop returns without waiting for the others' turns.
    const cancel = () => this.pending.has(id) && this.worker === worker && worker.postMessage({ cancel: id } satisfies CancelRequest);
    if (entry.signal.aborted) cancel();
    else {
      entry.signal.addEventListener("abort", cancel, { once: true });
      this.unlisten.set(id, () => entry.signal.removeEventListener("abort", cancel));
    }
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
      if ("progress" in reply) {
        waiting.onProgress?.(reply.progress.done, reply.progress.total);
        return;
      }
      this.settled(reply.id);
      if (reply.ok) waiting.resolve(waiting.withheld.length ? withSkipped(reply.result, waiting.withheld) : reply.result);
      else if (reply.cancelled) waiting.reject(waiting.signal.reason instanceof Error ? waiting.signal.reason : new Error(reply.error));
      else {
        // Whatever went wrong, the next job sends every text again rather than trust the thread's copy.
        this.threadHolds = new Set();
        this.threadFindings = null;
        waiting.reject(new Error(reply.error));
      }
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
    this.threadHolds = new Set();
    this.threadFindings = null;
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
    // An implementation stage waits on child processes and a model outside any file; each of
    // those has its own time limit, so only its files are watched here.
    else if (!file && still > this.budgets.stallMs && current.job.kind !== "implementation") this.stopStalled(still);
  }

  private stopStuckOn(file: WorkspaceFile, ms: number): void {
    const reason = `analysing this file held the analysis thread for ${Math.round(ms / 1000)} s (budget ${Math.round(this.budgets.fileMs / 1000)} s): it was stopped and the file is skipped until it changes`;
    this.setAside.set(versionKey(file), reason);
    // Every pending job goes to a fresh thread again, without that file.
    const jobs = [...this.pending.values()];
    for (const id of [...this.pending.keys()]) this.settled(id);
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

  private settled(id: number): void {
    this.pending.delete(id);
    this.unlisten.get(id)?.();
    this.unlisten.delete(id);
  }

  private failAll(err: Error): void {
    const waiting = [...this.pending.values()];
    for (const id of [...this.pending.keys()]) this.settled(id);
    for (const w of waiting) w.reject(err);
  }
}

function withSkipped<R extends AnalysisResult | PlanningResult | StageResult>(result: R, withheld: readonly { file: string; reason: string }[]): R {
  const note = ` ${withheld.length} file(s) were set aside because analysing them did not finish in time.`;
  const noted = { ...result, summary: result.summary + note };
  return "skipped" in noted ? { ...noted, skipped: [...noted.skipped, ...withheld] } : noted;
}

/** The thread when its bundle sits beside this one (dist/), else in-process (running from source). */
export function defaultAnalysisRunner(): AnalysisRunner {
  const entry = path.join(__dirname, "analysisThread.js");
  return existsSync(entry) ? new ThreadedAnalysis(entry) : new InProcessAnalysis();
}

function sameItems<T>(a: readonly T[], b: readonly T[] | null): boolean {
  return b !== null && a.length === b.length && a.every((item, i) => item === b[i]);
}
