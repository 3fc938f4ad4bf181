import * as path from "node:path";
import { moduleGraph, resolveFile, type ModuleGraph, type Topology } from "../../facts/moduleGraph";
import type { RuleReport, WorkspaceRule } from "../../rule";
import type { ParsedFile } from "../../../workspace";

// Files a project runs without importing them: tests, configs, scripts, declarations, stories.
const ENTRY_LIKE = [
  /(^|\/)(test|tests|__tests__|spec|e2e|bench|benchmarks?|scripts?|bin|examples?|demo|fixtures?|\.storybook)\//,
  /\.(test|spec|bench|stories|story|config|conf|setup)\.[cm]?[jt]sx?$/,
  /\.d\.[cm]?ts$/,
  /(^|\/)[^/]*rc\.[cm]?js$/,
  /(^|\/)(main|cli)\.[cm]?[jt]sx?$/,
  /^(index|server|app)\.[cm]?[jt]sx?$/,
  /(^|\/)(__init__|__main__|setup|conftest|manage|wsgi|asgi|noxfile|tasks)\.py$|(^|\/)test_[^/]*\.py$|_test\.py$/,
];

/**
 * Modules that nothing imports and that are not entry points (package.json `main`, `module`,
 * `bin`, `exports`, `browser`, `types`, or files projects run directly): candidates for dead code.
 */
export const orphanModule: WorkspaceRule = {
  id: "orphan-module",
  perspective: "architecture",
  description: "Modules that no other module imports and that are not entry points.",
  languages: ["typescript", "javascript", "python"],
  checkWorkspace(files) {
    const graph = moduleGraph(files);
    const all = new Set(files.map((f) => f.file.path));
    const entryPoints = packageEntries(graph.files, all);
    const entries = [...entryPoints].sort().join("\n");
    let known = orphansOf.get(graph.topology);
    if (known?.entries !== entries) orphansOf.set(graph.topology, (known = { entries, orphans: orphans(graph, entryPoints) }));
    return known.orphans.map(({ module, report }) => ({ file: graph.files.get(module)!, report }));
  },
};

type Orphan = { module: string; report: RuleReport };

// The reports depend on the graph's shape and the package entry points alone, not on a module's text.
const orphansOf = new WeakMap<Topology, { entries: string; orphans: Orphan[] }>();

function orphans(graph: ModuleGraph, entries: ReadonlySet<string>): Orphan[] {
  const imported = new Set(graph.edges.filter((e) => e.from !== e.to).map((e) => e.to));
  const out: Orphan[] = [];
  for (const module of graph.modules) {
    if (imported.has(module) || entries.has(module) || ENTRY_LIKE.some((re) => re.test(module))) continue;
    out.push({
      module,
      report: {
        anchor: "orphan",
        start: 0,
        end: 0,
        severity: "info",
        message: "No module imports this one and it is not an entry point: it may be dead code.",
        suggestion: "Delete it if nothing runs it; if something does (a script, a dynamic import with a computed path), list it in package.json or silence this finding.",
        data: { module },
      },
    });
  }
  return out;
}

/** Files named as entry points by any package.json in the workspace. */
function packageEntries(files: Map<string, ParsedFile>, all: ReadonlySet<string>): Set<string> {
  const entries = new Set<string>();
  for (const [file, parsed] of files) {
    if (path.posix.basename(file) !== "package.json") continue;
    let manifest: unknown;
    try {
      manifest = JSON.parse(parsed.file.text);
    } catch {
      continue;
    }
    const dir = path.posix.dirname(file);
    for (const target of stringsIn(manifest, ["main", "module", "browser", "types", "typings", "bin", "exports"])) {
      const resolved = resolveFile(path.posix.join(dir, target), all);
      if (resolved) entries.add(resolved);
    }
  }
  return entries;
}

function stringsIn(manifest: unknown, keys: string[]): string[] {
  if (typeof manifest !== "object" || manifest === null) return [];
  const found: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === "string") found.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (typeof value === "object" && value !== null) Object.values(value).forEach(collect);
  };
  for (const key of keys) collect((manifest as Record<string, unknown>)[key]);
  return found;
}
