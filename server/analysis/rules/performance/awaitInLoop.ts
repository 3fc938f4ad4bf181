import * as ts from "typescript";
import { loopContext } from "../../facts/loopContext";
import type { FileRule, RuleReport } from "../../rule";
import { isDevelopmentFile } from "../../facts/manifests";
import { atNode } from "../nodeReport";

function short(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** One await per iteration runs independent work one item at a time. */
export const awaitInLoop: FileRule = {
  id: "await-in-loop",
  perspective: "performance",
  description: "await inside a loop body (for await…of aside).",
  languages: ["typescript", "javascript"],
  check({ file }) {
    const ctx = loopContext(file);
    if (!ctx) return [];
    const seen = new Map<string, number>();
    const out: RuleReport[] = [];
    for (const { node, loops } of ctx.awaits) {
      const loop = loops[loops.length - 1];
      // Only for…of / for…in walk a collection of (possibly independent) items; while and for(;;)
      // loops usually chain steps that depend on each other. A callback's await is its own.
      if (!loop || !(ts.isForOfStatement(loop.node) || ts.isForInStatement(loop.node))) continue;
      if (ts.isForOfStatement(loop.node) && loop.node.awaitModifier) continue;
      const over = short(loop.over ?? "a collection");
      out.push(atNode(node, ctx.source, `await@${over}`, seen, {
        severity: isDevelopmentFile(file.file.path) ? "info" : "warning",
        message: `await inside a loop over ${over} runs one item at a time: the loop takes the sum of every wait.`,
        suggestion: "If the items are independent, start them together and await Promise.all(items.map(…)) (with a concurrency limit for large inputs); keep the loop only when each step needs the previous one.",
        data: { over: loop.over },
      }));
    }
    return out;
  },
};
