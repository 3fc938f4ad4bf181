import { IMPLEMENTATION_STAGES, type CodeChange, type Finding, type ImplementationRecord, type ImplementationTask, type TestPlan } from "../server/protocol";
import { codeBlock, markdownText } from "./markdownText";
import type { SessionState } from "./serverSession";
import { sessionNote } from "./sessionNote";
import { workspacePath } from "./workspacePath";

/**
 * How a code change is offered. `patch`: a diff against a file that exists; `new-file`: a diff
 * from /dev/null; `insert`: code without a diff (the target exists, e.g. an existing test file),
 * which only the user can place — at the cursor.
 */
export type ChangeKind = "patch" | "new-file" | "insert";

export function changeKind(change: CodeChange): ChangeKind {
  if (/^--- \/dev\/null$/m.test(change.diff)) return "new-file";
  return change.diff.trim() ? "patch" : "insert";
}

/** The view actions each kind has; package.json's `view/item/context` menus match these contextValues. */
export const CHANGE_CONTEXT: Readonly<Record<ChangeKind, string>> = {
  patch: "implementation.change.patch",
  "new-file": "implementation.change.newFile",
  insert: "implementation.change.insert",
};

const KIND_WORDS: Readonly<Record<ChangeKind, string>> = {
  patch: "patch",
  "new-file": "new file",
  insert: "code to insert",
};

export type ImplementationsNode =
  | { kind: "note"; key: string; label: string; description: string; icon: "info" | "disconnected" }
  | { kind: "task"; key: string; label: string; description: string; tooltip: string; task: ImplementationTask; children: ImplementationsNode[] }
  | {
      kind: "stage";
      key: string;
      label: string;
      description: string;
      /** Markdown with every server-given string escaped. */
      tooltip: string;
      status: ImplementationRecord["status"] | "not-run";
      children: ImplementationsNode[];
    }
  | {
      kind: "change";
      key: string;
      label: string;
      description: string;
      tooltip: string;
      change: CodeChange;
      changeKind: ChangeKind;
      contextValue: string;
      /** Where the change goes, relative to the workspace folder; null when its path would leave the folder. */
      segments: string[] | null;
      /** The task it belongs to, for messages. */
      taskLabel: string;
    };

const taskKey = (task: ImplementationTask) => `${task.kind}:${task.id}`;

/** What a task is about, in the words of the finding or plan it came from while those are known. */
function describeTask(task: ImplementationTask, findings: readonly Finding[], plans: readonly TestPlan[]): { label: string; description: string } {
  if (task.kind === "finding") {
    const f = findings.find((x) => x.id === task.id);
    return f ? { label: f.message, description: `finding · ${f.file}:${f.range.start.line}` } : { label: task.id, description: "finding (no longer among the latest)" };
  }
  const p = plans.find((x) => x.id === task.id);
  return p ? { label: `Tests for ${p.unit.name}`, description: `test plan · ${p.unit.file}:${p.unit.range.start.line}` } : { label: task.id, description: "test plan (no longer among the latest)" };
}

function changeNode(task: ImplementationTask, record: ImplementationRecord, change: CodeChange, index: number, taskLabel: string): ImplementationsNode {
  const kind = changeKind(change);
  const lines = change.code.split("\n").length - (change.code.endsWith("\n") ? 1 : 0);
  const slash = change.file.lastIndexOf("/");
  const parts = [`**${markdownText(change.file)}** · ${KIND_WORDS[kind]}`];
  parts.push(kind === "patch" ? codeBlock(change.diff) : codeBlock(change.code.length > 4000 ? `${change.code.slice(0, 4000)}\n…` : change.code));
  return {
    kind: "change",
    key: `change:${taskKey(task)}\0${record.stage_id}\0${index}\0${change.file}`,
    label: change.file.slice(slash + 1) || change.file,
    description: `${slash > 0 ? `${change.file.slice(0, slash)} · ` : ""}${KIND_WORDS[kind]} · ${lines} line${lines === 1 ? "" : "s"}`,
    tooltip: parts.join("\n\n"),
    change,
    changeKind: kind,
    contextValue: CHANGE_CONTEXT[kind],
    segments: workspacePath(change.file),
    taskLabel,
  };
}

