import * as ts from "typescript";
import { loopContext } from "../../facts/loopContext";
import { isLiteralText } from "../../facts/syntaxIndex";
import type { FileRule, RuleReport } from "../../rule";
import { atNode } from "../nodeReport";

/** Work whose result is the same on every iteration, redone on every iteration. */
export const rebuiltInLoop: FileRule = {
  id: "rebuilt-in-loop",
  perspective: "performance",
  description: "new RegExp from literals, and JSON.parse(JSON.stringify(…)) deep copies, inside loops.",
  languages: ["typescript", "javascript"],
  check({ file }) {
    const ctx = loopContext(file);
    if (!ctx) return [];
    const seen = new Map<string, number>();
    const out: RuleReport[] = [];
    for (const { node, loops } of ctx.news) {
      if (loops.length === 0 || !ts.isIdentifier(node.expression) || node.expression.text !== "RegExp") continue;
      if (!(node.arguments ?? []).every(isLiteralText)) continue;
      out.push(atNode(node, ctx.source, "RegExp", seen, {
        severity: "info",
        message: "new RegExp with a fixed pattern inside a loop compiles the same expression on every iteration.",
        suggestion: "Build it once before the loop (or use a regex literal).",
        data: { construct: "RegExp" },
      }));
    }
    for (const { node, loops } of ctx.calls) {
      if (loops.length === 0 || node.expression.getText(ctx.source) !== "JSON.parse") continue;
      const arg = node.arguments[0];
      if (!arg || !ts.isCallExpression(arg) || arg.expression.getText(ctx.source) !== "JSON.stringify") continue;
      out.push(atNode(node, ctx.source, "JSON-clone", seen, {
        severity: "info",
        message: "JSON.parse(JSON.stringify(…)) inside a loop serialises and re-parses a whole object on every iteration.",
        suggestion: "Use structuredClone, copy only what changes, or hoist the copy out of the loop.",
        data: { construct: "JSON clone" },
      }));
    }
    return out;
  },
};
