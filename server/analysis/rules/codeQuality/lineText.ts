import type { ParsedFile } from "../../../workspace";

/** The trimmed source line holding `offset`, shortened: evidence a reader recognises. */
export function lineAt(file: ParsedFile, offset: number, max = 160): string {
  const text = file.file.text;
  const start = text.lastIndexOf("\n", offset - 1) + 1;
  const endAt = text.indexOf("\n", offset);
  const line = text.slice(start, endAt === -1 ? text.length : endAt).trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
