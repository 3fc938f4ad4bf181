/** A small async unit with two guarded throws and one integration point (the file system), shared by the rotation and Hub tests. */
export const ORDERS_TS =
  [
    'import { readFile } from "node:fs/promises";',
    "export async function load(path: string, limit: number) {",
    '  if (!path) throw new TypeError("path required");',
    '  if (limit > 100) throw new RangeError("limit too high");',
    "  const text = await readFile(path, 'utf8');",
    "  return text.split('\\n').slice(0, limit);",
    "}",
  ].join("\n") + "\n";
