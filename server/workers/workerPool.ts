import {
  ANALYSIS_PERSPECTIVES,
  WORKER_IDS,
  stepForIteration,
  type StepInfo,
  type ImplementationRecord,
  type ImplementationTask,
  type IterationRecord,
  type ModuleGraphView,
  type WorkerId,
  type WorkerStatus,
} from "../protocol";
import type { LocalStore } from "../store";
import type { WorkspaceConfig } from "../protocol";
import {
  ParseCache,
  loadPythonParser,
  pythonParserProblem,
  readCoverageReports,
  readWorkspaceConfig,
  type CoverageReportText,
  type WorkspaceReader,
  type WorkspaceSnapshot,
} from "../workspace";
import type { ModelSpec } from "../implementation";
import { AdvisoryChecks } from "./advisoryChecks";
import { runImplementationRequest } from "./implementationRequest";
import { defaultAnalysisRunner, type AnalysisJob, type AnalysisRunner, type ParseProgress } from "./analysisRunner";
import type { AnalysisResult } from "../analysis";
import type { LoadGate } from "./machineLoad";
import { Rotation, type IterationOutcome } from "./rotation";
import { runWorkerIteration, type IterationDeps } from "./workerIteration";

export interface WorkerPoolOptions {
  store: LocalStore;
  reader: WorkspaceReader;
  intervalsMs: Record<WorkerId, number>;
  loadGate?: LoadGate;
  backoffBaseMs?: number;
  onIteration?: (record: IterationRecord) => void;
  onStatusChange?: () => void;
  /** Whether implementation may run workspace code: characterization and running generated tests (`--allow-execute`). */
  allowExecute?: boolean;
  /** The optional model implementation may ask for code (`--llm`); its client is built where the stages run. */
  llm?: ModelSpec | null;
  /** Told of every workspace scan before any iteration uses it (the Hub publisher learns its secrets). */
  onSnapshot?: (snapshot: WorkspaceSnapshot) => void;
  /** Where analysis runs; by default a worker thread when its bundle is built. */
  analysis?: AnalysisRunner;
  /** How the analysis worker's first pass of a large workspace reads its files (the extension shows it). */
  onFirstPassProgress?: (progress: AnalysisProgress) => void;
}

/** From this many files on, the first pass's reading is told as it goes: below, it takes a moment. */
export const LARGE_WORKSPACE_FILES = 200;

/** How far an Analyze Now run is, as the protocol's `analysis.progress` says it. */
export interface AnalysisProgress {
  perspective: StepInfo;
  perspectives_done: number;
  perspectives_total: number;
  files_done: number;
  files_total: number;
  failed: string[];
}

/** Another Analyze Now run is under way: one at a time, since each takes the analysis rotation's place. */
export class AnalysisBusyError extends Error {}

interface WorkspaceRead {
  snapshot: WorkspaceSnapshot;
  config: WorkspaceConfig;
  coverageReports: CoverageReportText[];
}

/** The three rotations side by side: each starts, stops and fails on its own. */
export class WorkerPool {
  private readonly rotations = new Map<WorkerId, Rotation>();
  private reading: Promise<WorkspaceRead> | null = null;
  private readonly parseCache = new ParseCache();
  private readonly advisories = new AdvisoryChecks();
  private readonly analysis: AnalysisRunner;
  private analyzing = false;
  private graph: ModuleGraphView | null = null;
  /** Whether a pass (rotation or Analyze Now) has read the workspace since the server started. */
  private analysedOnce = false;

  constructor(private readonly options: WorkerPoolOptions) {
    this.analysis = options.analysis ?? defaultAnalysisRunner();
    for (const worker of WORKER_IDS) {
      this.rotations.set(
        worker,
        new Rotation({
          intervalMs: options.intervalsMs[worker],
          ...(options.loadGate ? { loadGate: options.loadGate } : {}),
          ...(options.backoffBaseMs !== undefined ? { backoffBaseMs: options.backoffBaseMs } : {}),
          run: (signal) => (worker === "analysis" && !this.analysedOnce ? this.firstPass(signal) : runWorkerIteration(worker, this.iterationDeps(), signal)),
          onChange: () => options.onStatusChange?.(),
        }),
      );
    }
  }

