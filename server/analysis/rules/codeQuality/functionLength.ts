import type { FileRule } from "../../rule";
import { lineAt } from "./lineText";

export const functionLength: FileRule = {
  id: "function-length",
  perspective: "code-quality",
  description: "Lines of one function, blank lines and comments included.",
  languages: ["typescript", "javascript", "python"],
  check({ file, facts, config }) {
    const max = config.thresholds.functionLines;
    return facts.functions.flatMap((f) => {
      if (f.kind === "class-field-initializer") return [];
      const lines = file.position(f.end).line - file.position(f.start).line + 1;
      if (lines <= max) return [];
      return [
        {
          anchor: f.anchor,
          start: f.headStart,
          end: f.headEnd,
          severity: "warning" as const,
          message: `${f.label} is ${lines} lines long. Maximum allowed is ${max}.`,
          evidence: lineAt(file, f.headStart),
          suggestion: "Split it into steps with names that say what each does; a long function usually does several things.",
          data: { lines, max, function: f.name },
        },
      ];
    });
  },
};
