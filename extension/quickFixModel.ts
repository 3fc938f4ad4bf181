import type { Finding, TextEdit } from "../server/protocol";
import type { OffsetEdit } from "./patchAnchoring";

// A finding's fix says what text each edit replaces (`oldText`), so it is placed on the
// document as it is now: where its range still holds that text, or — when lines above it
// changed — where that text is, found exactly once in the document. Otherwise the fix is not
// offered, and the reason says why. Pure: tested on strings.

/** The diagnostic as the Problems panel holds it now: what to match a finding on. */
export interface DiagnosticKey {
  rule: string;
  message: string;
  /** 1-based. */
  line: number;
}

/** The finding behind a diagnostic: same rule, message and file; the one on the same line when several match. */
export function findingForDiagnostic(findings: readonly Finding[], file: string, key: DiagnosticKey): Finding | null {
  const candidates = findings.filter((f) => f.file === file && f.rule === key.rule && f.message === key.message);
  return candidates.find((f) => f.range.start.line === key.line) ?? (candidates.length === 1 ? candidates[0]! : null);
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

/** The fix's edits as offsets on `text`, or why they cannot be placed there. */
export function placeFix(text: string, edits: readonly TextEdit[]): { edits: OffsetEdit[] } | { reason: string } {
  const starts = lineStarts(text);
  const offset = (line: number, column: number) => (line - 1 < starts.length ? starts[line - 1]! + column - 1 : -1);
  const placed: OffsetEdit[] = [];
  for (const edit of edits) {
    const { start, end } = edit.range;
    if (edit.oldText === undefined) return { reason: "the fix does not say what text it replaces, so it cannot be checked against the file as it is now" };
    const from = offset(start.line, start.column);
    const to = offset(end.line, end.column);
    if (from >= 0 && to >= from && text.slice(from, to) === edit.oldText) {
      placed.push({ start: from, end: to, text: edit.newText });
      continue;
    }
    // The text moved (lines added or removed above it): found once, it is still the same place.
    const found: number[] = [];
    for (let at = edit.oldText ? text.indexOf(edit.oldText) : -1; at !== -1 && found.length < 3; at = text.indexOf(edit.oldText, at + 1)) found.push(at);
    if (found.length === 0) return { reason: `the file no longer holds ${JSON.stringify(clip(edit.oldText))}` };
    if (found.length > 1) return { reason: `${JSON.stringify(clip(edit.oldText))} is no longer at line ${start.line} and appears more than once now` };
    placed.push({ start: found[0]!, end: found[0]! + edit.oldText.length, text: edit.newText });
  }
  const sorted = [...placed].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) if (sorted[i]!.start < sorted[i - 1]!.end) return { reason: "the fix's edits overlap" };
  return { edits: sorted };
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** The quick fix's title: the replacement when it is one short edit, else the finding's suggestion. */
export function quickFixTitle(finding: Finding): string {
  const edits = finding.fix?.edits ?? [];
  const only = edits.length === 1 ? edits[0]! : null;
  if (only?.oldText !== undefined && only.oldText.length <= 40 && only.newText.length <= 40 && !only.newText.includes("\n")) {
    return only.newText ? `Autocoder: replace ${only.oldText} with ${only.newText}` : `Autocoder: remove ${only.oldText}`;
  }
  return `Autocoder: ${finding.suggestion ?? "apply the fix"}`;
}
