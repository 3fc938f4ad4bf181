import { nextTask, runImplementationStage } from "../implementation";
import { runPlanningPerspective } from "../planning";
import {
  ANALYSIS_PERSPECTIVES,
  emptyInsights,
  stepForIteration,
  type CodeChange,
  type CumulativeInsights,
  type Finding,
  type SkippedFile,
  type ImplementationTask,
  type IterationRecord,
  type IterationStatus,
  type TestPlan,
  type WorkerId,
  type WorkspaceConfig,
  type WorkspaceScan,
} from "../protocol";
import { MAX_HELD_RECORDS, type LocalStore } from "../store";
import type { AuditOutcome, CoverageReportText, WorkspaceSnapshot } from "../workspace";
import type { AnalysisRunner } from "./analysisRunner";
import type { IterationOutcome } from "./rotation";

export interface IterationDeps {
  store: LocalStore;
  /** The workspace as it is now, and its `.autocoder/config.json`; rejects with the reason when either is unusable. */
  read: (signal: AbortSignal) => Promise<{ snapshot: WorkspaceSnapshot; config: WorkspaceConfig; coverageReports: CoverageReportText[] }>;
  /** Runs an analysis perspective (on its own thread in the server, so the event loop stays free). */
  analyze: AnalysisRunner["run"];
  /** Known advisories per lockfile (npm audit, cached); asked only by the dependencies step. */
  audit: (snapshot: WorkspaceSnapshot) => Promise<AuditOutcome[]>;
  onRecord: (record: IterationRecord) => void;
}

/** The latest findings of every analysis perspective, as the other workers see them. */
export function latestFindings(store: LocalStore): Finding[] {
  return ANALYSIS_PERSPECTIVES.flatMap((p) => store.latestForStep("analysis", p.id)?.results.findings ?? []);
}

export function latestPlans(store: LocalStore): TestPlan[] {
  const byId = new Map<string, TestPlan>();
  for (const record of store.recent("test-planning")) for (const plan of record.results.plans) byId.set(plan.id, plan);
  return [...byId.values()];
}

/**
 * Runs one iteration of a worker: reads the workspace, runs the step due for this iteration
 * number, and stores the record durably before reporting it. A failing step is stored as an
 * `error` record. A record the disk refuses is held by the store and retried with the next
 * iterations (reported as `storeProblem`, the pace stays); once the store holds the most it
 * may, the iteration fails without running so the rotation backs off.
 */
export async function runWorkerIteration(
  worker: WorkerId,
  deps: IterationDeps,
  signal: AbortSignal,
): Promise<IterationOutcome> {
  if (deps.store.heldCount(worker) >= MAX_HELD_RECORDS) {
    const retried = await deps.store.flush(worker);
    retried.written.forEach((r) => deps.onRecord(r));
    if (retried.problem) {
      const iteration = deps.store.nextIteration(worker);
      const message = `not running iteration ${iteration}: ${retried.problem}`;
      return { iteration, timestamp: new Date().toISOString(), duration_ms: 0, status: "error", summary: message, error: message };
    }
  }
  const iteration = deps.store.nextIteration(worker);
  const step = stepForIteration(worker, iteration);
  const started = performance.now();
  const timestamp = new Date().toISOString();

  let workspace: WorkspaceScan = { files: 0, bytes: 0, skipped: [], ms: 0 };
  let status: IterationStatus;
  let summary: string;
  let error: string | null = null;
  let body: StepBody;
  try {
    const { snapshot, config, coverageReports } = await deps.read(signal);
    const audits = worker === "analysis" && step.id === "dependencies" ? await deps.audit(snapshot) : [];
    workspace = { files: snapshot.files.length, bytes: snapshot.bytes, skipped: snapshot.skipped, ms: round(snapshot.ms) };
    signal.throwIfAborted();
    body = await runStep(worker, step, { snapshot, config, coverageReports, audits }, deps, signal);
    status = body.status;
    summary = `${describeScan(workspace)} ${body.summary}`;
  } catch (err) {
    if (signal.aborted) throw err;
    error = err instanceof Error ? err.message : String(err);
    status = "error";
    summary = `${step.name} failed: ${error}`;
    body = emptyBody(worker, deps.store);
  }

  const duration_ms = round(performance.now() - started);
  const common = { iteration, timestamp, duration_ms, status, summary, error, workspace };
  const record: IterationRecord = toRecord(step, common, body);
  let stored;
  try {
    stored = await deps.store.append(record);
  } catch (err) {
    const message = `could not store iteration ${iteration}: ${(err as Error).message}`;
    return { iteration, timestamp, duration_ms, status: "error", summary: message, error: message };
  }
  // Pushed only once durable: held records go out, in order, with the write that finally takes them.
  stored.written.forEach((r) => deps.onRecord(r));
  return { iteration, timestamp, duration_ms, status, summary, error, storeProblem: stored.problem };
}

