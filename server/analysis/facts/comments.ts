import * as ts from "typescript";
import type { ParsedFile } from "../../workspace";

export interface CommentRange {
  start: number;
  end: number;
  text: string;
}

/**
 * Comments that contain `pattern`: the regex finds candidates in the raw text (most files have
 * none, so this stays cheap), then the syntax tree confirms each one is inside a comment and
 * not inside a string, template or regex.
 */
export function commentsMatching(file: ParsedFile, pattern: RegExp): CommentRange[] {
  const text = file.file.text;
  const found = new Map<number, CommentRange>();
  for (const match of text.matchAll(new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : pattern.flags + "g"))) {
    const comment = commentAt(file, match.index);
    if (comment) found.set(comment.start, comment);
  }
  return [...found.values()].sort((a, b) => a.start - b.start);
}

function commentAt(file: ParsedFile, offset: number): CommentRange | null {
  const text = file.file.text;
  if (file.language === "python" || !file.ts) return hashCommentAt(text, offset);
  const source = file.ts;
  let node: ts.Node = source;
  for (;;) {
    const child = node.getChildren(source).find((c) => c.pos <= offset && offset < c.end);
    if (!child) return null;
    if (ts.isJSDoc(child)) return { start: child.pos, end: child.end, text: text.slice(child.pos, child.end) };
    if (offset < child.getStart(source)) {
      // A comment on the previous token's line is that token's trailing comment, not a leading one.
      const ranges = [...(ts.getTrailingCommentRanges(text, child.pos) ?? []), ...(ts.getLeadingCommentRanges(text, child.pos) ?? [])];
      const range = ranges.find((r) => r.pos <= offset && offset < r.end);
      return range ? { start: range.pos, end: range.end, text: text.slice(range.pos, range.end) } : null;
    }
    if (child.getChildCount(source) === 0) return null; // inside a token: a string, template or regex
    node = child;
  }
}

/** `#` comments for Python and other line-comment files: the `#` must not sit inside a string on that line. */
function hashCommentAt(text: string, offset: number): CommentRange | null {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const lineEnd = text.indexOf("\n", offset) === -1 ? text.length : text.indexOf("\n", offset);
  const line = text.slice(lineStart, lineEnd);
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "#") {
      const start = lineStart + i;
      return offset >= start ? { start, end: lineEnd, text: line.slice(i) } : null;
    }
  }
  return null;
}
