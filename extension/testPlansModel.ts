import { TEST_PLANNING_PERSPECTIVES, type Range, type TestCase, type TestPlan } from "../server/protocol";
import { codeBlock, markdownText } from "./markdownText";
import type { SessionState, TestPlansPush } from "./serverSession";
import { sessionNote } from "./sessionNote";
import { workspacePath } from "./workspacePath";

/** A row of the Test Plans view, decided from the protocol alone; `key` stays the same across pushes so expansion survives. */
export type TestPlansNode =
  | { kind: "note"; key: string; label: string; description: string; icon: "info" | "disconnected" }
  | {
      kind: "unit";
      key: string;
      /** The plan's id, for asking the server to render its test file. */
      planId: string;
      label: string;
      description: string;
      /** Markdown with every server-given string escaped. */
      tooltip: string;
      segments: string[] | null;
      range: Range;
      children: TestPlansNode[];
    }
  | {
      kind: "case";
      key: string;
      label: string;
      description: string;
      level: TestCase["level"];
      tooltip: string;
      segments: string[] | null;
      /** The source line the case comes from, else the unit's. */
      line: number;
    };

function count(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? "" : "s"}`;
}

function expectation(c: TestCase): string {
  const e = c.expected;
  const extra = [e.error ? `error ${e.error}` : "", e.value !== undefined ? `value ${e.value}` : "", e.budgetMs !== undefined ? `within ${e.budgetMs} ms` : ""].filter(Boolean);
  return `${e.outcome}${extra.length ? ` (${extra.join(", ")})` : ""}: ${e.detail}`;
}

/** The hover of a case: why it exists, what it calls the unit with and what it expects, all escaped. */
export function caseTooltip(plan: TestPlan, c: TestCase): string {
  const perspective = TEST_PLANNING_PERSPECTIVES.find((p) => p.id === c.perspective)?.name ?? c.perspective;
  const parts = [
    `**${markdownText(c.title)}**`,
    `${markdownText(`${c.level} · ${c.kind} · ${perspective}`)}`,
    `Rationale: ${markdownText(c.rationale)}`,
    `Expected: ${markdownText(expectation(c))}`,
  ];
  if (c.inputs.args.length) parts.push("Called with:", codeBlock(`${plan.unit.name}(${c.inputs.args.join(", ")})`));
  return parts.join("\n\n");
}

function unitTooltip(plan: TestPlan): string {
  const parts = [codeBlock(plan.unit.signature), markdownText(`${plan.unit.file}:${plan.unit.range.start.line} · ${plan.framework} · test file ${plan.target.path}`)];
  if (plan.notes.length) parts.push(plan.notes.map((n) => `- ${markdownText(n)}`).join("\n"));
  return parts.join("\n\n");
}

function unitNode(plan: TestPlan): TestPlansNode {
  const segments = workspacePath(plan.unit.file);
  return {
    kind: "unit",
    key: `unit:${plan.id}`,
    planId: plan.id,
    label: plan.unit.name,
    description: `${plan.unit.file}:${plan.unit.range.start.line} · ${count(plan.cases.length, "case")}`,
    tooltip: unitTooltip(plan),
    segments,
    range: plan.unit.range,
    children: plan.cases.map((c) => ({
      kind: "case",
      key: `case:${plan.id}\0${c.id}`,
      label: c.title,
      description: `${c.level} · ${c.kind}`,
      level: c.level,
      tooltip: caseTooltip(plan, c),
      segments,
      line: c.line ?? plan.unit.range.start.line,
    })),
  };
}

/**
 * The Test Plans view's top rows, units by file and line: while not connected the reason
 * first (and the plans as last received, if any); with nothing to show, a row saying why.
 */
export function testPlansNodes(state: SessionState, push: TestPlansPush | null): TestPlansNode[] {
  const note = sessionNote(state);
  const head: TestPlansNode[] = note ? [{ kind: "note", key: "note:connection", ...note, icon: "disconnected" }] : [];
  if (!push) {
    if (note) return head;
    return [{ kind: "note", key: "note:empty", label: "Waiting for the server's test plans", description: "", icon: "info" }];
  }
  if (push.iteration === null) {
    return [...head, { kind: "note", key: "note:empty", label: "No test plans yet — the test-planning worker has not run", description: "Autocoder: Start All Workers starts it", icon: "info" }];
  }
  if (push.plans.length === 0) {
    return [...head, { kind: "note", key: "note:empty", label: "No test plans", description: `the planning passes (up to iteration ${push.iteration}) found no functions or classes to plan`, icon: "info" }];
  }
  const plans = [...push.plans].sort((a, b) => a.unit.file.localeCompare(b.unit.file) || a.unit.range.start.line - b.unit.range.start.line);
  return [...head, ...plans.map(unitNode)];
}
