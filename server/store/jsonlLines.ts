// Splitting a JSON Lines buffer into records is pure so that recovery rules are testable on
// strings: the file layer only reads bytes and acts on the verdict.

export interface LineVerdict<T> {
  good: { value: T; line: string }[];
  bad: { line: string; lineNumber: number; reason: string }[];
  /** Byte length of the content up to and including the last good-or-bad complete line. */
  completeBytes: number;
  /** True when the last line had no newline: a write that was cut off. */
  torn: boolean;
}

export function splitJsonLines<T>(
  content: Buffer,
  validate: (value: unknown) => { ok: true; value: T } | { ok: false; reason: string },
  firstLineNumber = 1,
): LineVerdict<T> {
  const verdict: LineVerdict<T> = { good: [], bad: [], completeBytes: 0, torn: false };
  let start = 0;
  let lineNumber = firstLineNumber;
  while (start < content.length) {
    const nl = content.indexOf(0x0a, start);
    const end = nl === -1 ? content.length : nl;
    const line = content.subarray(start, end).toString("utf8");
    if (nl === -1) verdict.torn = true;
    else verdict.completeBytes = nl + 1;
    if (line.trim() !== "") {
      const judged = judgeLine(line, validate);
      if (judged.ok) verdict.good.push({ value: judged.value, line });
      else verdict.bad.push({ line, lineNumber, reason: nl === -1 ? `torn last line (${judged.reason})` : judged.reason });
    }
    lineNumber++;
    start = end + 1;
  }
  return verdict;
}

function judgeLine<T>(
  line: string,
  validate: (value: unknown) => { ok: true; value: T } | { ok: false; reason: string },
): { ok: true; value: T } | { ok: false; reason: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (err) {
    return { ok: false, reason: `not JSON: ${(err as Error).message}` };
  }
  return validate(parsed);
}
