import type { RuleReport, WorkspaceRule } from "../../rule";
import type { ParsedFile } from "../../../workspace";
import { dependencyUse, mentionedOutsideCode } from "./dependencyUse";

/** Declared but never imported, nor named by a script or config: installed for nothing. */
export const unusedDependency: WorkspaceRule = {
  id: "unused-dependency",
  perspective: "dependencies",
  description: "Dependencies declared in package.json that no code, script or config uses.",
  languages: ["typescript", "javascript", "other"],
  checkWorkspace(files) {
    const { manifests, uses } = dependencyUse(files);
    const out: { file: ParsedFile; report: RuleReport }[] = [];
    for (const manifest of manifests) {
      const used = uses.get(manifest)!;
      for (const dep of manifest.dependencies) {
        if (dep.section === "peerDependencies" || dep.name.startsWith("@types/")) continue;
        if (used.has(dep.name) || mentionedOutsideCode(dep.name, manifest, files)) continue;
        out.push({
          file: manifest.file,
          report: {
            anchor: `${dep.section}:${dep.name}`,
            start: dep.offset,
            end: dep.offset + dep.name.length + 2,
            severity: dep.section === "dependencies" ? "warning" : "info",
            message: `${dep.name} is declared in ${dep.section} but no code imports it and no script or config names it.`,
            evidence: `"${dep.name}": "${dep.range}"`,
            suggestion: `Remove it (npm uninstall ${dep.name}) if nothing loads it; a package loaded by a computed name or a plugin list is the exception — silence this finding then.`,
            data: { package: dep.name, section: dep.section, range: dep.range },
          },
        });
      }
    }
    return out;
  },
};
