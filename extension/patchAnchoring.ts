// Where generated code goes is decided on the document's text as it is now, never on the line
// numbers the server computed when it generated the code: the user may have edited the file
// since. A hunk is found by its old lines (context and removed lines); where they are no longer
// there, or are there more than once, nothing is written and the reason says what differs.
// Pure: tested on strings; the extension turns the offsets into one WorkspaceEdit.

/** One hunk of a unified diff: the lines it expects (context and removed) and what replaces them. */
export interface Hunk {
  /** 1-based line of the first old line, as the diff says. */
  oldStart: number;
  oldLines: string[];
  newLines: string[];
  /** The hunk's last new line has no newline (the file's end). */
  newEndsWithoutNewline: boolean;
}

export interface ParsedPatch {
  /** Workspace-relative path from the `+++ b/…` header. */
  file: string;
  /** The diff creates the file (`--- /dev/null`). */
  creates: boolean;
  hunks: Hunk[];
}

/** An edit on the current text: replace [start, end) with `text`. */
export interface OffsetEdit {
  start: number;
  end: number;
  text: string;
}

export type Anchoring =
  /** Every hunk is where the diff says. */
  | { kind: "exact"; edits: OffsetEdit[]; result: string }
  /** Every hunk was found once, but some elsewhere than the diff says: the text above them changed. */
  | { kind: "moved"; edits: OffsetEdit[]; result: string; moves: { hunk: number; from: number; to: number }[] }
  /** The text is already what the change makes it. */
  | { kind: "applied"; reason: string }
  /** The change cannot be placed safely; nothing may be written. */
  | { kind: "conflict"; reason: string };

/** Parses `diff -u` / `git diff` text for one file; throws with the reason on anything else. */
export function parseUnifiedDiff(diff: string): ParsedPatch {
  const lines = diff.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const minus = lines.findIndex((l) => l.startsWith("--- "));
  if (minus === -1 || !lines[minus + 1]?.startsWith("+++ ")) throw new Error("not a unified diff: no ---/+++ header");
  const creates = lines[minus]!.slice(4).trim() === "/dev/null";
  const file = lines[minus + 1]!.slice(4).trim().replace(/^b\//, "");
  const hunks: Hunk[] = [];
  let current: Hunk | null = null;
  let last: " " | "-" | "+" | null = null;
  let oldLeft = 0;
  let newLeft = 0;
  for (let i = minus + 2; i < lines.length; i++) {
    const line = lines[i]!;
    const header = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (header) {
      if (current && (oldLeft || newLeft)) throw new Error(`hunk at line ${current.oldStart} is shorter than its header says`);
      current = { oldStart: Number(header[1]), oldLines: [], newLines: [], newEndsWithoutNewline: false };
      // A hunk that removes nothing from an empty region says "-0,0": it starts after line 0.
      oldLeft = header[2] === undefined ? 1 : Number(header[2]);
      newLeft = header[4] === undefined ? 1 : Number(header[4]);
      if (oldLeft === 0) current.oldStart += 1;
      hunks.push(current);
      continue;
    }
    if (!current) throw new Error(`unexpected line before the first hunk: ${JSON.stringify(line.slice(0, 40))}`);
    const mark = line[0];
    const text = line.slice(1);
    if (mark === "\\") {
      // "\ No newline at end of file" belongs to the line before it.
      if (last === "+" || last === " ") current.newEndsWithoutNewline = true;
      continue;
    }
    if (mark === " " || (line === "" && (oldLeft || newLeft))) {
      current.oldLines.push(text);
      current.newLines.push(text);
      oldLeft--;
      newLeft--;
      last = " ";
    } else if (mark === "-") {
      current.oldLines.push(text);
      oldLeft--;
      last = "-";
    } else if (mark === "+") {
      current.newLines.push(text);
      newLeft--;
      last = "+";
    } else throw new Error(`unexpected line in hunk: ${JSON.stringify(line.slice(0, 40))}`);
    if (oldLeft < 0 || newLeft < 0) throw new Error(`hunk at line ${current.oldStart} is longer than its header says`);
  }
  if (current && (oldLeft || newLeft)) throw new Error(`hunk at line ${current.oldStart} is shorter than its header says`);
  if (!hunks.length) throw new Error("the diff has no hunks");
  return { file, creates, hunks };
}

interface TextLines {
  /** Each line without its line break. */
  lines: string[];
  /** Offset of each line's start; one more entry for the end of the text. */
  starts: number[];
  eol: string;
}

function splitLines(text: string): TextLines {
  const lines: string[] = [];
  const starts: number[] = [];
  const re = /\r?\n/g;
  let at = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    starts.push(at);
    lines.push(text.slice(at, m.index));
    at = m.index + m[0].length;
  }
  if (at < text.length) {
    starts.push(at);
    lines.push(text.slice(at));
  }
  starts.push(text.length);
  return { lines, starts, eol: text.includes("\r\n") ? "\r\n" : "\n" };
}

