import {
  applyFindingChanges,
  applyPlanChanges,
  type AnalysisSummary,
  type FindingSet,
  type ImplementationSummary,
  type IterationSummary,
  type PlanSet,
  type ServerMessage,
  type ServerStatus,
} from "../server/protocol";

/** How many iteration summaries the page lists, newest first. */
export const RECENT_RECORDS = 30;
/** How many summaries per worker the page keeps for the trend and the totals: what `history` sends. */
export const KEPT_PER_WORKER = 200;

/** What the page shows of the latest plans: counts. */
export interface PlanningCounts {
  iteration: number | null;
  plans: number;
  cases: number;
  failureModes: number;
  integrationPoints: number;
  edgeCases: number;
}

export interface DashboardState {
  hello: { version: string; workspace: string } | null;
  status: ServerStatus | null;
  /** The latest summaries of every worker, newest first, for the iterations list. */
  records: IterationSummary[];
  /** Analysis passes, oldest first: the trend of new and resolved findings. */
  analysis: AnalysisSummary[];
  /** Implementation stages, oldest first: what was generated. */
  implementation: ImplementationSummary[];
  findings: FindingSet | null;
  /** Kept whole only so pushed changes can be applied to them. */
  plans: PlanSet | null;
  planning: PlanningCounts | null;
  lastError: string | null;
}

export const initialState: DashboardState = {
  hello: null,
  status: null,
  records: [],
  analysis: [],
  implementation: [],
  findings: null,
  plans: null,
  planning: null,
  lastError: null,
};

/** Pure: the page's state after one server message. */
export function reduce(state: DashboardState, message: ServerMessage): DashboardState {
  switch (message.type) {
    case "hello":
      return { ...state, hello: { version: message.version, workspace: message.workspace } };
    case "status":
      return { ...state, status: message.status };
    case "iteration":
      return withSummaries(state, [message.summary]);
    case "history":
      return withSummaries(state, message.summaries);
    case "findings":
      return { ...state, findings: { iteration: message.iteration, findings: message.findings } };
    case "findings.changed":
      return { ...state, findings: applyFindingChanges(state.findings, message) };
    case "testPlans":
      return withPlans(state, { iteration: message.iteration, plans: message.plans, cumulative_insights: message.cumulative_insights });
    case "testPlans.changed":
      return withPlans(state, applyPlanChanges(state.plans, message));
    case "error":
      return { ...state, lastError: `${message.code}: ${message.message}` };
    default:
      return state;
  }
}

function withPlans(state: DashboardState, plans: PlanSet): DashboardState {
  const insights = plans.cumulative_insights;
  return {
    ...state,
    plans,
    planning: {
      iteration: plans.iteration,
      plans: plans.plans.length,
      cases: plans.plans.reduce((n, p) => n + p.cases.length, 0),
      failureModes: insights.failure_modes_identified.count,
      integrationPoints: insights.integration_points_found.count,
      edgeCases: insights.edge_cases_discovered.count,
    },
  };
}

function withSummaries(state: DashboardState, incoming: readonly IterationSummary[]): DashboardState {
  if (incoming.length === 0) return state;
  const analysis = incoming.filter((s): s is AnalysisSummary => s.worker === "analysis");
  const implementation = incoming.filter((s): s is ImplementationSummary => s.worker === "implementation");
  return {
    ...state,
    records: newestFirst(incoming, state.records),
    analysis: analysis.length ? oldestFirst(analysis, state.analysis) : state.analysis,
    implementation: implementation.length ? oldestFirst(implementation, state.implementation) : state.implementation,
  };
}

const key = (r: IterationSummary) => `${r.worker}#${r.iteration}`;

/** Merged, one per worker and iteration (the newer copy wins). */
function merged<T extends IterationSummary>(incoming: readonly T[], known: readonly T[]): T[] {
  const fresh = new Set(incoming.map(key));
  return [...incoming, ...known.filter((r) => !fresh.has(key(r)))];
}

function newestFirst(incoming: readonly IterationSummary[], known: readonly IterationSummary[]): IterationSummary[] {
  return merged(incoming, known)
    .sort((a, b) => b.timestamp.localeCompare(a.timestamp) || b.iteration - a.iteration)
    .slice(0, RECENT_RECORDS);
}

/** One worker's summaries by iteration number, the last KEPT_PER_WORKER of them. */
function oldestFirst<T extends IterationSummary>(incoming: readonly T[], known: readonly T[]): T[] {
  return merged(incoming, known)
    .sort((a, b) => a.iteration - b.iteration)
    .slice(-KEPT_PER_WORKER);
}
