import type { ParsedFile } from "../../workspace";
import type { ExportedUnit } from "./exports";

const cache = new WeakMap<ParsedFile, ExportedUnit[]>();

/**
 * A Python module's public functions and classes: the names in `__all__` when it is set, else
 * the top-level ones not starting with `_` — what `from module import *` and a test would use.
 */
export function pythonExportsOf(file: ParsedFile): ExportedUnit[] {
  let units = cache.get(file);
  if (units) return units;
  units = [];
  const root = file.py?.rootNode;
  let listed: Set<string> | null = null;
  for (const s of root?.namedChildren ?? []) {
    const a = s?.type === "expression_statement" ? s.namedChild(0) : null;
    if (a?.type === "assignment" && a.childForFieldName("left")?.text === "__all__") {
      listed = new Set([...(a.childForFieldName("right")?.text ?? "").matchAll(/["']([^"']+)["']/g)].map((m) => m[1]!));
    }
  }
  for (const s of root?.namedChildren ?? []) {
    const def = s?.type === "decorated_definition" ? s.childForFieldName("definition") : s;
    if (def?.type !== "function_definition" && def?.type !== "class_definition") continue;
    const name = def.childForFieldName("name");
    if (!name || (listed ? !listed.has(name.text) : name.text.startsWith("_"))) continue;
    units.push({ name: name.text, kind: def.type === "class_definition" ? "class" : "function", start: name.startIndex, end: name.endIndex });
  }
  cache.set(file, units);
  return units;
}
