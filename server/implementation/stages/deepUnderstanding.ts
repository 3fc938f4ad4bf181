import type { StageOutput, TaskContext } from "../taskContext";
import { describeTarget, list } from "./describe";

/** Stage 1: the target code, its callers and callees, related findings, existing tests. */
export function deepUnderstanding(ctx: TaskContext): StageOutput {
  const { file, unit } = ctx;
  const first = unit ? file.position(unit.start).line : (ctx.finding?.range.start.line ?? 1);
  const last = unit ? file.position(unit.end).line : (ctx.finding?.range.end.line ?? first);
  const lines = file.file.text.split("\n").slice(first - 1, Math.min(last, first + 39));
  return {
    summary: `${describeTarget(ctx)}: ${ctx.callers.length} caller module(s), ${ctx.callees.length} callee module(s), ${ctx.related.length} other finding(s) in the file, ${ctx.tests.length} test file(s) reach it.`,
    notes: [
      `Target: ${file.file.path} lines ${first}–${last}${unit ? ` (${unit.kind} ${unit.signature})` : ""}.`,
      `Code:\n${lines.map((l, i) => `${String(first + i).padStart(5)} | ${l}`).join("\n")}${last > first + 39 ? "\n  …" : ""}`,
      `Called from: ${list(ctx.callers)}.`,
      `Calls into: ${list(ctx.callees)}.`,
      `Related findings: ${ctx.related.length ? ctx.related.slice(0, 8).map((f) => `${f.rule} line ${f.range.start.line}: ${f.message}`).join("; ") : "none"}.`,
      `Existing tests: ${list(ctx.tests)}.`,
    ],
    codeChanges: [],
  };
}
