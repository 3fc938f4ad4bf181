import type { CaseObservation, TestCase, TestPlan } from "../../protocol";

/** Whether a case can run as an assertion: its outcome is known and the call needs nothing the plan lacks. */
export function isAssertable(plan: TestPlan, c: TestCase): boolean {
  if (plan.unit.kind === "entry" || (plan.unit.kind === "method" && !plan.unit.export.isStatic)) return false;
  if (!c.derived) return false;
  return c.expected.outcome === "throws" || c.expected.outcome === "rejects" || (c.expected.outcome === "returns" && c.expected.value !== undefined);
}

export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 60) || "case";
}

/** What a render may add to a plan: what running the unit showed, and cases that failed on the current code. */
export interface RenderOptions {
  /** Case id → what the unit did on the case's inputs (characterization). */
  observed?: ReadonlyMap<string, CaseObservation>;
  /** Case id → the failure message: such a case is written out skipped, never as passing. */
  failed?: ReadonlyMap<string, string>;
  /**
   * Cases whose inputs are outside the declared parameter types on purpose (a string where the
   * guard rejects non-numbers): each line that calls the unit carries `@ts-expect-error`.
   */
  wrongTypes?: ReadonlySet<string>;
}

/** A case as the rendered file names it: the test name a runner reports, and whether it runs. */
export interface RenderedCase {
  id: string;
  name: string;
  running: boolean;
  /** First and last line (1-based) of the case in the file. */
  lines: [number, number];
}

/** Case id → title, with repeats numbered so a runner's report names each case once. */
export function uniqueTitles(cases: readonly TestCase[]): Map<string, string> {
  const seen = new Map<string, number>();
  const out = new Map<string, string>();
  for (const c of cases) {
    const n = (seen.get(c.title) ?? 0) + 1;
    seen.set(c.title, n);
    out.set(c.id, n === 1 ? c.title : `${c.title} (${n})`);
  }
  return out;
}
