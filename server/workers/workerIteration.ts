import { nextTask, taskKey, taskScope, type ModelSpec } from "../implementation";
import { mergePlans } from "../planning";
import {
  ANALYSIS_PERSPECTIVES,
  IMPLEMENTATION_STAGES,
  TEST_PLANNING_PERSPECTIVES,
  emptyInsights,
  stepForIteration,
  type CodeChange,
  type CumulativeInsights,
  type Finding,
  type SkippedFile,
  type ImplementationRecord,
  type ImplementationTask,
  type IterationRecord,
  type IterationStatus,
  type TestPlan,
  type WorkerId,
  type WorkspaceConfig,
  type WorkspaceScan,
} from "../protocol";
import { MAX_HELD_RECORDS, type LocalStore } from "../store";
import type { AuditOutcome, CoverageReportText, ParseCache, ParsedFile, WorkspaceSnapshot } from "../workspace";
import type { AnalysisRunner, PlanningJob } from "./analysisRunner";
import { previousIterationBaseline } from "./apiBaseline";
import type { IterationOutcome } from "./rotation";

export interface IterationDeps {
  store: LocalStore;
  /** The workspace as it is now, and its `.autocoder/config.json`; rejects with the reason when either is unusable. */
  read: (signal: AbortSignal) => Promise<{ snapshot: WorkspaceSnapshot; config: WorkspaceConfig; coverageReports: CoverageReportText[] }>;
  /** Runs an analysis perspective (on its own thread in the server, so the event loop stays free). */
  analyze: AnalysisRunner["run"];
  /** Runs a test-planning perspective, beside analysis and its parse cache. */
  plan: AnalysisRunner["plan"];
  /** Runs an implementation stage, beside analysis and its parse cache. */
  implement: AnalysisRunner["implement"];
  /** Parses the Python manifests the dependencies step audits here; everything else parses beside the analyses. */
  parseCache: ParseCache;
  /** Known advisories per manifest (npm audit, OSV; cached); asked only by the dependencies step. */
  audit: (snapshot: WorkspaceSnapshot, manifests: readonly ParsedFile[]) => Promise<AuditOutcome[]>;
  onRecord: (record: IterationRecord) => void;
  /** Whether the implementation stages may run workspace code (`--allow-execute`). */
  allowExecute?: boolean;
  /** The optional model implementation may ask for code (`--llm`). */
  llm?: ModelSpec | null;
}

/** The latest findings of every analysis perspective, as the other workers see them. */
export function latestFindings(store: LocalStore): Finding[] {
  return ANALYSIS_PERSPECTIVES.flatMap((p) => store.latestForStep("analysis", p.id)?.results.findings ?? []);
}

/** When each task last went through the final stage, from the recent records: the queue takes the others first. */
function recentlyImplemented(store: LocalStore): Map<string, number> {
  const last = IMPLEMENTATION_STAGES[IMPLEMENTATION_STAGES.length - 1]!.id;
  const done = new Map<string, number>();
  for (const r of store.recent("implementation")) if (r.stage_id === last && r.task) done.set(taskKey(r.task), r.iteration);
  return done;
}

/** Every unit's plan as the latest iteration of each planning perspective left it, merged. */
export function latestPlans(store: LocalStore): TestPlan[] {
  return mergePlans(TEST_PLANNING_PERSPECTIVES.map((p) => store.latestForStep("test-planning", p.id)?.results.plans ?? []));
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
    // Only the Python manifests are parsed here: the rest of the analysis parses on its own thread.
    const manifests = () => deps.parseCache.all(snapshot.files.filter((f) => /(^|\/)(requirements[^/]*\.(txt|in)|pyproject\.toml)$/.test(f.path)));
    const audits = worker === "analysis" && step.id === "dependencies" ? await deps.audit(snapshot, manifests()) : [];
    // Only the backwards-compatibility step compares with an earlier API; asking git costs a process.
    const compareApi = worker === "test-planning" && step.id === "backwards-compatibility" ? { fallback: previousIterationBaseline(latestPlans(deps.store)) } : null;
    workspace = { files: snapshot.files.length, bytes: snapshot.bytes, skipped: snapshot.skipped, ms: round(snapshot.ms) };
    signal.throwIfAborted();
    body = await runStep(worker, step, { snapshot, config, coverageReports, audits, compareApi }, deps, signal);
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
      testRun: ImplementationRecord["test_run"];
    };

async function runStep(
  worker: WorkerId,
  step: { id: string; name: string },
  read: { snapshot: WorkspaceSnapshot; config: WorkspaceConfig; coverageReports: CoverageReportText[]; audits: AuditOutcome[]; compareApi: PlanningJob["compareApi"] },
  deps: IterationDeps,
  signal: AbortSignal,
): Promise<StepBody> {
  const store = deps.store;
  const snapshot = read.snapshot;
  switch (worker) {
    case "analysis":
      return { worker, ...(await deps.analyze({ step, snapshot, config: read.config, coverageReports: read.coverageReports, audits: read.audits }, signal)) };
    case "test-planning": {
      const previousInsights = store.latest("test-planning")?.cumulative_insights ?? emptyInsights();
      return { worker, ...(await deps.plan({ step, snapshot, findings: latestFindings(store), previousInsights, compareApi: read.compareApi }, signal)) };
    }
    case "implementation": {
      const findings = latestFindings(store);
      const plans = latestPlans(store);
      // A task goes through the six stages in order; only the first stage picks the next one.
      const first = IMPLEMENTATION_STAGES[0]!.id === step.id;
      const previous = store.latest("implementation");
      // A task starts only at the first stage; a cycle that began without one waits for the next.
      const task = first ? nextTask(findings, plans, recentlyImplemented(store)) : (previous?.task ?? null);
      const scope = taskScope(task, findings, plans);
      return { worker, task, ...(await deps.implement({ step, snapshot, task, ...scope, allowExecute: deps.allowExecute === true, llm: deps.llm ?? null }, signal)) };
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
      return { worker, status: "ok", summary: "", task: null, notes: [], codeChanges: [], testRun: null };
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
        test_run: body.testRun,
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
