import { ANALYSIS_PERSPECTIVES, type Finding, type Range, type Severity } from "../server/protocol";
import { codeBlock, markdownText } from "./markdownText";
import type { FindingsPush, SessionState } from "./serverSession";
import { sessionNote } from "./sessionNote";
import { workspacePath } from "./workspacePath";

/** Most severe first: a minimum of "warning" keeps ranks 0 and 1. */
const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

export function passesFilter(severity: Severity, minimum: Severity): boolean {
  return SEVERITY_RANK[severity] <= SEVERITY_RANK[minimum];
}

/** A row of the Findings view, decided from the protocol alone; `key` stays the same across pushes so expansion survives. */
export type FindingsNode =
  | { kind: "note"; key: string; label: string; description: string; icon: "info" | "disconnected" | "filter" }
  | { kind: "perspective"; key: string; label: string; description: string; children: FindingsNode[] }
  | { kind: "file"; key: string; label: string; description: string; file: string; children: FindingsNode[] }
  | {
      kind: "finding";
      key: string;
      /** The finding's id, for asking the server to implement it. */
      findingId: string;
      label: string;
      description: string;
      severity: Severity;
      /** Where the finding opens, relative to the workspace folder; null when its path would leave the folder. */
      segments: string[] | null;
      range: Range;
      /** Markdown with every server-given string escaped. */
      tooltip: string;
    };

/** The hover of a finding: what, where, evidence and suggestion, all escaped. */
export function findingTooltip(f: Finding): string {
  const parts = [
    `**${f.severity}** · ${markdownText(f.rule)} · ${markdownText(`${f.file}:${f.range.start.line}`)}`,
    markdownText(f.message),
  ];
  if (f.evidence) parts.push("Evidence:", codeBlock(f.evidence));
  if (f.suggestion) parts.push(`Suggestion: ${markdownText(f.suggestion)}`);
  return parts.join("\n\n");
}

function findingNode(f: Finding): FindingsNode {
  return {
    kind: "finding",
    key: `finding:${f.perspective}\0${f.id}`,
    findingId: f.id,
    label: f.message,
    description: `line ${f.range.start.line} · ${f.rule}`,
    severity: f.severity,
    segments: workspacePath(f.file),
    range: f.range,
    tooltip: findingTooltip(f),
  };
}

function count(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? "" : "s"}`;
}

function perspectiveLabel(id: string): string {
  return ANALYSIS_PERSPECTIVES.find((p) => p.id === id)?.name ?? id;
}

/** Perspectives in the analysis worker's order (any the catalogue lacks last), files by path, findings by line. */
function grouped(findings: readonly Finding[]): FindingsNode[] {
  const byPerspective = new Map<string, Map<string, Finding[]>>();
  for (const f of findings) {
    const files = byPerspective.get(f.perspective) ?? new Map<string, Finding[]>();
    byPerspective.set(f.perspective, files);
    files.set(f.file, [...(files.get(f.file) ?? []), f]);
  }
  const order = (id: string) => {
    const i = ANALYSIS_PERSPECTIVES.findIndex((p) => p.id === id);
    return i < 0 ? ANALYSIS_PERSPECTIVES.length : i;
  };
  return [...byPerspective.entries()]
    .sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b))
    .map(([perspective, files]) => {
      const fileNodes = [...files.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([file, list]): FindingsNode => {
          const slash = file.lastIndexOf("/");
          return {
            kind: "file",
            key: `file:${perspective}\0${file}`,
            label: file.slice(slash + 1) || file,
            description: `${slash > 0 ? `${file.slice(0, slash)} · ` : ""}${count(list.length, "finding")}`,
            file,
            children: [...list]
              .sort((a, b) => a.range.start.line - b.range.start.line || SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity])
              .map(findingNode),
          };
        });
      const total = [...files.values()].reduce((n, list) => n + list.length, 0);
      return { kind: "perspective", key: `perspective:${perspective}`, label: perspectiveLabel(perspective), description: count(total, "finding"), children: fileNodes };
    });
}

/**
 * The Findings view's top rows: while not connected the reason first (and the findings as last
 * received, if any); with nothing to show, a row saying why.
 */
export function findingsNodes(state: SessionState, push: FindingsPush | null, minimum: Severity): FindingsNode[] {
  const note = sessionNote(state);
  const head: FindingsNode[] = note ? [{ kind: "note", key: "note:connection", ...note, icon: "disconnected" }] : [];
  if (!push) {
    if (note) return head;
    return [{ kind: "note", key: "note:empty", label: "Waiting for the server's findings", description: "", icon: "info" }];
  }
  if (push.iteration === null) {
    return [...head, { kind: "note", key: "note:empty", label: "No findings yet — the analysis worker has not run", description: "Autocoder: Start All Workers starts it", icon: "info" }];
  }
  if (push.findings.length === 0) {
    return [...head, { kind: "note", key: "note:empty", label: "No findings", description: `the latest analysis passes (up to iteration ${push.iteration}) found nothing`, icon: "info" }];
  }
  const shown = push.findings.filter((f) => passesFilter(f.severity, minimum));
  const hidden = push.findings.length - shown.length;
  const filterNote: FindingsNode[] = hidden
    ? [{ kind: "note", key: "note:filter", label: `${count(hidden, "finding")} below ${minimum} hidden`, description: "autocoder.severityFilter", icon: "filter" }]
    : [];
  return [...head, ...filterNote, ...grouped(shown)];
}

/** The findings to show as diagnostics, by workspace path; those whose path leaves the folder are left out. */
export function diagnosticFindings(push: FindingsPush | null, minimum: Severity): Map<string, { segments: string[]; findings: Finding[] }> {
  const byFile = new Map<string, { segments: string[]; findings: Finding[] }>();
  for (const f of push?.findings ?? []) {
    if (!passesFilter(f.severity, minimum)) continue;
    const segments = workspacePath(f.file);
    if (!segments) continue;
    const key = segments.join("/");
    const entry = byFile.get(key) ?? { segments, findings: [] };
    entry.findings.push(f);
    byFile.set(key, entry);
  }
  return byFile;
}