  start(worker: WorkerId): void {
    this.rotations.get(worker)!.start();
  }

  stop(worker: WorkerId): Promise<void> {
    return this.rotations.get(worker)!.stop();
  }

  startAll(): void {
    for (const worker of WORKER_IDS) this.start(worker);
  }

  async stopAll(): Promise<void> {
    await Promise.all(WORKER_IDS.map((w) => this.stop(w)));
  }

  /**
   * Runs a user's implementation request now: the rotation pauses (its iteration in progress
   * finishes first, so iteration numbers never collide), the six stages run and are stored,
   * and the rotation resumes if it was running.
   */
  async implementNow(task: ImplementationTask): Promise<ImplementationRecord[]> {
    const rotation = this.rotations.get("implementation")!;
    const wasRunning = rotation.snapshot().state === "running";
    if (wasRunning) await rotation.stop();
    try {
      const { snapshot } = await this.read(new AbortController().signal);
      return await runImplementationRequest(task, {
        store: this.options.store,
        implement: (job, signal) => this.analysis.implement(job, signal),
        snapshot,
        allowExecute: this.options.allowExecute === true,
        llm: this.options.llm ?? null,
        onRecord: (r) => this.options.onIteration?.(r),
      });
    } finally {
      if (wasRunning) rotation.start();
    }
  }

  /**
   * Analyze Now: the six analysis perspectives back to back, ahead of the rotation. They run as
   * the rotation's next six iterations (iteration i runs perspective i mod 6, so six in a row
   * cover all six), stored and pushed like any other; the rotation pauses meanwhile (its
   * iteration under way finishes first) and resumes after. An abort stops it before the next
   * perspective; a failing perspective is stored as an error record and the others still run.
   */
  async analyzeNow(onProgress: (progress: AnalysisProgress) => void, signal: AbortSignal): Promise<AnalysisProgress> {
    if (this.analyzing) throw new AnalysisBusyError("an Analyze Now run is already under way");
    this.analyzing = true;
    const rotation = this.rotations.get("analysis")!;
    const wasStarted = rotation.isStarted;
    try {
      if (wasStarted) await rotation.stop();
      this.analysedOnce = true;
      const total = ANALYSIS_PERSPECTIVES.length;
      let progress: AnalysisProgress = { perspective: stepForIteration("analysis", this.options.store.nextIteration("analysis")), perspectives_done: 0, perspectives_total: total, files_done: 0, files_total: 0, failed: [] };
      for (let done = 0; done < total; done++) {
        signal.throwIfAborted();
        const perspective = stepForIteration("analysis", this.options.store.nextIteration("analysis"));
        progress = { ...progress, perspective, perspectives_done: done, files_done: 0 };
        onProgress(progress);
        const files: ParseProgress = (filesDone, filesTotal) => onProgress((progress = { ...progress, files_done: filesDone, files_total: filesTotal }));
        const outcome = await runWorkerIteration("analysis", this.iterationDeps(files), signal);
        if (outcome.error !== null) progress = { ...progress, failed: [...progress.failed, `${perspective.name}: ${outcome.error}`] };
        // Stored even when a cancel came while it ran (a pass under way is let finish): count it
        // before the next check, so "cancelled after N" names every stored perspective.
        progress = { ...progress, perspectives_done: done + 1, files_done: 0 };
        onProgress(progress);
      }
      progress = { ...progress, perspectives_done: total, files_done: progress.files_total };
      onProgress(progress);
      return progress;
    } finally {
      this.analyzing = false;
      if (wasStarted) rotation.start();
    }
  }

