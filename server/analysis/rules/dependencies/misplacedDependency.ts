import type { RuleReport, WorkspaceRule } from "../../rule";
import type { ParsedFile } from "../../../workspace";
import { dependencyUse } from "./dependencyUse";

/** Dev and production dependencies in the wrong section: users get too much, or too little. */
export const misplacedDependency: WorkspaceRule = {
  id: "misplaced-dependency",
  perspective: "dependencies",
  description: "devDependencies that shipped code imports, and dependencies only tests and scripts use.",
  languages: ["typescript", "javascript", "other"],
  checkWorkspace(files) {
    const { manifests, uses } = dependencyUse(files);
    const out: { file: ParsedFile; report: RuleReport }[] = [];
    for (const manifest of manifests) {
      const used = uses.get(manifest)!;
      const inProd = new Set(manifest.dependencies.filter((d) => d.section !== "devDependencies").map((d) => d.name));
      for (const dep of manifest.dependencies) {
        const use = used.get(dep.name);
        if (!use) continue;
        const report = (severity: "warning" | "info", message: string, suggestion: string) =>
          out.push({
            file: manifest.file,
            report: {
              anchor: `${dep.section}:${dep.name}`,
              start: dep.offset,
              end: dep.offset + dep.name.length + 2,
              severity,
              message,
              evidence: `"${dep.name}": "${dep.range}"`,
              suggestion,
              data: { package: dep.name, section: dep.section, usedBy: use.productionFiles.slice(0, 20) },
            },
          });
        if (dep.section === "devDependencies" && !inProd.has(dep.name) && use.productionFiles.length > 0) {
          report(
            "warning",
            `${dep.name} is a devDependency, but shipped code imports it (${use.productionFiles[0]}${use.productionFiles.length > 1 ? ` and ${use.productionFiles.length - 1} more` : ""}): an install without dev dependencies breaks.`,
            `Move it to dependencies (npm install ${dep.name}) — unless a bundler inlines it into what you ship.`,
          );
        }
        if (dep.section === "dependencies" && use.productionFiles.length === 0 && use.typeOnlyFiles.length === 0 && use.developmentFiles.length > 0) {
          report("info", `${dep.name} is a dependency, but only tests, scripts or configs use it: every user installs it for nothing.`, `Move it to devDependencies (npm install --save-dev ${dep.name}).`);
        }
      }
    }
    return out;
  },
};
