import type { StageOutput, TaskContext } from "../taskContext";
import { list } from "./describe";

/** Stage 5: the existing tests to run and the new ones to add. */
export function testingStrategy(ctx: TaskContext): StageOutput {
  const newTests = ctx.plan
    ? ctx.plan.cases.map((c) => `${c.level}: ${c.title}`)
    : [`a regression test that fails while ${ctx.finding!.rule} holds at ${ctx.finding!.file}:${ctx.finding!.range.start.line} and passes after the change`];
  return {
    summary: `Run ${ctx.tests.length} existing test file(s); add ${newTests.length} case(s).`,
    notes: [`Run first and after: ${list(ctx.tests)}.`, `Add: ${list(newTests, 12)}.`, ...(ctx.plan ? [`Framework: ${ctx.plan.framework}; file ${ctx.plan.target.path}.`] : [])],
    codeChanges: [],
  };
}
