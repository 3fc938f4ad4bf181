import * as path from "node:path";
import type { RuleReport, WorkspaceRule } from "../../rule";
import type { ParsedFile } from "../../../workspace";

/** Several versions of one package installed side by side: bigger installs, and two copies of any state they keep. */
export const lockfileDuplicates: WorkspaceRule = {
  id: "duplicate-package-versions",
  perspective: "dependencies",
  description: "Packages installed in more than one version according to package-lock.json.",
  languages: ["other"],
  checkWorkspace(files) {
    const out: { file: ParsedFile; report: RuleReport }[] = [];
    for (const file of files) {
      if (path.posix.basename(file.file.path) !== "package-lock.json") continue;
      let lock: { packages?: Record<string, { version?: string }> };
      try {
        lock = JSON.parse(file.file.text) as typeof lock;
      } catch {
        continue;
      }
      const versions = new Map<string, Set<string>>();
      for (const [key, entry] of Object.entries(lock.packages ?? {})) {
        const at = key.lastIndexOf("node_modules/");
        if (at === -1 || !entry.version) continue;
        const name = key.slice(at + "node_modules/".length);
        (versions.get(name) ?? versions.set(name, new Set()).get(name)!).add(entry.version);
      }
      for (const [name, set] of [...versions].sort(([a], [b]) => (a < b ? -1 : 1))) {
        if (set.size < 2) continue;
        const list = [...set].sort();
        const at = file.file.text.indexOf(`node_modules/${name}"`);
        out.push({
          file,
          report: {
            anchor: name,
            start: Math.max(0, at),
            end: Math.max(0, at),
            severity: "info",
            message: `${list.length} versions of ${name} are installed: ${list.join(", ")}.`,
            suggestion: "Align the ranges that pull in the older versions (npm ls " + name + " shows who), then npm dedupe.",
            data: { package: name, versions: list },
          },
        });
      }
    }
    return out;
  },
};
