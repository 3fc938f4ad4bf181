import type { IterationSummary, WorkerStatus } from "../server/protocol";
import type { DashboardState } from "./dashboardState";
import { relativeTime } from "./relativeTime";
import type { ConnectionState } from "./transport";

// Everything here builds DOM with createElement and textContent: whatever the server sends
// (file names, summaries, errors) is shown as text and can never become markup.

type Child = Node | string | null;

function el(tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  for (const child of children) if (child !== null) node.append(child);
  return node;
}

/** A timestamp whose relative text a one-second timer refreshes in place. */
function time(iso: string | null, fallback = "—"): HTMLElement {
  if (iso === null) return el("span", {}, fallback);
  return el("time", { datetime: iso, title: iso, "data-time": iso }, relativeTime(iso, Date.now()));
}

export function refreshTimes(root: ParentNode): void {
  const now = Date.now();
  for (const node of root.querySelectorAll<HTMLElement>("[data-time]")) node.textContent = relativeTime(node.dataset.time!, now);
}

export function renderConnection(target: HTMLElement, state: ConnectionState): void {
  target.dataset.state = state.kind;
  target.textContent =
    state.kind === "open"
      ? "Connected: updates arrive as the workers finish each iteration."
      : state.kind === "connecting"
        ? "Connecting to the Autocoder server…"
        : `Disconnected: ${state.reason}${state.retryInMs !== null ? ` Retrying in ${Math.round(state.retryInMs / 1000)} s.` : ""}`;
}

export function renderMeta(target: HTMLElement, state: DashboardState): void {
  target.replaceChildren();
  if (!state.hello) return;
  target.append(
    el("span", {}, "Workspace "),
    el("code", { class: "workspace" }, state.hello.workspace),
    el("span", {}, ` · server ${state.hello.version}`),
  );
  const recovered = state.status?.store.recovered ?? [];
  for (const r of recovered) {
    target.append(el("p", { class: "warning" }, `The ${r.worker} store had ${r.lines} damaged line(s), set aside in ${r.corrupt_file}.`));
  }
  if (state.status?.store.last_error) target.append(el("p", { class: "warning" }, `Store problem: ${state.status.store.last_error}`));
}

const STATE_TEXT: Record<WorkerStatus["state"], string> = {
  running: "running",
  stopped: "stopped",
  "backing-off": "backing off",
  paused: "paused",
};

export function renderWorkers(tbody: HTMLElement, workers: readonly WorkerStatus[]): void {
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
      ),
    ),
  );
}

export function renderRecords(list: HTMLElement, records: readonly IterationSummary[]): void {
  const open = new Set([...list.querySelectorAll<HTMLDetailsElement>("details[open]")].map((d) => d.dataset.key));
  list.replaceChildren(
    ...records.map((r) => {
      const step = r.worker === "implementation" ? r.stage_name : r.perspective_name;
      const key = `${r.worker}:${r.iteration}`;
      const item = el(
        "li",
        { "data-worker": r.worker, "data-iteration": String(r.iteration), "data-status": r.status },
        el("span", { class: "head" }, `${r.worker} #${r.iteration} · ${step} · `, time(r.timestamp)),
        el("span", { class: "status" }, r.status === "not_implemented" ? "not implemented yet" : r.status),
        el("p", { class: "summary" }, r.summary),
      );
      if (r.workspace.skipped_count > 0) {
        const details = el(
          "details",
          { "data-key": key },
          el("summary", {}, `${r.workspace.skipped_count} file(s) skipped`),
          el(
            "ul",
            { class: "skipped" },
            ...r.workspace.skipped.map((s) => el("li", {}, el("code", {}, s.file), ` — ${s.reason}`)),
            ...(r.workspace.skipped_count > r.workspace.skipped.length ? [el("li", {}, `and ${r.workspace.skipped_count - r.workspace.skipped.length} more`)] : []),
          ),
        ) as HTMLDetailsElement;
        details.open = open.has(key);
        item.append(details);
      }
      return item;
    }),
  );
}

export function appendProblem(list: HTMLElement, text: string): void {
  list.append(el("li", {}, text));
  while (list.children.length > 20) list.firstElementChild!.remove();
}

/** The static frame of the page; the render functions fill its parts. */
export function pageFrame(): HTMLElement {
  return el(
    "main",
    {},
    el("h1", {}, "Autocoder"),
    el("p", { id: "connection", role: "status", "aria-live": "polite" }, "Starting…"),
    el("div", { id: "meta" }),
    el("h2", {}, "Workers"),
    el(
      "table",
      { id: "workers" },
      el(
        "thead",
        {},
        el(
          "tr",
          {},
          ...["Worker", "State", "Iteration", "Step", "Interval", "Last run", "Skipped runs", "Last error", "Why"].map((h) =>
            el("th", { scope: "col" }, h),
          ),
        ),
      ),
      el("tbody", {}),
    ),
    el("h2", {}, "Latest iterations"),
    el("ol", { id: "records" }),
    el("h2", {}, "Problems"),
    el("ul", { id: "problems" }),
  );
}
