import type { FileRule } from "../../rule";
import { lineAt } from "./lineText";

export const nestingDepth: FileRule = {
  id: "nesting-depth",
  perspective: "code-quality",
  description: "Deepest nesting of control statements in a function, counted as ESLint's max-depth counts.",
  languages: ["typescript", "javascript", "python"],
  check({ file, facts, config }) {
    const max = config.thresholds.nestingDepth;
    return facts.functions
      .filter((f) => f.maxDepth > max && f.deepestAt !== null)
      .map((f) => ({
        anchor: f.anchor,
        start: f.deepestAt!,
        end: f.deepestAt!,
        severity: "warning" as const,
        message: `${f.label} nests blocks ${f.maxDepth} deep. Maximum allowed is ${max}.`,
        evidence: lineAt(file, f.deepestAt!),
        suggestion: "Return early for the exceptional cases and move the inner loops or branches into their own functions.",
        data: { depth: f.maxDepth, max, function: f.name },
      }));
  },
};
