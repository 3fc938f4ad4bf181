import { shortestCycle, stronglyConnected } from "../../facts/cycles";
import { fnv1a } from "../../facts/tokens";
import { moduleGraph, type ModuleEdge, type Topology } from "../../facts/moduleGraph";
import type { RuleReport, WorkspaceRule } from "../../rule";
import type { ParsedFile } from "../../../workspace";

/**
 * Import cycles, each strongly connected group reported once with one concrete cycle. A group
 * whose cycles all pass through type-only imports does not exist at runtime (TypeScript erases
 * those imports), so it is told apart: it cannot cause load-order bugs, only coupling.
 */
export const importCycle: WorkspaceRule = {
  id: "import-cycle",
  perspective: "architecture",
  description: "Modules that import each other, directly or through others.",
  languages: ["typescript", "javascript", "python"],
  checkWorkspace(files) {
    const graph = moduleGraph(files);
    let groups = groupsOf.get(graph.topology);
    if (!groups) groupsOf.set(graph.topology, (groups = cycleGroups(graph.modules, graph.edges)));
    return groups.map((g) => {
      const file = graph.files.get(g.cycle[0]!)!;
      const known = reported.get(g);
      if (known && known.file === file) return known;
      const found = { file, report: report(g, graph.edges[g.edge]!) };
      reported.set(g, found);
      return found;
    });
  },
};

/** One strongly connected group, what its report says, and the edge (an index into the graph's edges) it points at. */
interface CycleGroup {
  group: string[];
  runtimeGroup: string[] | undefined;
  cycle: string[];
  edge: number;
}

// The groups depend on the graph's shape alone; the reports also on where the import stands in
// the file, so they are kept per group and file version.
const groupsOf = new WeakMap<Topology, CycleGroup[]>();
const reported = new WeakMap<CycleGroup, { file: ParsedFile; report: RuleReport }>();

function cycleGroups(modules: readonly string[], edges: readonly ModuleEdge[]): CycleGroup[] {
  const all = adjacency(edges, () => true);
  const runtime = adjacency(edges, (e) => !e.fact.typeOnly);
  const runtimeGroups = stronglyConnected(modules, (n) => runtime.get(n) ?? []).filter((c) => isCycle(c, runtime));
  const out: CycleGroup[] = [];
  for (const group of stronglyConnected(modules, (n) => all.get(n) ?? []).filter((c) => isCycle(c, all))) {
    const members = new Set(group);
    const runtimeGroup = runtimeGroups
      .filter((r) => r.every((m) => members.has(m)))
      .sort((a, b) => b.length - a.length)[0];
    const cycle = runtimeGroup
      ? shortestCycle(runtimeGroup[0]!, new Set(runtimeGroup), (n) => runtime.get(n) ?? [])
      : shortestCycle(group[0]!, members, (n) => all.get(n) ?? []);
    const edge = edges.findIndex((e) => e.from === cycle[0] && e.to === cycle[1] && (!runtimeGroup || !e.fact.typeOnly));
    out.push({ group, runtimeGroup, cycle, edge });
  }
  return out;
}

function report({ group, runtimeGroup, cycle }: CycleGroup, edge: ModuleEdge): RuleReport {
  const kind = runtimeGroup ? "runtime" : "type-only";
  return {
    anchor: fnv1a(group.join("\n")).toString(16),
    start: edge.fact.start,
    end: edge.fact.end,
    severity: runtimeGroup ? "warning" : "info",
    message: runtimeGroup
      ? `Import cycle among ${group.length} module${group.length > 1 ? "s" : ""}${runtimeGroup.length < group.length ? ` (${runtimeGroup.length} of them at runtime)` : ""}: ${cycle.join(" → ")}`
      : `Import cycle among ${group.length} modules through type-only imports (none at runtime): ${cycle.join(" → ")}`,
    evidence: cycle.join(" → "),
    suggestion: runtimeGroup
      ? "Move what both sides need into a module that imports neither, or invert one dependency (pass a function or an interface in); cycles make load order fragile and modules impossible to test alone."
      : "Only types cross this cycle, so nothing breaks at load time; still, moving the shared types into their own module removes the coupling.",
    data: { modules: group, cycle, kind, runtimeModules: runtimeGroup ?? [] },
  };
}

function adjacency(edges: readonly ModuleEdge[], keep: (e: ModuleEdge) => boolean): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const e of edges) {
    if (!keep(e)) continue;
    const list = map.get(e.from) ?? [];
    if (!list.includes(e.to)) list.push(e.to);
    map.set(e.from, list);
  }
  for (const list of map.values()) list.sort();
  return map;
}

function isCycle(group: readonly string[], next: Map<string, string[]>): boolean {
  return group.length > 1 || (next.get(group[0]!) ?? []).includes(group[0]!);
}
