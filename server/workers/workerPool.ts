import {
  WORKER_IDS,
  stepForIteration,
  type ImplementationRecord,
  type ImplementationTask,
  type IterationRecord,
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
import { AdvisoryChecks } from "./advisoryChecks";
import { runImplementationRequest } from "./implementationRequest";
import { defaultAnalysisRunner, type AnalysisRunner } from "./analysisRunner";
import type { LoadGate } from "./machineLoad";
import { Rotation } from "./rotation";
import { runWorkerIteration } from "./workerIteration";

export interface WorkerPoolOptions {
  store: LocalStore;
  reader: WorkspaceReader;
  intervalsMs: Record<WorkerId, number>;
  loadGate?: LoadGate;
  backoffBaseMs?: number;
  onIteration?: (record: IterationRecord) => void;
  onStatusChange?: () => void;
  /** Told of every workspace scan before any iteration uses it (the Hub publisher learns its secrets). */
  onSnapshot?: (snapshot: WorkspaceSnapshot) => void;
  /** Where analysis runs; by default a worker thread when its bundle is built. */
  analysis?: AnalysisRunner;
}

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

  constructor(private readonly options: WorkerPoolOptions) {
    this.analysis = options.analysis ?? defaultAnalysisRunner();
    for (const worker of WORKER_IDS) {
      this.rotations.set(
        worker,
        new Rotation({
          intervalMs: options.intervalsMs[worker],
          ...(options.loadGate ? { loadGate: options.loadGate } : {}),
          ...(options.backoffBaseMs !== undefined ? { backoffBaseMs: options.backoffBaseMs } : {}),
          run: (signal) =>
            runWorkerIteration(
              worker,
              {
                store: options.store,
                read: (s) => this.read(s),
                parseCache: this.parseCache,
                analyze: (job, signal) => this.analysis.run(job, signal),
                audit: (snapshot, parsed) => this.advisories.check(snapshot, parsed),
                onRecord: (record) => options.onIteration?.(record),
              },
              signal,
            ),
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
      return await runImplementationRequest(task, { store: this.options.store, parseCache: this.parseCache, snapshot, onRecord: (r) => this.options.onIteration?.(r) });
    } finally {
      if (wasRunning) rotation.start();
    }
  }

  /** Stops the rotations and the analysis thread. */
  async close(): Promise<void> {
    await this.stopAll();
    await this.analysis.close();
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
