export { AnalysisBusyError, WorkerPool, type AnalysisProgress, type WorkerPoolOptions } from "./workerPool";
export { Rotation, type RotationOptions, type IterationOutcome } from "./rotation";
export { backoffDelay, BACKOFF_CAP_MS } from "./backoff";
export { judgeLoad, systemLoadGate, type LoadGate, type LoadVerdict } from "./machineLoad";
export { runWorkerIteration, describeScan, formatBytes, latestFindings, latestPlans } from "./workerIteration";
export { AdvisoryChecks } from "./advisoryChecks";
export { InProcessAnalysis, ThreadedAnalysis, defaultAnalysisRunner, type AnalysisRunner, type AnalysisJob, type ImplementationJob, type PlanningJob } from "./analysisRunner";
export { TaskNotFoundError } from "./implementationRequest";
