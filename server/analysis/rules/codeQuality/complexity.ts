import type { FileRule } from "../../rule";
import { lineAt } from "./lineText";

export const complexity: FileRule = {
  id: "complexity",
  perspective: "code-quality",
  description: "Cyclomatic complexity of a function: exactly as ESLint's complexity rule for TS/JS, for Python each branch, loop, handler, boolean operator, conditional expression and comprehension clause.",
  languages: ["typescript", "javascript", "python"],
  check({ file, facts, config }) {
    const max = config.thresholds.complexity;
    return facts.functions
      .filter((f) => f.complexity > max)
      .map((f) => ({
        anchor: f.anchor,
        start: f.headStart,
        end: f.headEnd,
        severity: f.complexity >= 2 * max ? "error" : "warning",
        message: `${f.label} has a complexity of ${f.complexity}. Maximum allowed is ${max}.`,
        evidence: lineAt(file, f.headStart),
        suggestion:
          "Each branch is a path a test must cover. Extract the branches into smaller named functions, replace long if/else or switch chains with a lookup table, and return early.",
        data: { complexity: f.complexity, max, function: f.name },
      }));
  },
};