function stageNode(task: ImplementationTask, stage: { id: string; name: string }, record: ImplementationRecord | undefined, taskLabel: string): ImplementationsNode {
  // The record's iteration is part of the key: VS Code keeps a row's expansion by id, and a stage
  // that had no code and now has some must open to show it, not stay as it was drawn.
  const key = `stage:${taskKey(task)}\0${stage.id}\0${record?.iteration ?? "not-run"}`;
  if (!record) return { kind: "stage", key, label: stage.name, description: "not run yet", tooltip: markdownText(`${stage.name} has not run for this task yet.`), status: "not-run", children: [] };
  // The record's summary starts with the scan ("Scanned 12 files (3 KB).") and, for a request, "Requested:"; the stage's own words follow.
  const own = record.summary.replace(/^Scanned \d+ files? \([^)]*\)(?:; skipped \d+ \([^)]*\))?\.\s*/, "").replace(/^Requested: /, "").replace(new RegExp(`^${stage.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: `), "");
  const tooltip = [`**${markdownText(stage.name)}** · iteration ${record.iteration} · ${markdownText(record.status)}`, markdownText(own)];
  if (record.error) tooltip.push(`Error: ${markdownText(record.error)}`);
  if (record.results.notes.length) tooltip.push(record.results.notes.map((n) => `- ${markdownText(n)}`).join("\n"));
  return {
    kind: "stage",
    key,
    label: stage.name,
    description: record.status === "error" ? `failed: ${record.error ?? own}` : own,
    tooltip: tooltip.join("\n\n"),
    status: record.status,
    children: record.analysis.code_changes.map((c, i) => changeNode(task, record, c, i, taskLabel)),
  };
}

/**
 * The Implementations view's top rows: each task the implementation worker took (newest first)
 * → its six stages in order, each with the latest record of that stage for the task → the code
 * it offers. While not connected the reason comes first; with nothing to show, a row saying why.
 */
export function implementationsNodes(
  state: SessionState,
  records: readonly ImplementationRecord[] | null,
  findings: readonly Finding[],
  plans: readonly TestPlan[],
): ImplementationsNode[] {
  const note = sessionNote(state);
  const head: ImplementationsNode[] = note ? [{ kind: "note", key: "note:connection", ...note, icon: "disconnected" }] : [];
  if (!records) {
    if (note) return head;
    return [{ kind: "note", key: "note:empty", label: "Waiting for the server's implementations", description: "", icon: "info" }];
  }
  const byTask = new Map<string, { task: ImplementationTask; newest: number; stages: Map<string, ImplementationRecord> }>();
  for (const r of records) {
    if (!r.task) continue;
    const key = taskKey(r.task);
    const entry = byTask.get(key) ?? { task: r.task, newest: -1, stages: new Map<string, ImplementationRecord>() };
    byTask.set(key, entry);
    entry.newest = Math.max(entry.newest, r.iteration);
    const seen = entry.stages.get(r.stage_id);
    if (!seen || seen.iteration < r.iteration) entry.stages.set(r.stage_id, r);
  }
  if (byTask.size === 0) {
    const label = records.length ? "The implementation worker has no task yet" : "No implementations yet";
    return [
      ...head,
      { kind: "note", key: "note:empty", label, description: "Generate Test File on a test plan, or Implement on a finding, asks for one now", icon: "info" },
    ];
  }
  const tasks = [...byTask.values()].sort((a, b) => b.newest - a.newest);
  return [
    ...head,
    ...tasks.map(({ task, stages }): ImplementationsNode => {
      const { label, description } = describeTask(task, findings, plans);
      const changes = [...stages.values()].reduce((n, r) => n + r.analysis.code_changes.length, 0);
      return {
        kind: "task",
        key: `task:${taskKey(task)}`,
        label,
        description: `${description} · ${stages.size}/${IMPLEMENTATION_STAGES.length} stages${changes ? ` · ${changes} change${changes === 1 ? "" : "s"}` : ""}`,
        tooltip: `${markdownText(label)}\n\n${markdownText(`${task.kind} ${task.id}`)}`,
        task,
        children: IMPLEMENTATION_STAGES.map((s) => stageNode(task, s, stages.get(s.id), label)),
      };
    }),
  ];
}

/** Every code change the latest records offer, newest task first: what Insert Generated Code picks from. */
export function codeChangeNodes(nodes: readonly ImplementationsNode[]): Extract<ImplementationsNode, { kind: "change" }>[] {
  const out: Extract<ImplementationsNode, { kind: "change" }>[] = [];
  const walk = (list: readonly ImplementationsNode[]) => {
    for (const n of list) {
      if (n.kind === "change") out.push(n);
      else if (n.kind === "task" || n.kind === "stage") walk(n.children);
    }
  };
  walk(nodes);
  return out;
}
