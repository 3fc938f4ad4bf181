import type {
  CumulativeInsights,
  Finding,
  ImplementationRecord,
  IterationRecord,
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
  iterations(worker: WorkerId, limit: number): IterationRecord[];
  startWorker(worker: WorkerId): void;
  stopWorker(worker: WorkerId): Promise<void>;
}
