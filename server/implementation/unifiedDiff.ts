/** Marks a final line that has no newline, so "b" and "b\n" compare as different lines. */
const NO_NEWLINE = "\u0000";

/**
 * Pure: a unified diff (`diff -u` / `git apply` format) from one text to another, as one hunk
 * around the changed lines with `context` lines either side. A new file diffs from /dev/null.
 * Empty when nothing changed.
 */
export function unifiedDiff(file: string, before: string | null, after: string, context = 3): string {
  const a = before === null ? [] : lines(before);
  const b = lines(after);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  if (prefix === a.length && prefix === b.length) return "";
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const start = Math.max(0, prefix - context);
  const endA = Math.min(a.length, a.length - suffix + context);
  const endB = Math.min(b.length, b.length - suffix + context);
  const body: string[] = [];
  const emit = (mark: string, line: string) => {
    if (line.endsWith(NO_NEWLINE)) body.push(`${mark}${line.slice(0, -1)}`, "\\ No newline at end of file");
    else body.push(`${mark}${line}`);
  };
  for (let i = start; i < prefix; i++) emit(" ", a[i]!);
  for (let i = prefix; i < a.length - suffix; i++) emit("-", a[i]!);
  for (let i = prefix; i < b.length - suffix; i++) emit("+", b[i]!);
  for (let i = a.length - suffix; i < endA; i++) emit(" ", a[i]!);
  const range = (from: number, count: number) => `${count === 0 ? from : from + 1},${count}`;
  const header = before === null ? ["--- /dev/null", `+++ b/${file}`] : [`--- a/${file}`, `+++ b/${file}`];
  return [...header, `@@ -${range(start, endA - start)} +${range(start, endB - start)} @@`, ...body].join("\n") + "\n";
}

function lines(text: string): string[] {
  if (text === "") return [];
  const out = text.split("\n");
  if (out[out.length - 1] === "") out.pop();
  else out[out.length - 1] += NO_NEWLINE;
  return out;
}
