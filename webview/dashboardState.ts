import type { IterationSummary, ServerMessage, ServerStatus } from "../server/protocol";

/** How many iteration summaries the page keeps, newest first. */
export const RECENT_RECORDS = 30;

export interface DashboardState {
  hello: { version: string; workspace: string } | null;
  status: ServerStatus | null;
  records: IterationSummary[];
  lastError: string | null;
}

export const initialState: DashboardState = { hello: null, status: null, records: [], lastError: null };

/** Pure: the page's state after one server message. */
export function reduce(state: DashboardState, message: ServerMessage): DashboardState {
  switch (message.type) {
    case "hello":
      return { ...state, hello: { version: message.version, workspace: message.workspace } };
    case "status":
      return { ...state, status: message.status };
    case "iteration":
      return { ...state, records: newestFirst([message.summary], state.records) };
    case "history":
      return { ...state, records: newestFirst(message.summaries, state.records) };
    case "error":
      return { ...state, lastError: `${message.code}: ${message.message}` };
    default:
      return state;
  }
}

/** Merged, newest first, one per worker and iteration (the newer copy wins), bounded. */
function newestFirst(incoming: readonly IterationSummary[], known: readonly IterationSummary[]): IterationSummary[] {
  const key = (r: IterationSummary) => `${r.worker}#${r.iteration}`;
  const fresh = new Set(incoming.map(key));
  return [...incoming, ...known.filter((r) => !fresh.has(key(r)))]
    .sort((a, b) => b.timestamp.localeCompare(a.timestamp) || b.iteration - a.iteration)
    .slice(0, RECENT_RECORDS);
}