type StepBody =
  | { worker: "analysis"; status: "ok" | "not_implemented"; summary: string; findings: Finding[]; skipped: SkippedFile[] }
  | {
      worker: "test-planning";
      status: "ok" | "not_implemented";
      summary: string;
      plans: TestPlan[];
      insights: CumulativeInsights;
    }
  | {
      worker: "implementation";
      status: "ok" | "not_implemented";
      summary: string;
      task: ImplementationTask | null;
      notes: string[];
      codeChanges: CodeChange[];
    };

async function runStep(
  worker: WorkerId,
  step: { id: string; name: string },
  read: { snapshot: WorkspaceSnapshot; config: WorkspaceConfig; coverageReports: CoverageReportText[]; audits: AuditOutcome[] },
  deps: IterationDeps,
  signal: AbortSignal,
): Promise<StepBody> {
  const store = deps.store;
  const snapshot = read.snapshot;
  switch (worker) {
    case "analysis":
      return { worker, ...(await deps.analyze({ step, ...read }, signal)) };
    case "test-planning": {
      const previousInsights = store.latest("test-planning")?.cumulative_insights ?? emptyInsights();
      return { worker, ...runPlanningPerspective(step, { snapshot, findings: latestFindings(store), previousInsights }) };
    }
    case "implementation": {
      const task = nextTask(latestFindings(store), latestPlans(store));
      return { worker, task, ...runImplementationStage(step, { snapshot, task }) };
    }
  }
}

/** What an `error` record carries: nothing new, and the running counts unchanged. */
function emptyBody(worker: WorkerId, store: LocalStore): StepBody {
  switch (worker) {
    case "analysis":
      return { worker, status: "ok", summary: "", findings: [], skipped: [] };
    case "test-planning":
      return {
        worker,
        status: "ok",
        summary: "",
        plans: [],
        insights: store.latest("test-planning")?.cumulative_insights ?? emptyInsights(),
      };
    case "implementation":
      return { worker, status: "ok", summary: "", task: null, notes: [], codeChanges: [] };
  }
}

/** The fields every record of every worker has. */
type CommonFields = Pick<IterationRecord, "iteration" | "timestamp" | "duration_ms" | "status" | "summary" | "error" | "workspace">;

function toRecord(step: { id: string; name: string }, common: CommonFields, body: StepBody): IterationRecord {
  switch (body.worker) {
    case "analysis":
      return { worker: "analysis", ...common, perspective_id: step.id, perspective_name: step.name, results: { findings: body.findings, skipped: body.skipped } };
    case "test-planning":
      return {
        worker: "test-planning",
        ...common,
        perspective_id: step.id,
        perspective_name: step.name,
        results: { plans: body.plans },
        cumulative_insights: body.insights,
      };
    case "implementation":
      return {
        worker: "implementation",
        ...common,
        stage_id: step.id,
        stage_name: step.name,
        task: body.task,
        results: { notes: body.notes },
        analysis: { code_changes: body.codeChanges },
      };
  }
}

/** "Scanned 42 files (1.2 MB); skipped 3 (2 binary file, 1 larger than …)." */
export function describeScan(scan: WorkspaceScan): string {
  const head = `Scanned ${scan.files} file${scan.files === 1 ? "" : "s"} (${formatBytes(scan.bytes)})`;
  if (scan.skipped.length === 0) return `${head}.`;
  const reasons = new Map<string, number>();
  for (const s of scan.skipped) {
    const kind = s.reason.split(/[:(;]/)[0]!.trim();
    reasons.set(kind, (reasons.get(kind) ?? 0) + 1);
  }
  const parts = [...reasons].map(([reason, n]) => `${n} ${reason}`).join(", ");
  return `${head}; skipped ${scan.skipped.length} (${parts}).`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
