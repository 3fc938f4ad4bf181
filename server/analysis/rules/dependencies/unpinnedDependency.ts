import type { RuleReport, WorkspaceRule } from "../../rule";
import type { ParsedFile } from "../../../workspace";
import { packageManifests } from "../../facts/manifests";

const OPEN = /^\s*(\*|x|X|latest|next|)\s*$|^\s*>=?\s*[\w.-]+\s*$/;

/** Ranges with no upper bound: any future release, breaking or malicious, installs itself. */
export const unpinnedDependency: WorkspaceRule = {
  id: "unpinned-dependency",
  perspective: "dependencies",
  description: "Dependency ranges with no upper bound (*, latest, >=x).",
  languages: ["other"],
  checkWorkspace(files) {
    const out: { file: ParsedFile; report: RuleReport }[] = [];
    for (const manifest of packageManifests(files)) {
      for (const dep of manifest.dependencies) {
        if (!OPEN.test(dep.range)) continue;
        out.push({
          file: manifest.file,
          report: {
            anchor: `${dep.section}:${dep.name}`,
            start: dep.offset,
            end: dep.offset + dep.name.length + 2,
            severity: "warning",
            message: `${dep.name} accepts any version ("${dep.range}"): the next major release — or a hijacked one — installs without a review.`,
            evidence: `"${dep.name}": "${dep.range}"`,
            suggestion: `Give it a bounded range such as "^x.y.z" and keep the lockfile committed.`,
            data: { package: dep.name, range: dep.range, section: dep.section },
          },
        });
      }
    }
    return out;
  },
};
