import * as ts from "typescript";
import { loopContext } from "../../facts/loopContext";
import type { FileRule, RuleReport } from "../../rule";
import { atNode } from "../nodeReport";

const LINEAR = new Set(["includes", "indexOf", "lastIndexOf"]);

/** A linear search inside a loop: every iteration scans the whole array again. */
export const lookupInLoop: FileRule = {
  id: "linear-lookup-in-loop",
  perspective: "performance",
  description: "includes/indexOf on an array (declared as one in the file) inside a loop.",
  languages: ["typescript", "javascript"],
  check({ file }) {
    const ctx = loopContext(file);
    if (!ctx) return [];
    const seen = new Map<string, number>();
    const out: RuleReport[] = [];
    for (const { node, loops } of ctx.calls) {
      if (loops.length === 0 || !ts.isPropertyAccessExpression(node.expression) || !LINEAR.has(node.expression.name.text)) continue;
      const receiver = node.expression.expression;
      // Strings have includes/indexOf too: only names this file declares as arrays count.
      if (!ts.isIdentifier(receiver) || !ctx.arrays.has(receiver.text)) continue;
      const name = receiver.text;
      if (loops.some((l) => l.over === name)) continue; // searching the collection being walked is a different smell
      out.push(atNode(node, ctx.source, `${node.expression.name.text}@${name}`, seen, {
        severity: "info",
        message: `${name}.${node.expression.name.text} inside a loop scans ${name} on every iteration: time grows with both lengths.`,
        suggestion: `Build a Set (or Map) from ${name} once before the loop and use .has().`,
        data: { collection: name, method: node.expression.name.text },
      }));
    }
    return out;
  },
};
