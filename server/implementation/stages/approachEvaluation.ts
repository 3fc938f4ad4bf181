import { isAssertable } from "../../planning/render/assertable";
import { characterizationProblem } from "../characterization/characterizable";
import { mechanicalFixFor } from "../fixes";
import { draftApproaches } from "../model/draftApproaches";
import type { StageOutput, TaskContext } from "../taskContext";
import type { WorkspaceChecks } from "../workspaceChecks";

export interface Approach {
  name: string;
  pros: string;
  cons: string;
}

/** The candidates for a task and the one taken, with the reason: pure, so every stage agrees. */
export function chooseApproach(ctx: TaskContext): { candidates: Approach[]; chosen: number; reason: string } {
  if (ctx.plan) {
    const assertable = ctx.plan.cases.filter((c) => isAssertable(ctx.plan!, c)).length;
    const notCharacterizable = characterizationProblem(ctx.plan, ctx.unit);
    const candidates: Approach[] = [
      { name: "tests from the plan, asserting what the code states", pros: "no code runs while generating; each running assertion follows from a guard in the code", cons: `only ${assertable} of ${ctx.plan.cases.length} case(s) can assert without running the code; the rest are written out and skipped with what to confirm` },
      { name: "characterization tests (run the unit on the planned inputs, record and assert the results)", pros: "every case asserts something real about today's behaviour", cons: "executes workspace code: only with --allow-execute (Workspace Trust in VS Code); records bugs as expected behaviour" },
      { name: "a hand-written test from the plan's notes", pros: "the author knows the intent", cons: "slow; the plan already lists the cases" },
    ];
    if (ctx.allowExecute && !notCharacterizable) return { candidates, chosen: 1, reason: "running workspace code is allowed and the unit is a function of its arguments: what it does on each planned input can be recorded and asserted, and the tests are run once before they are offered" };
    return {
      candidates,
      chosen: 0,
      reason: ctx.allowExecute
        ? `the unit cannot be characterized: ${notCharacterizable}; the generated tests are still run once before they are offered`
        : "generating must not execute workspace code unless the user allowed it (--allow-execute), and a test must not pass whatever the code does",
    };
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

/**
 * Stage 3: at least two approaches with trade-offs, and the chosen one with the reason. With a
 * model (`--llm`), a finding with no mechanical fix — where the deterministic candidates can
 * only say "by hand" — gets the model's approaches instead, when they parse and pass the same
 * checks (two or more, one chosen with a reason); otherwise its own, with a note why.
 */
export async function approachEvaluation(ctx: TaskContext, checks: WorkspaceChecks | null = null): Promise<StageOutput> {
  const own = chooseApproach(ctx);
  const notes: string[] = [];
  let taken: { candidates: Approach[]; chosen: number; reason: string } = own;
  let by = "";
  const model = checks?.model ?? null;
  if (model && ctx.finding && own.chosen !== 0) {
    let drafted;
    try {
      drafted = await draftApproaches(ctx, model);
    } catch (err) {
      drafted = null;
      notes.push(`The model (${model.name}) could not be asked — ${(err as Error).message}; the deterministic approaches stand.`);
    }
    if (drafted && "problem" in drafted) notes.push(`The model's approaches (${model.name}) were discarded: ${drafted.problem}; the deterministic approaches stand.`);
    else if (drafted) {
      taken = drafted;
      by = ` (drafted by the model, ${model.name})`;
      notes.push(`The model (${model.name}) drafted these approaches; stage 6 still offers code only when it passes the checks.`);
    }
  }
  const { candidates, chosen, reason } = taken;
  return {
    summary: `Chose "${candidates[chosen]!.name}" of ${candidates.length} approaches${by}.`,
    notes: [...candidates.map((a, i) => `${i === chosen ? "✓" : "·"} ${a.name} — for: ${a.pros}; against: ${a.cons}.`), `Why: ${reason}.`, ...notes],
    codeChanges: [],
  };
}
