import type { StageOutput, TaskContext } from "../taskContext";

export interface RiskParts {
  dependents: number;
  untested: boolean;
  complexity: number;
  related: number;
  score: number;
}

/**
 * Pure: (1 + dependents) × complexity × (2 when no test reaches the target) × (1 + related
 * findings), the same factors the planning big picture uses, so both agree on what is risky.
 */
export function riskParts(ctx: TaskContext): RiskParts {
  const complexity = ctx.unit?.facts.branches ?? 1;
  const untested = ctx.tests.length === 0;
  const score = (1 + ctx.dependents.length) * complexity * (untested ? 2 : 1) * (1 + ctx.related.length);
  return { dependents: ctx.dependents.length, untested, complexity, related: ctx.related.length, score };
}

/** Stage 4: what could break and a risk score with its parts. */
export function riskAnalysis(ctx: TaskContext): StageOutput {
  const r = riskParts(ctx);
  const level = r.score >= 40 ? "high" : r.score >= 10 ? "medium" : "low";
  return {
    summary: `Risk ${level} (${r.score}): ${r.dependents} dependent(s), complexity ${r.complexity}, ${r.untested ? "no test reaches it" : "tests reach it"}, ${r.related} related finding(s).`,
    notes: [
      `Score ${r.score} = (1 + ${r.dependents} dependents) × complexity ${r.complexity} × ${r.untested ? "2 (untested)" : "1 (tested)"} × (1 + ${r.related} related findings).`,
      ctx.task.kind === "plan"
        ? "Adding a test file cannot break shipped code; the risk is a test that asserts the wrong thing, which is why only code-stated outcomes are asserted."
        : r.untested
          ? "Nothing tests this code today: a change here can break callers unnoticed — add the regression test first."
          : "Existing tests cover some of this code: run them before and after the change.",
    ],
    codeChanges: [],
  };
}
