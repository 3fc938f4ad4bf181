import { moduleGraph, type ModuleGraph, type Topology } from "../../facts/moduleGraph";
import type { RuleReport, WorkspaceRule } from "../../rule";

type Hotspot = { module: string; report: RuleReport };

// The reports depend on the graph's shape and the thresholds alone, never on a file's text.
const hotspotsOf = new WeakMap<Topology, { key: string; hotspots: Hotspot[] }>();

/** Hotspots: modules many others depend on (a change ripples wide) and modules that depend on many. */
export const fanInOut: WorkspaceRule = {
  id: "fan-in-out",
  perspective: "architecture",
  description: "Modules imported by many others, or importing many others.",
  languages: ["typescript", "javascript", "python"],
  checkWorkspace(files, config) {
    const graph = moduleGraph(files);
    const { fanIn, fanOut } = config.thresholds;
    const key = `${fanIn}:${fanOut}`;
    let known = hotspotsOf.get(graph.topology);
    if (known?.key !== key) hotspotsOf.set(graph.topology, (known = { key, hotspots: hotspots(graph, fanIn, fanOut) }));
    return known.hotspots.map(({ module, report }) => ({ file: graph.files.get(module)!, report }));
  },
};

function hotspots(graph: ModuleGraph, fanIn: number, fanOut: number): Hotspot[] {
  const dependents = new Map<string, Set<string>>();
  const dependencies = new Map<string, Set<string>>();
  for (const e of graph.edges) {
    if (e.from === e.to) continue;
    (dependents.get(e.to) ?? dependents.set(e.to, new Set()).get(e.to)!).add(e.from);
    (dependencies.get(e.from) ?? dependencies.set(e.from, new Set()).get(e.from)!).add(e.to);
  }
  const out: Hotspot[] = [];
  for (const module of graph.modules) {
    const inCount = dependents.get(module)?.size ?? 0;
    const outCount = dependencies.get(module)?.size ?? 0;
    if (inCount > fanIn) {
      out.push({
        module,
        report: {
          anchor: "fan-in",
          start: 0,
          end: 0,
          severity: "info",
          message: `${inCount} modules import this one (more than ${fanIn}): a change to its exports ripples through all of them.`,
          suggestion: "Keep its interface small and stable, and cover it well with tests; split it if it serves unrelated callers.",
          data: { fanIn: inCount, max: fanIn, dependents: [...dependents.get(module)!].sort().slice(0, 50) },
        },
      });
    }
    if (outCount > fanOut) {
      out.push({
        module,
        report: {
          anchor: "fan-out",
          start: 0,
          end: 0,
          severity: "info",
          message: `This module imports ${outCount} others (more than ${fanOut}): it knows too much and breaks when any of them changes.`,
          suggestion: "Split it by responsibility, or let a smaller coordinating module own the wiring.",
          data: { fanOut: outCount, max: fanOut, dependencies: [...dependencies.get(module)!].sort().slice(0, 50) },
        },
      });
    }
  }
  return out;
}
