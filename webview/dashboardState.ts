import type { IterationRecord, ServerMessage, ServerStatus } from "../server/protocol";

/** How many iteration records the page keeps, newest first. */
export const RECENT_RECORDS = 30;

export interface DashboardState {
  hello: { version: string; workspace: string } | null;
  status: ServerStatus | null;
  records: IterationRecord[];
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
    case "iteration": {
      const record = message.record;
      const others = state.records.filter((r) => !(r.worker === record.worker && r.iteration === record.iteration));
      const records = [record, ...others]
        .sort((a, b) => b.timestamp.localeCompare(a.timestamp) || b.iteration - a.iteration)
        .slice(0, RECENT_RECORDS);
      return { ...state, records };
    }
    case "error":
      return { ...state, lastError: `${message.code}: ${message.message}` };
    default:
      return state;
  }
}
