import { isAssertable } from "../../planning/render/assertable";
import { mechanicalFixFor } from "../fixes";
import type { StageOutput, TaskContext } from "../taskContext";

export interface Approach {
  name: string;
  pros: string;
  cons: string;
}

/** The candidates for a task and the one taken, with the reason: pure, so every stage agrees. */
export function chooseApproach(ctx: TaskContext): { candidates: Approach[]; chosen: number; reason: string } {
  if (ctx.plan) {
    const assertable = ctx.plan.cases.filter((c) => isAssertable(ctx.plan!, c)).length;
    const candidates: Approach[] = [
      { name: "tests from the plan, asserting what the code states", pros: "no code runs while generating; each running assertion follows from a guard in the code", cons: `only ${assertable} of ${ctx.plan.cases.length} case(s) can assert without running the code; the rest are written out and skipped with what to confirm` },
      { name: "characterization tests (run the unit on the planned inputs, record and assert the results)", pros: "every case asserts something real about today's behaviour", cons: "executes workspace code: only with --allow-execute (Workspace Trust in VS Code); records bugs as expected behaviour" },
      { name: "a hand-written test from the plan's notes", pros: "the author knows the intent", cons: "slow; the plan already lists the cases" },
    ];
    return { candidates, chosen: 0, reason: "generating must not execute workspace code unless the user allowed it, and a test must not pass whatever the code does; characterization comes when execution is allowed" };
  }
  const fix = mechanicalFixFor(ctx);
  const finding = ctx.finding!;
  const candidates: Approach[] = [
    { name: fix ? `mechanical fix: ${fix.description}` : "mechanical fix", pros: "small, reviewable diff that removes the finding", cons: fix ? "changes behaviour only where the finding says it is unsafe or unused" : `no safe mechanical fix exists for ${finding.rule} here` },
    { name: "refactor by hand following the suggestion", pros: finding.suggestion ?? "addresses the cause", cons: "needs judgement and review; larger diff" },
    { name: "accept it in the baseline (analyze --write-baseline) with a note why", pros: "no code change", cons: "the risk stays" },
  ];
  return fix
    ? { candidates, chosen: 0, reason: "a fix that applies cleanly and is checked before it is offered is the cheapest safe step" }
    : { candidates, chosen: 1, reason: `${finding.rule} needs judgement here; the plan lists the steps and a regression test instead of code` };
}

/** Stage 3: at least two approaches with trade-offs, and the chosen one with the reason. */
export function approachEvaluation(ctx: TaskContext): StageOutput {
  const { candidates, chosen, reason } = chooseApproach(ctx);
  return {
    summary: `Chose "${candidates[chosen]!.name}" of ${candidates.length} approaches.`,
    notes: [...candidates.map((a, i) => `${i === chosen ? "✓" : "·"} ${a.name} — for: ${a.pros}; against: ${a.cons}.`), `Why: ${reason}.`],
    codeChanges: [],
  };
}
