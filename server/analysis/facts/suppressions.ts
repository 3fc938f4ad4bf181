import type { ParsedFile } from "../../workspace";
import { commentsMatching } from "./comments";

const MARKER = /autocoder-ignore-next-line/;

/**
 * Lines whose findings the user silenced: `// autocoder-ignore-next-line [rule …]` (or `#` in
 * Python) silences the next line, for the named rules or, with none named, for every rule.
 * Returns line → rule ids (empty set: all rules).
 */
export function suppressedLines(file: ParsedFile): Map<number, Set<string>> {
  const lines = new Map<number, Set<string>>();
  for (const comment of commentsMatching(file, MARKER)) {
    const after = comment.text.slice(comment.text.search(MARKER) + "autocoder-ignore-next-line".length);
    const rules = after.replace(/\*\/\s*$/, "").split(/[\s,]+/).filter((r) => /^[a-z][\w-]*$/.test(r));
    const line = file.position(comment.end).line + 1;
    lines.set(line, new Set(rules));
  }
  return lines;
}
