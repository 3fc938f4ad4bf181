import * as ts from "typescript";
import { loopContext } from "../../facts/loopContext";
import type { FileRule, RuleReport } from "../../rule";
import { atNode } from "../nodeReport";

/** A loop over a collection inside a loop over the same collection: quadratic in its size. */
export const nestedLoop: FileRule = {
  id: "nested-loop-same-collection",
  perspective: "performance",
  description: "A loop over a collection nested in a loop over the same collection.",
  languages: ["typescript", "javascript"],
  check({ file }) {
    const ctx = loopContext(file);
    if (!ctx) return [];
    const seen = new Map<string, number>();
    const out: RuleReport[] = [];
    for (const { node, loops } of ctx.loops) {
      const inner = overOf(node, ctx.source);
      if (!inner) continue;
      if (!loops.some((outer) => outer.over === inner)) continue;
      out.push(atNode(node, ctx.source, `nested@${inner}`, seen, {
        severity: "warning",
        message: `A loop over ${inner} inside a loop over ${inner}: the work grows with the square of its length.`,
        suggestion: "Index the collection once in a Map or Set keyed by what the inner loop looks for, then look items up in the outer loop.",
        data: { collection: inner },
      }));
    }
    return out;
  },
};

function overOf(node: ts.Node, source: ts.SourceFile): string | null {
  if (ts.isForOfStatement(node) || ts.isForInStatement(node)) return node.expression.getText(source).replace(/\s+/g, " ");
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) return node.expression.expression.getText(source).replace(/\s+/g, " ");
  return null;
}
