import { commentsMatching } from "../../facts/comments";
import type { FileRule, RuleReport } from "../../rule";

const NOTE = /\b(TODO|FIXME|HACK|XXX)\b/g;

export const todoNotes: FileRule = {
  id: "todo-note",
  perspective: "code-quality",
  description: "TODO, FIXME, HACK and XXX notes left in comments.",
  languages: ["typescript", "javascript", "python"],
  check({ file }) {
    const reports: RuleReport[] = [];
    const seen = new Map<string, number>();
    for (const comment of commentsMatching(file, NOTE)) {
      for (const match of comment.text.matchAll(NOTE)) {
        const kind = match[1]!;
        const note = comment.text
          .slice(match.index + kind.length)
          .split("\n")[0]!
          .replace(/^[\s:(),-]+/, "")
          .replace(/\*\/\s*$/, "")
          .trim();
        const key = `${kind}:${note.toLowerCase().replace(/\s+/g, " ").slice(0, 60)}`;
        const n = (seen.get(key) ?? 0) + 1;
        seen.set(key, n);
        const start = comment.start + match.index;
        reports.push({
          anchor: n === 1 ? key : `${key}#${n}`,
          start,
          end: start + kind.length,
          severity: kind === "TODO" ? "info" : "warning",
          message: note ? `${kind}: ${note.length > 120 ? `${note.slice(0, 119)}…` : note}` : `${kind} note without a description`,
          evidence: comment.text.split("\n").find((l) => l.includes(kind))!.trim(),
          suggestion:
            kind === "TODO"
              ? "Do it, or move it to the issue tracker where it can be planned."
              : `A ${kind} marks known-bad code: fix it or write down in an issue why it stays.`,
          data: { kind, note },
        });
      }
    }
    return reports;
  },
};
