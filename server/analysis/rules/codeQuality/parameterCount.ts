import type { FileRule } from "../../rule";
import { lineAt } from "./lineText";

export const parameterCount: FileRule = {
  id: "parameter-count",
  perspective: "code-quality",
  description: "Parameters of one function (a `this` parameter does not count).",
  languages: ["typescript", "javascript", "python"],
  check({ file, facts, config }) {
    const max = config.thresholds.parameters;
    return facts.functions
      .filter((f) => f.params > max)
      .map((f) => ({
        anchor: f.anchor,
        start: f.headStart,
        end: f.headEnd,
        severity: "warning" as const,
        message: `${f.label} has ${f.params} parameters. Maximum allowed is ${max}.`,
        evidence: lineAt(file, f.headStart),
        suggestion: "Group related parameters into one options object; callers then name what they pass.",
        data: { parameters: f.params, max, function: f.name },
      }));
  },
};
