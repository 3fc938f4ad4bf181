import type {
  CumulativeInsights,
  Finding,
  ImplementationRecord,
  ImplementationTask,
  IterationRecord,
  ModuleGraphView,
  ServerStatus,
  TestPlan,
  WorkerId,
} from "../protocol";

/** What the HTTP and WebSocket layer may ask of the running server: data out, commands in. */
export interface Backend {
  status(): ServerStatus;
  findings(): { iteration: number | null; findings: Finding[] };
  testPlans(): { iteration: number | null; plans: TestPlan[]; cumulative_insights: CumulativeInsights };
  implementations(): ImplementationRecord[];
  /** Runs the six stages for one task now; rejects with `TaskNotFound` when the task is unknown. */
  implement(task: ImplementationTask): Promise<ImplementationRecord[]>;
  iterations(worker: WorkerId, limit: number): IterationRecord[];
  /** The latest architecture pass's import graph; null until one ran. */
  moduleGraph(): ModuleGraphView | null;
  startWorker(worker: WorkerId): void;
  stopWorker(worker: WorkerId): Promise<void>;
}

/** The task of a request is not among the latest findings or plans: a client error, said as such. */
export class TaskNotFound extends Error {}
