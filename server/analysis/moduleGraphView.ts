import { MAX_GRAPH_MODULES, type ModuleGraphView } from "../protocol";
import type { ParsedFile } from "../workspace";
import type { AnalysisConfig } from "./analysisConfig";
import { moduleGraph, type ModuleGraph, type Topology } from "./facts/moduleGraph";
import { NO_EXTRAS } from "./rule";
import { importCycle } from "./rules/architecture/importCycle";
import { layerViolation } from "./rules/architecture/layerViolation";

/** The graph without the time it was taken: the worker layer stamps it (analyses read no clock). */
export type ModuleGraphShape = Omit<ModuleGraphView, "computed_at">;

/**
 * Pure: the import graph the architecture perspective works on, with the cycles and layer
 * violations its own rules report, as indexes into one module list. Cut to the first
 * MAX_GRAPH_MODULES modules by path on a very large workspace (and says so).
 */
export function moduleGraphView(files: readonly ParsedFile[], config: AnalysisConfig): ModuleGraphShape {
  const graph = moduleGraph(files);
  // Modules, edges, cycles and layer violations all follow from the graph's shape and the layer rules.
  const layers = JSON.stringify(config.layers);
  let known = views.get(graph.topology);
  if (known?.layers !== layers) views.set(graph.topology, (known = { layers, view: viewOf(graph, files, config) }));
  return known.view;
}

const views = new WeakMap<Topology, { layers: string; view: ModuleGraphShape }>();

function viewOf(graph: ModuleGraph, files: readonly ParsedFile[], config: AnalysisConfig): ModuleGraphShape {
  const modules = [...graph.modules].sort().slice(0, MAX_GRAPH_MODULES);
  const index = new Map(modules.map((m, i) => [m, i]));
  const pairs = new Map<string, { from: number; to: number; type_only: boolean }>();
  for (const e of graph.edges) {
    const from = index.get(e.from);
    const to = index.get(e.to);
    if (from === undefined || to === undefined || from === to) continue;
    const key = `${from}>${to}`;
    const known = pairs.get(key);
    if (known) known.type_only &&= e.fact.typeOnly;
    else pairs.set(key, { from, to, type_only: e.fact.typeOnly });
  }
  const cycles = importCycle.checkWorkspace(files, config, NO_EXTRAS).flatMap(({ report }) => {
    const data = report.data as { modules: string[]; kind: string };
    const members = data.modules.map((m) => index.get(m)).filter((i): i is number => i !== undefined);
    return members.length > 1 ? [{ modules: members, runtime: data.kind === "runtime" }] : [];
  });
  const violations = layerViolation.checkWorkspace(files, config, NO_EXTRAS).flatMap(({ report }) => {
    const data = report.data as { from: string; to: string };
    const from = index.get(data.from);
    const to = index.get(data.to);
    return from === undefined || to === undefined ? [] : [{ from, to, message: report.message }];
  });
  return { modules, edges: [...pairs.values()], cycles, violations, total_modules: graph.modules.length };
}
