import type { Finding, Range } from "../server/protocol";
import { latestFindings } from "./dashboardMetrics";
import { el } from "./dom";

export const LATEST_FINDINGS = 50;

/** Opens a workspace file at a range; null where the page cannot (the served page in a browser). */
export type OpenFile = ((file: string, range?: Range) => void) | null;

export function renderFindings(list: HTMLElement, note: HTMLElement, findings: readonly Finding[] | null, open: OpenFile): void {
  if (findings === null) {
    note.textContent = "No findings received yet.";
    list.replaceChildren();
    return;
  }
  const shown = latestFindings(findings, LATEST_FINDINGS);
  note.textContent =
    findings.length === 0 ? "The latest analysis passes found nothing." : `${shown.length} of ${findings.length}, errors first.`;
  list.replaceChildren(...shown.map((f) => item(f, open)));
}

function item(f: Finding, open: OpenFile): HTMLElement {
  const where = `${f.file}:${f.range.start.line}:${f.range.start.column}`;
  const location = open
    ? el("a", { href: "#", class: "location", title: `Open ${where}` }, where)
    : el("code", { class: "location" }, where);
  if (open) {
    location.addEventListener("click", (event) => {
      event.preventDefault();
      open(f.file, f.range);
    });
  }
  return el(
    "li",
    { "data-severity": f.severity, "data-id": f.id },
    el("span", { class: "severity" }, f.severity),
    el("span", { class: "message" }, f.message),
    el("div", { class: "meta" }, location, ` · ${f.perspective} · ${f.rule}`),
    f.evidence ? el("pre", { class: "evidence" }, f.evidence) : null,
    f.suggestion ? el("p", { class: "suggestion" }, f.suggestion) : null,
  );
}
