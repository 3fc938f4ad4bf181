import * as path from "node:path";
import type { PlanningContext } from "../context/planningContext";
import type { Unit } from "../units";

/**
 * Pure: where a new test file for the unit would live, following the repo's own layout (a
 * top-level test folder, or tests beside the code), and the import path that resolves from there.
 */
export function testTarget(context: PlanningContext, unit: Unit): { path: string; importPath: string } {
  const tests = context.tests.files.map((f) => f.path);
  if (unit.language === "python") {
    const base = path.posix.basename(unit.file, ".py");
    const folder = ["tests", "test"].find((d) => tests.some((t) => t.startsWith(`${d}/`)));
    const file = folder ? `${folder}/test_${base === "__init__" ? path.posix.basename(path.posix.dirname(unit.file)) : base}.py` : path.posix.join(path.posix.dirname(unit.file), `test_${base}.py`);
    return { path: file, importPath: pythonModule(unit.file) };
  }
  const ext = path.posix.extname(unit.file);
  const testExt = ext === ".tsx" ? ".test.tsx" : ext === ".mts" || ext === ".cts" ? `.test${ext}` : `.test${ext}`;
  const stem = unit.file.slice(0, -ext.length);
  const roots = tests.map((t) => /^(test|tests|__tests__|spec)\//.exec(t)?.[1]).filter((r): r is string => !!r);
  const root = mostCommon(roots);
  const colocated = tests.some((t) => /\.(test|spec)\.[cm]?[jt]sx?$/.test(t) && !/^(test|tests|__tests__|spec)\//.test(t));
  const file = root && !colocated ? `${root}/${stem.slice(sourcePrefix(context, root).length)}${testExt}` : `${stem}${testExt}`;
  let rel = path.posix.relative(path.posix.dirname(file), stem);
  if (!rel.startsWith(".")) rel = `./${rel}`;
  // A program is run by its path, not imported: keep its own extension.
  return { path: file, importPath: rel + (unit.kind === "entry" ? ext : importExtension(context, unit, ext)) };
}

/** What a relative import of the unit needs after its stem, as the project writes its own imports. */
function importExtension(context: PlanningContext, unit: Unit, ext: string): string {
  if (ext === ".mjs" || ext === ".cjs") return ext;
  const text = context.byPath.get(unit.file)?.file.text ?? "";
  const explicit = /from\s+["']\.\.?\/[^"']+\.js["']/.test(text);
  if (ext === ".js" && (explicit || /^\s*(import|export)\s/m.test(text))) return ".js";
  if (explicit) return ".js";
  return "";
}

/**
 * The part of a source path the repo's tests leave out when they mirror it (`src/`, `server/`):
 * learnt from test files named after the module they import.
 */
function sourcePrefix(context: PlanningContext, root: string): string {
  const prefixes: string[] = [];
  for (const [module, tests] of context.tests.importers) {
    const stem = module.replace(/\.[^./]+$/, "");
    for (const t of tests) {
      const rest = t.slice(root.length + 1).replace(/\.(test|spec)\.[^./]+$/, "");
      if (rest !== t && stem.endsWith(`/${rest}`)) prefixes.push(stem.slice(0, stem.length - rest.length));
      else if (stem === rest) prefixes.push("");
    }
  }
  return mostCommon(prefixes) ?? "";
}

function pythonModule(file: string): string {
  return file.replace(/^src\//, "").replace(/\.py$/, "").replace(/\/__init__$/, "").split("/").join(".");
}

function mostCommon(values: string[]): string | null {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

/**
 * Whether a test beside this JS unit must be CommonJS: `.cjs`, or `.js` in a package that is not
 * `"type": "module"` and whose file uses no import/export syntax — what Node itself decides.
 */
export function needsCommonJs(context: PlanningContext, unit: Unit): boolean {
  if (unit.language !== "javascript") return false;
  if (unit.file.endsWith(".cjs") || unit.access.commonjs) return true;
  if (!unit.file.endsWith(".js")) return false;
  const text = context.byPath.get(unit.file)?.file.text ?? "";
  if (/^\s*(import|export)\s/m.test(text)) return false;
  for (let dir = path.posix.dirname(unit.file); ; dir = path.posix.dirname(dir)) {
    const manifest = context.byPath.get(dir === "." ? "package.json" : `${dir}/package.json`);
    if (manifest) {
      try {
        return (JSON.parse(manifest.file.text) as { type?: string }).type !== "module";
      } catch {
        return true;
      }
    }
    if (dir === ".") return true;
  }
}
