import type { IterationSummary } from "../server/protocol";
import type { DashboardState } from "./dashboardState";
import { el, time } from "./dom";
import type { ConnectionState } from "./transport";

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

