import ignore from "ignore";
import { moduleGraph } from "../../facts/moduleGraph";
import type { LayerRule } from "../../analysisConfig";
import type { RuleReport, WorkspaceRule } from "../../rule";
import type { ParsedFile } from "../../../workspace";

/** Imports that cross a boundary the team drew in `.autocoder/config.json` (`layers`). */
export const layerViolation: WorkspaceRule = {
  id: "layer-violation",
  perspective: "architecture",
  description: "Imports a configured layer rule forbids.",
  languages: ["typescript", "javascript", "python"],
  checkWorkspace(files, config) {
    if (config.layers.length === 0) return [];
    const rules = config.layers.map(compile);
    const graph = moduleGraph(files);
    const out: { file: ParsedFile; report: RuleReport }[] = [];
    for (const edge of graph.edges) {
      for (const rule of rules) {
        if (!rule.from(edge.from) || !rule.disallow(edge.to) || rule.allow(edge.to)) continue;
        out.push({
          file: graph.files.get(edge.from)!,
          report: {
            anchor: `${edge.to}`,
            start: edge.fact.start,
            end: edge.fact.end,
            severity: "error",
            message: `${edge.from} imports ${edge.to}, which the layer rule forbids (${rule.source.from.join(", ")} may not import ${rule.source.disallow.join(", ")})${rule.source.reason ? `: ${rule.source.reason}` : "."}`,
            evidence: `"${edge.fact.specifier}"`,
            suggestion: "Depend on an allowed module instead (move the shared piece into a layer both may use), or change the rule if the boundary moved.",
            data: { from: edge.from, to: edge.to, typeOnly: edge.fact.typeOnly },
          },
        });
        break;
      }
    }
    return out;
  },
};

function compile(rule: LayerRule) {
  const matcher = (patterns: string[]) => {
    const ig = ignore().add(patterns);
    return (file: string) => patterns.length > 0 && ig.ignores(file);
  };
  return { source: rule, from: matcher(rule.from), disallow: matcher(rule.disallow), allow: matcher(rule.allow) };
}
