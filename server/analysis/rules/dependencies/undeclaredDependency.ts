import type { RuleReport, WorkspaceRule } from "../../rule";
import type { ParsedFile } from "../../../workspace";
import { dependencyUse } from "./dependencyUse";

/** Imported but declared nowhere: it works only while something else happens to install it. */
export const undeclaredDependency: WorkspaceRule = {
  id: "undeclared-dependency",
  perspective: "dependencies",
  description: "Packages the code imports that no package.json (this one or an enclosing one) declares.",
  languages: ["typescript", "javascript"],
  checkWorkspace(files) {
    const { manifests, uses, workspacePackages } = dependencyUse(files);
    const byPath = new Map(files.map((f) => [f.file.path, f]));
    const out: { file: ParsedFile; report: RuleReport }[] = [];
    for (const manifest of manifests) {
      const ancestors = manifests.filter((m) => m.dir === "." || manifest.dir === m.dir || manifest.dir.startsWith(`${m.dir}/`));
      const declared = new Set(ancestors.flatMap((m) => m.dependencies.map((d) => d.name)));
      for (const [name, use] of uses.get(manifest)!) {
        if (declared.has(name) || declared.has(`@types/${name}`) || workspacePackages.has(name) || name === manifest.name || !use.first) continue;
        const shipped = use.productionFiles.length > 0;
        out.push({
          file: byPath.get(use.first.file)!,
          report: {
            anchor: name,
            start: use.first.start,
            end: use.first.end,
            severity: shipped ? "error" : "warning",
            message: `${name} is imported but not declared in ${manifest.file.file.path}: it resolves only while something else installs it.`,
            evidence: `"${name}"`,
            suggestion: `Declare it: npm install ${shipped ? "" : "--save-dev "}${name}`,
            data: { package: name, importedBy: [...use.productionFiles, ...use.developmentFiles, ...use.typeOnlyFiles].slice(0, 20) },
          },
        });
      }
    }
    return out;
  },
};
