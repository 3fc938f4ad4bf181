import type { WorkerId, WorkerStatus } from "../server/protocol";
import { el, time } from "./dom";

const STATE_TEXT: Record<WorkerStatus["state"], string> = {
  running: "running",
  stopped: "stopped",
  "backing-off": "backing off",
  paused: "paused",
};

export const WORKER_HEADINGS = ["Worker", "State", "Iteration", "Step", "Interval", "Last updated", "Skipped runs", "Last error", "Why", ""];

/**
 * One row per worker. `control` is null where this client may not start or stop workers; then
 * no button is drawn at all (the server would refuse the request anyway).
 */
export function renderWorkers(
  tbody: HTMLElement,
  workers: readonly WorkerStatus[],
  control: ((worker: WorkerId, run: boolean) => void) | null,
): void {
  tbody.replaceChildren(
    ...workers.map((w) =>
      el(
        "tr",
        { "data-worker": w.worker, "data-state": w.state },
        el("th", { scope: "row" }, w.worker),
        el("td", { class: "state" }, STATE_TEXT[w.state] + (w.busy ? " · working" : "")),
        el("td", { class: "iteration" }, String(w.iteration)),
        el("td", { class: "step" }, w.current_step.name),
        el("td", { class: "interval" }, w.interval_s === 0 ? "back to back" : `every ${w.interval_s} s`),
        el(
          "td",
          { class: "last-run" },
          w.last_run ? time(w.last_run.timestamp) : "never",
          w.last_run ? ` · ${Math.round(w.last_run.duration_ms)} ms · ${w.last_run.status.replace("_", " ")}` : "",
        ),
        el("td", { class: "skipped-runs" }, String(w.skipped_runs)),
        el(
          "td",
          { class: "last-error" },
          w.last_error ? el("span", {}, w.last_error.message, " (", time(w.last_error.timestamp), ")") : "none",
        ),
        el("td", { class: "reason" }, w.reason ?? ""),
        el("td", { class: "actions" }, control ? toggleButton(w, control) : null),
      ),
    ),
  );
}

function toggleButton(w: WorkerStatus, control: (worker: WorkerId, run: boolean) => void): HTMLElement {
  const run = w.state === "stopped";
  const button = el("vscode-button", { class: run ? "start" : "stop", "aria-label": `${run ? "Start" : "Stop"} ${w.worker}` }, run ? "Start" : "Stop");
  if (!run) button.setAttribute("secondary", "");
  button.addEventListener("click", () => {
    // One request per click: the button stays disabled until the server's status replaces the row.
    if (button.hasAttribute("disabled")) return;
    button.setAttribute("disabled", "");
    control(w.worker, run);
  });
  return button;
}
