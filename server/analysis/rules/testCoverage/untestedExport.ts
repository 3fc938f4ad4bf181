import { exportsOf } from "../../facts/exports";
import { pythonExportsOf } from "../../facts/pythonExports";
import { isDevelopmentFile } from "../../facts/manifests";
import { moduleGraph } from "../../facts/moduleGraph";
import type { RuleReport, WorkspaceRule } from "../../rule";
import type { ParsedFile } from "../../../workspace";

const TEST_FILE = /(^|\/)(test|tests|__tests__|spec|e2e)\/|\.(test|spec)\.[cm]?[jt]sx?$|(^|\/)test_[^/]+\.py$|_test\.py$/;

export function isTestFile(path: string): boolean {
  return TEST_FILE.test(path);
}

/**
 * Exported functions and classes that no test references. A test references a unit when it
 * imports the module (directly, or through a module that re-exports it) and names the unit.
 */
export const untestedExport: WorkspaceRule = {
  id: "untested-export",
  perspective: "test-coverage",
  description: "Exported functions and classes (public ones in Python) that no test imports and names.",
  languages: ["typescript", "javascript", "python"],
  checkWorkspace(files) {
    const graph = moduleGraph(files);
    // Which tests reach each module: directly, or through re-exporting modules (index files).
    const reexportersOf = new Map<string, string[]>();
    for (const e of graph.edges) if (e.fact.kind === "export-from") (reexportersOf.get(e.to) ?? reexportersOf.set(e.to, []).get(e.to)!).push(e.from);
    const importedBy = new Map<string, Set<string>>();
    for (const e of graph.edges) if (isTestFile(e.from)) (importedBy.get(e.to) ?? importedBy.set(e.to, new Set()).get(e.to)!).add(e.from);
    const testsReaching = (module: string, seen = new Set<string>()): Set<string> => {
      if (seen.has(module)) return new Set();
      seen.add(module);
      const found = new Set(importedBy.get(module) ?? []);
      for (const via of reexportersOf.get(module) ?? []) for (const t of testsReaching(via, seen)) found.add(t);
      return found;
    };
    const out: { file: ParsedFile; report: RuleReport }[] = [];
    for (const module of graph.modules) {
      if (isTestFile(module) || isDevelopmentFile(module) || /\.d\.[cm]?ts$/.test(module) || /(^|\/)(conftest|setup|__main__)\.py$/.test(module)) continue;
      const file = graph.files.get(module)!;
      const units = file.py ? pythonExportsOf(file) : exportsOf(file);
      if (units.length === 0) continue;
      const reaching = [...testsReaching(module)].sort();
      for (const unit of units) {
        const naming = reaching.filter((t) => new RegExp(`\\b${unit.name}\\b`).test(graph.files.get(t)!.file.text));
        if (naming.length > 0) continue;
        out.push({
          file,
          report: {
            anchor: unit.name,
            start: unit.start,
            end: unit.end,
            severity: "info",
            message: reaching.length
              ? `${unit.name} is exported but none of the ${reaching.length} test file(s) importing this module names it.`
              : `${unit.name} is exported but no test imports this module.`,
            suggestion: `Add a test that calls ${unit.name} through its public import, covering its main branches and its failure modes.`,
            data: { unit: unit.name, kind: unit.kind, testsImportingModule: reaching.slice(0, 20) },
          },
        });
      }
    }
    return out;
  },
};