  /**
   * The analysis worker's first pass since the server started: it parses every file, seconds
   * on a large workspace, so how far it has read goes to `onFirstPassProgress` (Analyze Now has
   * its own progress). Stopping the worker ends it like any iteration.
   */
  private async firstPass(signal: AbortSignal): Promise<IterationOutcome> {
    const perspective = stepForIteration("analysis", this.options.store.nextIteration("analysis"));
    let progress: AnalysisProgress = { perspective, perspectives_done: 0, perspectives_total: 1, files_done: 0, files_total: 0, failed: [] };
    const tell = this.options.onFirstPassProgress;
    const files: ParseProgress = (done, total) => {
      if (total < LARGE_WORKSPACE_FILES || !tell) return;
      tell((progress = { ...progress, files_done: done, files_total: total }));
    };
    let outcome: IterationOutcome | null = null;
    try {
      outcome = await runWorkerIteration("analysis", this.iterationDeps(files), signal);
      this.analysedOnce = true;
      return outcome;
    } finally {
      // Told once more when it ends, whichever way, so a notification showing it can close.
      const failed = outcome?.error ? [`${perspective.name}: ${outcome.error}`] : outcome ? [] : [`${perspective.name}: stopped`];
      if (progress.files_total > 0) tell?.({ ...progress, perspectives_done: 1, failed });
    }
  }

  /** Stops the rotations and the analysis thread. */
  async close(): Promise<void> {
    await this.stopAll();
    await this.analysis.close();
  }

  /** The import graph of the latest architecture pass since the server started; kept in memory, not stored. */
  moduleGraph(): ModuleGraphView | null {
    return this.graph;
  }

  /** Every analysis pass, rotation or Analyze Now, keeps the latest architecture graph. */
  private async analyze(job: AnalysisJob, signal: AbortSignal, files?: ParseProgress): Promise<AnalysisResult> {
    const result = await this.analysis.run(job, signal, files);
    if (result.graph) this.graph = { computed_at: new Date().toISOString(), ...result.graph };
    return result;
  }

  status(): WorkerStatus[] {
    return WORKER_IDS.map((worker) => {
      const snap = this.rotations.get(worker)!.snapshot();
      const iteration = this.options.store.nextIteration(worker);
      const step = stepForIteration(worker, iteration);
      return { worker, iteration, current_step: { id: step.id, name: step.name }, ...snap };
    });
  }

  /**
   * One read at a time for all three workers: a worker that asks while a scan is under way
   * gets that scan's result, so the reader's cache is never raced. The config is read with
   * every scan, so edits to it apply without a restart.
   */
  /** What an iteration of any worker needs; `files` hears how the analysis's parsing goes. */
  private iterationDeps(files?: ParseProgress): IterationDeps {
    return {
      store: this.options.store,
      read: (s) => this.read(s),
      parseCache: this.parseCache,
      analyze: (job, signal) => this.analyze(job, signal, files),
      plan: (job, signal) => this.analysis.plan(job, signal),
      implement: (job, signal) => this.analysis.implement(job, signal),
      audit: (snapshot, parsed) => this.advisories.check(snapshot, parsed),
      onRecord: (record) => this.options.onIteration?.(record),
      allowExecute: this.options.allowExecute === true,
      llm: this.options.llm ?? null,
    };
  }

  private read(signal: AbortSignal): Promise<WorkspaceRead> {
    const reader = this.options.reader;
    const scanning =
      this.reading ??
      (this.reading = (async () => {
        await loadPythonParser();
        const config = await readWorkspaceConfig(reader.root);
        const snapshot = await reader.scan(undefined, config.ignore ?? []);
        this.options.onSnapshot?.(snapshot);
        const coverage = await readCoverageReports(snapshot.root);
        const problems = coverage.problems.map((reason) => ({ file: "coverage", reason }));
        const python = pythonParserProblem();
        if (python && snapshot.files.some((f) => f.path.endsWith(".py"))) problems.push({ file: "*.py", reason: `${python}; Python files get file-level checks only` });
        return { snapshot: { ...snapshot, skipped: [...snapshot.skipped, ...problems] }, config, coverageReports: coverage.reports };
      })().finally(() => {
        this.reading = null;
      }));
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      if (signal.aborted) return onAbort();
      signal.addEventListener("abort", onAbort, { once: true });
      scanning.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
    });
  }
}
