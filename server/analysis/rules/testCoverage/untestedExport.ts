import { exportsOf } from "../../facts/exports";
import { pythonExportsOf } from "../../facts/pythonExports";
import { isDevelopmentFile } from "../../facts/manifests";
import { moduleGraph, type ModuleGraph, type Topology } from "../../facts/moduleGraph";
import type { RuleReport, WorkspaceRule } from "../../rule";
import type { ParsedFile } from "../../../workspace";

const TEST_FILE = /(^|\/)(test|tests|__tests__|spec|e2e)\/|\.(test|spec)\.[cm]?[jt]sx?$|(^|\/)test_[^/]+\.py$|_test\.py$/;

export function isTestFile(path: string): boolean {
  return TEST_FILE.test(path);
}

// Which tests reach each checked module depends on the graph's shape alone.
const reachingOf = new WeakMap<Topology, Map<string, string[]>>();
// A module's reports depend on its own version and the versions of the tests that reach it.
const reportsOf = new WeakMap<ParsedFile, { tests: ParsedFile[]; reports: RuleReport[] }>();

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
    let reaching = reachingOf.get(graph.topology);
    if (!reaching) reachingOf.set(graph.topology, (reaching = testsReachingModules(graph)));
    const out: { file: ParsedFile; report: RuleReport }[] = [];
    for (const [module, testPaths] of reaching) {
      const file = graph.files.get(module)!;
      const tests = testPaths.map((t) => graph.files.get(t)!);
      let known = reportsOf.get(file);
      if (!known || known.tests.length !== tests.length || !known.tests.every((t, i) => t === tests[i])) {
        reportsOf.set(file, (known = { tests, reports: untestedUnits(file, tests) }));
      }
      for (const report of known.reports) out.push({ file, report });
    }
    return out;
  },
};

/** The modules the rule checks, in graph order, each with the tests that reach it (sorted). */
function testsReachingModules(graph: ModuleGraph): Map<string, string[]> {
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
  const reaching = new Map<string, string[]>();
  for (const module of graph.modules) {
    if (isTestFile(module) || isDevelopmentFile(module) || /\.d\.[cm]?ts$/.test(module) || /(^|\/)(conftest|setup|__main__)\.py$/.test(module)) continue;
    reaching.set(module, [...testsReaching(module)].sort());
  }
  return reaching;
}

function untestedUnits(file: ParsedFile, tests: readonly ParsedFile[]): RuleReport[] {
  const units = file.py ? pythonExportsOf(file) : exportsOf(file);
  const reaching = tests.map((t) => t.file.path);
  const out: RuleReport[] = [];
  for (const unit of units) {
    const naming = tests.filter((t) => new RegExp(`\\b${unit.name}\\b`).test(t.file.text));
    if (naming.length > 0) continue;
    out.push({
      anchor: unit.name,
      start: unit.start,
      end: unit.end,
      severity: "info",
      message: reaching.length
        ? `${unit.name} is exported but none of the ${reaching.length} test file(s) importing this module names it.`
        : `${unit.name} is exported but no test imports this module.`,
      suggestion: `Add a test that calls ${unit.name} through its public import, covering its main branches and its failure modes.`,
      data: { unit: unit.name, kind: unit.kind, testsImportingModule: reaching.slice(0, 20) },
    });
  }
  return out;
}
