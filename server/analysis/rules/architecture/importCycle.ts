import { shortestCycle, stronglyConnected } from "../../facts/cycles";
import { fnv1a } from "../../facts/tokens";
import { moduleGraph, type ModuleEdge } from "../../facts/moduleGraph";
import type { WorkspaceRule } from "../../rule";

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
    const all = adjacency(graph.edges, () => true);
    const runtime = adjacency(graph.edges, (e) => !e.fact.typeOnly);
    const runtimeGroups = stronglyConnected(graph.modules, (n) => runtime.get(n) ?? []).filter((c) => isCycle(c, runtime));
    const out = [];
    for (const group of stronglyConnected(graph.modules, (n) => all.get(n) ?? []).filter((c) => isCycle(c, all))) {
      const members = new Set(group);
      const runtimeGroup = runtimeGroups
        .filter((r) => r.every((m) => members.has(m)))
        .sort((a, b) => b.length - a.length)[0];
      const cycle = runtimeGroup
        ? shortestCycle(runtimeGroup[0]!, new Set(runtimeGroup), (n) => runtime.get(n) ?? [])
        : shortestCycle(group[0]!, members, (n) => all.get(n) ?? []);
      const edge = graph.edges.find((e) => e.from === cycle[0] && e.to === cycle[1] && (!runtimeGroup || !e.fact.typeOnly))!;
      const kind = runtimeGroup ? "runtime" : "type-only";
      out.push({
        file: graph.files.get(cycle[0]!)!,
        report: {
          anchor: fnv1a(group.join("\n")).toString(16),
          start: edge.fact.start,
          end: edge.fact.end,
          severity: runtimeGroup ? ("warning" as const) : ("info" as const),
          message: runtimeGroup
            ? `Import cycle among ${group.length} module${group.length > 1 ? "s" : ""}${runtimeGroup.length < group.length ? ` (${runtimeGroup.length} of them at runtime)` : ""}: ${cycle.join(" → ")}`
            : `Import cycle among ${group.length} modules through type-only imports (none at runtime): ${cycle.join(" → ")}`,
          evidence: cycle.join(" → "),
          suggestion: runtimeGroup
            ? "Move what both sides need into a module that imports neither, or invert one dependency (pass a function or an interface in); cycles make load order fragile and modules impossible to test alone."
            : "Only types cross this cycle, so nothing breaks at load time; still, moving the shared types into their own module removes the coupling.",
          data: { modules: group, cycle, kind, runtimeModules: runtimeGroup ?? [] },
        },
      });
    }
    return out;
  },
};

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