function matchesAt(lines: readonly string[], block: readonly string[], at: number): boolean {
  if (at < 0 || at + block.length > lines.length) return false;
  for (let i = 0; i < block.length; i++) if (lines[at + i] !== block[i]) return false;
  return true;
}

function occurrences(lines: readonly string[], block: readonly string[], from: number): number[] {
  const found: number[] = [];
  for (let at = from; at + block.length <= lines.length; at++) if (matchesAt(lines, block, at)) found.push(at);
  return found;
}

/** Where the first line that differs is, for a reason a person can check against the editor. */
function firstDifference(lines: readonly string[], block: readonly string[], at: number): string {
  for (let i = 0; i < block.length; i++) {
    if (lines[at + i] !== block[i]) {
      const found = lines[at + i];
      return `line ${at + i + 1} was ${JSON.stringify(clip(block[i]!))} when the code was generated and is ${found === undefined ? "past the end of the file" : JSON.stringify(clip(found))} now`;
    }
  }
  return `the text at line ${at + 1} differs`;
}

function clip(text: string): string {
  const trimmed = text.trim();
  return trimmed.length > 60 ? `${trimmed.slice(0, 57)}…` : trimmed;
}

/**
 * Places a diff's hunks on `current`, the document's text now. Each hunk must be found: where
 * the diff says (exact), or — when the lines above it changed — exactly once further on, after
 * the previous hunk (moved). A hunk whose lines are gone or appear more than once is a conflict.
 */
export function anchorPatch(current: string, patch: ParsedPatch): Anchoring {
  const text = splitLines(current);
  const edits: OffsetEdit[] = [];
  const moves: { hunk: number; from: number; to: number }[] = [];
  let searchFrom = 0;
  let shift = 0;
  for (const [index, hunk] of patch.hunks.entries()) {
    const expected = hunk.oldStart - 1 + shift;
    let at: number;
    if (hunk.oldLines.length === 0) {
      // Nothing to recognise the place by: only the stated place will do, and only in a text that is as short as it was.
      if (expected > text.lines.length) return { kind: "conflict", reason: `the file has ${text.lines.length} lines now; the change adds text after line ${expected}` };
      at = expected;
    } else if (matchesAt(text.lines, hunk.oldLines, expected) && expected >= searchFrom) {
      at = expected;
    } else {
      const found = occurrences(text.lines, hunk.oldLines, searchFrom);
      if (found.length === 1) {
        at = found[0]!;
        moves.push({ hunk: index, from: expected + 1, to: at + 1 });
      } else if (found.length > 1) {
        return { kind: "conflict", reason: `the lines the change replaces near line ${expected + 1} now appear ${found.length} times (lines ${found.map((f) => f + 1).join(", ")}), so which to change is not clear` };
      } else {
        if (patch.hunks.length === 1 && occurrences(text.lines, hunk.newLines, 0).length > 0 && hunk.newLines.length > 0) {
          return { kind: "applied", reason: "the file already has the changed lines" };
        }
        return { kind: "conflict", reason: `the file changed since the code was generated: ${firstDifference(text.lines, hunk.oldLines, Math.min(expected, Math.max(0, text.lines.length - 1)))}` };
      }
    }
    const start = text.starts[at]!;
    const endLine = at + hunk.oldLines.length;
    const end = endLine < text.lines.length ? text.starts[endLine]! : current.length;
    // The diff says whether the new text ends the file without a line break; otherwise every new line has one.
    let replacement = hunk.newLines.map((l) => l + text.eol).join("");
    if (hunk.newEndsWithoutNewline) replacement = replacement.slice(0, replacement.length - text.eol.length);
    edits.push({ start, end, text: replacement });
    shift += at - expected + (hunk.newLines.length - hunk.oldLines.length);
    searchFrom = endLine;
  }
  let result = "";
  let at = 0;
  for (const e of edits) {
    result += current.slice(at, e.start) + e.text;
    at = e.end;
  }
  result += current.slice(at);
  if (result === current) return { kind: "applied", reason: "the change makes no difference to the file as it is" };
  return moves.length ? { kind: "moved", edits, result, moves } : { kind: "exact", edits, result };
}

/**
 * A new file the server generated: it may be created only where nothing is yet. `existing` is
 * the file's text now, or null when there is no such file.
 */
export function anchorNewFile(existing: string | null, code: string): Anchoring {
  if (existing === null) return { kind: "exact", edits: [{ start: 0, end: 0, text: code }], result: code };
  if (existing === code) return { kind: "applied", reason: "the file exists with exactly this content" };
  return { kind: "conflict", reason: "the file exists now (it did not when the code was generated), with other content" };
}
