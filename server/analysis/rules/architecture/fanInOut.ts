import { moduleGraph } from "../../facts/moduleGraph";
import type { RuleReport, WorkspaceRule } from "../../rule";
import type { ParsedFile } from "../../../workspace";

/** Hotspots: modules many others depend on (a change ripples wide) and modules that depend on many. */
export const fanInOut: WorkspaceRule = {
  id: "fan-in-out",
  perspective: "architecture",
  description: "Modules imported by many others, or importing many others.",
  languages: ["typescript", "javascript", "python"],
  checkWorkspace(files, config) {
    const graph = moduleGraph(files);
    const dependents = new Map<string, Set<string>>();
    const dependencies = new Map<string, Set<string>>();
    for (const e of graph.edges) {
      if (e.from === e.to) continue;
      (dependents.get(e.to) ?? dependents.set(e.to, new Set()).get(e.to)!).add(e.from);
      (dependencies.get(e.from) ?? dependencies.set(e.from, new Set()).get(e.from)!).add(e.to);
    }
    const out: { file: ParsedFile; report: RuleReport }[] = [];
    const { fanIn, fanOut } = config.thresholds;
    for (const module of graph.modules) {
      const file = graph.files.get(module)!;
      const inCount = dependents.get(module)?.size ?? 0;
      const outCount = dependencies.get(module)?.size ?? 0;
      if (inCount > fanIn) {
        out.push({
          file,
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
          file,
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
  },
};
