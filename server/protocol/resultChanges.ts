import type { Finding } from "./findings";
import type { CumulativeInsights, TestPlan } from "./plans";
import { ANALYSIS_PERSPECTIVES } from "./steps";

// Subscribers get the whole finding set and plan set once, then only what changed: effect's
// sets are 2.5 MB and 1.2 MB, and a full copy per pass to 200 clients kept the server writing
// for seconds. A client rebuilds the same list the server would send whole, because both sides
// put it in one order defined here, not in the order the changes arrived.

/** What a pass changed in a set keyed by id: items new or different, and ids gone. */
export interface ResultChanges<T> {
  upserted: T[];
  removed: string[];
}

export interface FindingSet {
  iteration: number | null;
  findings: Finding[];
}

export interface PlanSet {
  iteration: number | null;
  plans: TestPlan[];
  cumulative_insights: CumulativeInsights;
}

const PERSPECTIVE_RANK = new Map(ANALYSIS_PERSPECTIVES.map((p, i) => [p.id, i]));

// Code-unit order, not localeCompare: the server and a browser in another locale must agree.
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Perspective, then file and position, then rule and id. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    (PERSPECTIVE_RANK.get(a.perspective) ?? 99) - (PERSPECTIVE_RANK.get(b.perspective) ?? 99) ||
    byText(a.file, b.file) ||
    a.range.start.line - b.range.start.line ||
    a.range.start.column - b.range.start.column ||
    byText(a.rule, b.rule) ||
    byText(a.id, b.id)
  );
}

/** Riskiest first, then by id. */
export function comparePlans(a: TestPlan, b: TestPlan): number {
  return b.risk - a.risk || byText(a.id, b.id);
}

/**
 * The finding set as every side shows it: one finding per id (records stored before ids were
 * made unique may repeat one; the first is kept) in the one order.
 */
export function canonicalFindings(findings: readonly Finding[]): Finding[] {
  const byId = new Map<string, Finding>();
  for (const f of findings) if (!byId.has(f.id)) byId.set(f.id, f);
  return [...byId.values()].sort(compareFindings);
}

function applied<T extends { id: string }>(items: readonly T[], changes: ResultChanges<T>, compare: (a: T, b: T) => number): T[] {
  const replaced = new Set([...changes.removed, ...changes.upserted.map((i) => i.id)]);
  return [...items.filter((i) => !replaced.has(i.id)), ...changes.upserted].sort(compare);
}

export function applyFindingChanges(set: FindingSet | null, change: ResultChanges<Finding> & { iteration: number | null }): FindingSet {
  return { iteration: change.iteration, findings: applied(set?.findings ?? [], change, compareFindings) };
}

export function applyPlanChanges(
  set: PlanSet | null,
  change: ResultChanges<TestPlan> & { iteration: number | null; cumulative_insights: CumulativeInsights },
): PlanSet {
  return { iteration: change.iteration, plans: applied(set?.plans ?? [], change, comparePlans), cumulative_insights: change.cumulative_insights };
}
