import type { DashboardState } from "./dashboardState";
import { describeTests, findingsByPerspective, implementationsGenerated, overview, type SeverityCounts } from "./dashboardMetrics";
import { el } from "./dom";

export function renderOverview(target: HTMLElement, state: DashboardState): void {
  if (!state.status) {
    target.replaceChildren(el("p", {}, "Waiting for the server's status…"));
    return;
  }
  const o = overview(state.status);
  target.dataset.kind = o.kind;
  const headline = o.kind === "operational" ? "All operational" : o.kind === "degraded" ? "Degraded" : "All workers stopped";
  target.replaceChildren(
    el("strong", { class: "headline" }, headline),
    el("span", { class: "online" }, ` · ${o.online} of ${o.total} workers online`),
    ...(o.problems.length ? [el("ul", { class: "problems" }, ...o.problems.map((p) => el("li", {}, p)))] : []),
  );
}

function severityCells(c: SeverityCounts): HTMLElement[] {
  return [
    el("td", { class: "error num" }, String(c.error)),
    el("td", { class: "warning num" }, String(c.warning)),
    el("td", { class: "info num" }, String(c.info)),
    el("td", { class: "total num" }, String(c.total)),
  ];
}

export function renderFindingsMatrix(table: HTMLElement, state: DashboardState): void {
  const { rows, total } = findingsByPerspective(state.findings?.findings ?? []);
  table.replaceChildren(
    el("thead", {}, el("tr", {}, ...["Perspective", "Errors", "Warnings", "Info", "Total"].map((h) => el("th", { scope: "col" }, h)))),
    el(
      "tbody",
      {},
      ...(state.findings === null
        ? [el("tr", {}, el("td", { colspan: "5" }, "No findings received yet."))]
        : rows.map((r) => el("tr", { "data-perspective": r.perspective }, el("th", { scope: "row" }, r.perspective), ...severityCells(r.counts)))),
    ),
    el("tfoot", {}, el("tr", { "data-perspective": "" }, el("th", { scope: "row" }, "All perspectives"), ...severityCells(total))),
  );
}

function tile(name: string, label: string, value: string, note = "", extra: HTMLElement[] = []): HTMLElement {
  return el("div", { class: "tile", "data-metric": name }, el("span", { class: "value" }, value), el("span", { class: "label" }, label), ...extra, note ? el("span", { class: "note" }, note) : null);
}

export function renderTiles(target: HTMLElement, state: DashboardState): void {
  const p = state.planning;
  const impl = implementationsGenerated(state.implementation);
  const n = (v: number | undefined) => (v === undefined ? "—" : String(v));
  target.replaceChildren(
    tile("findings", "findings", n(state.findings?.findings.length)),
    tile("plans", "test plans", n(p?.plans), p ? `${p.cases} cases` : ""),
    tile("failure-modes", "failure modes identified", n(p?.failureModes)),
    tile("integration-points", "integration points found", n(p?.integrationPoints)),
    tile("edge-cases", "edge cases discovered", n(p?.edgeCases)),
    tile("implementations", "implementations generated", String(impl.tasks), `${impl.codeChanges} code change(s) over the last ${impl.stages} stage(s)`, [
      el("span", { class: "tests", "data-passed": String(impl.tests.passed), "data-failed": String(impl.tests.failed), "data-files": String(impl.tests.files) }, describeTests(impl.tests)),
    ]),
  );
}
