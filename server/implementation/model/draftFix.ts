import { DEFAULT_ANALYSIS_CONFIG, PERSPECTIVE_RULES } from "../../analysis";
import { runRules } from "../../analysis/runRules";
import { parseFile, type ParsedFile } from "../../workspace";
import type { TaskContext } from "../taskContext";
import type { ModelClient } from "./modelClient";

/** The most lines a drafted fix may remove: a model that rewrites the file is not making a fix. */
const MAX_REMOVED_LINES = 40;

/**
 * Asks the model for the file with the finding fixed, and keeps the answer only when it is a
 * whole file in one fenced block, changes no more than a fix should, and re-analysis no longer
 * finds the finding's rule there. Parsing and type-checking follow in stage 6, as for any code.
 */
export async function draftFix(ctx: TaskContext, model: ModelClient, approach: string): Promise<{ after: string } | { problem: string }> {
  const finding = ctx.finding!;
  const text = ctx.file.file.text;
  const answer = await model.ask([
    { role: "system", content: "You fix one code-review finding in one file. Change as little as the fix needs and keep everything else byte for byte. Answer with the complete new file in a single fenced code block and nothing else." },
    {
      role: "user",
      content: [
        `File: ${ctx.file.file.path}`,
        `Finding (${finding.rule}, line ${finding.range.start.line}): ${finding.message}`,
        finding.suggestion ? `Suggested fix: ${finding.suggestion}` : "",
        `Approach: ${approach}`,
        "",
        "```",
        text,
        "```",
      ].join("\n"),
    },
  ]);
  const blocks = [...answer.matchAll(/```[^\n]*\n([\s\S]*?)```/g)];
  if (blocks.length !== 1) return { problem: `the answer holds ${blocks.length} code blocks, not one` };
  let after = blocks[0]![1]!;
  if (text.endsWith("\n") && !after.endsWith("\n")) after += "\n";
  if (after === text) return { problem: "the answer changes nothing" };
  const removed = countRemoved(text, after);
  if (removed > MAX_REMOVED_LINES) return { problem: `the answer removes ${removed} lines, more than a fix of one finding should` };
  const before = remaining(ctx, text);
  const now = remaining(ctx, after);
  if (now >= before) return { problem: `re-analysis still finds ${finding.rule} in ${ctx.file.file.path} (${now} time(s))` };
  return { after };
}

function remaining(ctx: TaskContext, text: string): number {
  const rule = Object.values(PERSPECTIVE_RULES).flatMap((p) => p?.rules ?? []).find((r) => r.id === ctx.finding!.rule);
  if (!rule) return 0;
  const path = ctx.file.file.path;
  const replaced: ParsedFile[] = ctx.files.map((f) => (f.file.path === path ? parseFile({ ...f.file, text, size: Buffer.byteLength(text), hash: `${f.file.hash}:draft:${text.length}` }) : f));
  return runRules([rule], replaced, DEFAULT_ANALYSIS_CONFIG).findings.filter((f) => f.file === path && f.rule === rule.id).length;
}

function countRemoved(before: string, after: string): number {
  const kept = new Map<string, number>();
  for (const l of after.split("\n")) kept.set(l, (kept.get(l) ?? 0) + 1);
  let removed = 0;
  for (const l of before.split("\n")) {
    const n = kept.get(l) ?? 0;
    if (n > 0) kept.set(l, n - 1);
    else removed++;
  }
  return removed;
}
