import { el } from "./dom";
import { WORKER_HEADINGS } from "./workersView";

/** The static frame of the page; the render functions fill its parts. */
export function pageFrame(): HTMLElement {
  return el(
    "main",
    {},
    el("h1", {}, "Autocoder"),
    el("p", { id: "connection", role: "status", "aria-live": "polite" }, "Starting…"),
    el("div", { id: "meta" }),
    el("section", { id: "overview", "aria-label": "System overview" }),
    el("h2", {}, "Workers"),
    el(
      "div",
      { class: "scroll" },
      el(
        "table",
        { id: "workers" },
        el("thead", {}, el("tr", {}, ...WORKER_HEADINGS.map((h) => el("th", { scope: "col" }, h)))),
        el("tbody", {}),
      ),
    ),
    el("p", { id: "control-note", class: "muted" }),
    el("h2", {}, "Metrics"),
    el("div", { id: "tiles" }),
    el(
      "div",
      { class: "columns" },
      el("section", {}, el("h3", {}, "Findings by perspective and severity"), el("table", { id: "findings-matrix" })),
      el("section", {}, el("h3", {}, "New vs resolved findings per analysis pass"), el("div", { id: "trend" })),
    ),
    el("h2", {}, "Architecture"),
    el("section", { id: "architecture", "aria-label": "Module import graph" }),
    el("h2", {}, "Latest findings"),
    el("p", { id: "findings-note", class: "muted" }),
    el("ol", { id: "findings" }),
    el("h2", {}, "Latest iterations"),
    el("ol", { id: "records" }),
    el("h2", {}, "Problems"),
    el("ul", { id: "problems" }),
  );
}
