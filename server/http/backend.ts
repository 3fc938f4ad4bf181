import type {
  FindingSet,
  ImplementationRecord,
  ImplementationTask,
  IterationRecord,
  ModuleGraphView,
  ServerStatus,
  PlanSet,
  StepInfo,
  WorkerId,
} from "../protocol";

/** What the HTTP and WebSocket layer may ask of the running server: data out, commands in. */
export interface Backend {
  status(): ServerStatus;
  /** In the protocol's one order (`canonicalFindings`): subscribers rebuild this list from pushed changes. */
  findings(): FindingSet;
  testPlans(): PlanSet;
  implementations(): ImplementationRecord[];
  /** Runs the six stages for one task now; rejects with `TaskNotFound` when the task is unknown. */
  implement(task: ImplementationTask): Promise<ImplementationRecord[]>;
  iterations(worker: WorkerId, limit: number): IterationRecord[];
  /** One of the worker's recent records (the latest 200), whole; undefined when it is not among them. */
  record(worker: WorkerId, iteration: number): IterationRecord | undefined;
  /** Runs the six analysis perspectives now, reporting as it goes; rejects with `AnalysisBusy` while another run is under way, with the signal's reason once aborted. */
  analyzeNow(onProgress: (progress: AnalysisNowProgress) => void, signal: AbortSignal): Promise<AnalysisNowProgress>;
  /** The latest architecture pass's import graph; null until one ran. */
  moduleGraph(): ModuleGraphView | null;
  startWorker(worker: WorkerId): void;
  stopWorker(worker: WorkerId): Promise<void>;
}

/** How far an Analyze Now run (or the first pass of a large workspace) is: the fields of the protocol's `analysis.progress`. */
export interface AnalysisNowProgress {
  perspective: StepInfo;
  perspectives_done: number;
  perspectives_total: number;
  files_done: number;
  files_total: number;
  failed: string[];
}

/** Another Analyze Now run is under way. */
export class AnalysisBusy extends Error {}

/** The task of a request is not among the latest findings or plans: a client error, said as such. */
export class TaskNotFound extends Error {}

/** A backend that only shows what another server published refuses to act with this; clients get code `read_only`. */
export class ReadOnlyRefusal extends Error {}
