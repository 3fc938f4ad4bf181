import type { FileRule } from "../rule";
import { lineAt } from "./codeQuality/lineText";

/** A file the parser had to recover in: its findings elsewhere may be off, so say where it broke. */
export const parseError: FileRule = {
  id: "parse-error",
  perspective: "code-quality",
  description: "Syntax errors the parser had to recover from.",
  languages: ["typescript", "javascript", "python"],
  check({ file }) {
    const first = file.problems[0];
    if (!first) return [];
    return [
      {
        anchor: "parse",
        start: first.start,
        end: first.start,
        severity: "error",
        message: `Syntax error: ${first.message}${file.problems.length > 1 ? ` (and ${file.problems.length - 1} more)` : ""}`,
        evidence: lineAt(file, first.start),
        suggestion: "Fix the syntax; until then the other rules see a recovered tree and may miss or misplace findings in this file.",
        data: { errors: file.problems.length },
      },
    ];
  },
};
