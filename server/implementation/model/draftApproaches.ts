import { z } from "zod";
import type { Approach } from "../stages/approachEvaluation";
import type { TaskContext } from "../taskContext";
import type { ModelClient } from "./modelClient";

/** What a model's answer must hold to stand in for the deterministic candidates. */
const Drafted = z.object({
  approaches: z
    .array(z.object({ name: z.string().trim().min(3).max(200), pros: z.string().trim().min(1).max(600), cons: z.string().trim().min(1).max(600) }).strict())
    .min(2, "fewer than two approaches")
    .max(5, "more than five approaches"),
  chosen: z.number().int().min(0),
  reason: z.string().trim().min(1, "no reason for the choice").max(600),
});

export type DraftedApproaches = { candidates: Approach[]; chosen: number; reason: string };

/**
 * Asks the model for approaches to a finding and keeps the answer only when it parses into the
 * structure the deterministic candidates have: at least two approaches with what speaks for and
 * against each, distinct names, and one chosen by index with its reason. Anything else is a
 * `problem`, for the stage to note and fall back on its own candidates.
 */
export async function draftApproaches(ctx: TaskContext, model: ModelClient): Promise<DraftedApproaches | { problem: string }> {
  const finding = ctx.finding!;
  const lines = ctx.file.file.text.split("\n");
  const from = Math.max(0, finding.range.start.line - 15);
  const excerpt = lines.slice(from, finding.range.end.line + 15).map((l, i) => `${from + i + 1}: ${l}`).join("\n");
  const answer = await model.ask([
    {
      role: "system",
      content:
        "You weigh ways to resolve one code-review finding. Answer with one JSON object in a single ```json fenced block and nothing else: " +
        '{"approaches": [{"name": "...", "pros": "...", "cons": "..."}, ...], "chosen": <index into approaches>, "reason": "..."}. ' +
        "Give two to five approaches that differ in substance, each with what speaks for and against it in this code.",
    },
    {
      role: "user",
      content: [
        `File: ${ctx.file.file.path}${ctx.unit ? ` (in ${ctx.unit.name})` : ""}`,
        `Finding (${finding.rule}, line ${finding.range.start.line}): ${finding.message}`,
        finding.suggestion ? `Suggested fix: ${finding.suggestion}` : "",
        `Modules that depend on this file: ${ctx.dependents.length}; tests that reach it: ${ctx.tests.length ? ctx.tests.join(", ") : "none"}`,
        "",
        "```",
        excerpt,
        "```",
      ].join("\n"),
    },
  ]);
  const blocks = [...answer.matchAll(/```(?:json)?[^\n]*\n([\s\S]*?)```/g)];
  const text = blocks.length === 1 ? blocks[0]![1]! : blocks.length === 0 && answer.trim().startsWith("{") ? answer : null;
  if (text === null) return { problem: `the answer holds ${blocks.length} code blocks, not one JSON object` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { problem: `the answer is not JSON: ${(err as Error).message}` };
  }
  const parsed = Drafted.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { problem: `the answer does not have the approaches' shape: ${issue.path.length ? `${issue.path.join(".")}: ` : ""}${issue.message}` };
  }
  const { approaches, chosen, reason } = parsed.data;
  if (chosen >= approaches.length) return { problem: `the chosen approach (${chosen}) is not one of the ${approaches.length} given` };
  const names = new Set(approaches.map((a) => a.name.toLowerCase()));
  if (names.size !== approaches.length) return { problem: "two approaches have the same name" };
  return { candidates: approaches, chosen, reason };
}
