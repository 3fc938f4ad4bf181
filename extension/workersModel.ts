import type { WorkerStatus } from "../server/protocol";
import type { SessionState } from "./serverSession";
import { WORKER_LABELS } from "./workerLabels";

/** One row of the Workers view, decided from the protocol alone; the tree only draws it. */
export type WorkerNode =
  | {
      kind: "worker";
      worker: WorkerStatus["worker"];
      label: string;
      /** state, iteration and current step in one line. */
      description: string;
      tooltip: string;
      icon: "running" | "busy" | "stopped" | "error" | "paused";
      /** Drives the inline Start or Stop action; a read-only server's workers get neither. */
      contextValue: "worker.running" | "worker.stopped" | "worker.readOnly";
    }
  | { kind: "connection"; label: string; description: string; icon: "connecting" | "disconnected" };

function workerNode(w: WorkerStatus, now: Date, readOnly: boolean): WorkerNode {
  const lastUpdate = w.last_run ? ago(new Date(w.last_run.timestamp), now) : "no run yet";
  const step = `${w.current_step.name}`;
  // A read-only server's workers never run here: "stopped" would suggest Start could help.
  const state = readOnly ? "read-only" : w.busy ? `${w.state}, working` : w.state;
  const lines = [
    `${WORKER_LABELS[w.worker]}: ${state}`,
    `iteration ${w.iteration}, step ${step}`,
    `last update ${lastUpdate}`,
  ];
  if (w.reason) lines.push(`why: ${w.reason}`);
  if (w.last_error) lines.push(`last error (iteration ${w.last_error.iteration}): ${w.last_error.message}`);
  const failing = w.state === "backing-off" || (w.last_error !== null && w.consecutive_failures > 0);
  return {
    kind: "worker",
    worker: w.worker,
    label: WORKER_LABELS[w.worker],
    description: failing && w.last_error ? `${w.state} · ${w.last_error.message}` : `${state} · #${w.iteration} · ${step} · ${lastUpdate}`,
    tooltip: lines.join("\n"),
    icon: failing ? "error" : w.state === "paused" ? "paused" : w.state === "stopped" ? "stopped" : w.busy ? "busy" : "running",
    contextValue: readOnly ? "worker.readOnly" : w.state === "stopped" ? "worker.stopped" : "worker.running",
  };
}

function ago(then: Date, now: Date): string {
  const s = Math.max(0, Math.round((now.getTime() - then.getTime()) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  return `${Math.round(s / 3600)} h ago`;
}

/**
 * The rows for a session: one per worker while connected; while not, the reason first and the
 * workers as last seen (a disconnected list would otherwise look live). `readOnly`: the server
 * only shows what another published (its status carries `read_only`).
 */
export function workerNodes(state: SessionState, workers: readonly WorkerStatus[] | null, now = new Date(), readOnly = false): WorkerNode[] {
  const rows = (workers ?? []).map((w) => workerNode(w, now, readOnly));
  switch (state.kind) {
    case "connected":
      return rows;
    case "connecting":
      return [{ kind: "connection", label: "Connecting", description: state.url, icon: "connecting" }, ...rows];
    case "starting-server":
      return [{ kind: "connection", label: "Starting the local server", description: "", icon: "connecting" }];
    case "disconnected":
      return [{ kind: "connection", label: "Disconnected", description: state.reason, icon: "disconnected" }, ...rows];
    case "server-failed":
    case "idle":
      return [{ kind: "connection", label: "Not running", description: state.reason, icon: "disconnected" }];
  }
}
