import * as path from "node:path";
import type { ParsedFile } from "../../../workspace";
import { moduleGraph } from "../../facts/moduleGraph";
import { distributionsFor, pythonManifests, type PythonManifestSet } from "../../facts/pythonManifests";
import { PYTHON_STDLIB } from "../../facts/pythonStdlib";
import type { RuleReport, WorkspaceRule } from "../../rule";

interface PythonUse {
  sets: PythonManifestSet[];
  /** Per manifest folder: imported top-level name → first import. */
  imports: Map<PythonManifestSet, Map<string, { file: ParsedFile; start: number; end: number }>>;
}

function pythonUse(files: readonly ParsedFile[]): PythonUse {
  const sets = pythonManifests(files);
  const imports = new Map(sets.map((s) => [s, new Map<string, { file: ParsedFile; start: number; end: number }>()]));
  if (sets.length === 0) return { sets, imports };
  const graph = moduleGraph(files);
  // Top-level modules and packages of the workspace itself are not distributions.
  const local = new Set(files.map((f) => f.file.path.replace(/^src\//, "").split("/")[0]!.replace(/\.py$/, "")));
  for (const imp of graph.external) {
    if (!imp.from.endsWith(".py") || PYTHON_STDLIB.has(imp.packageName) || local.has(imp.packageName)) continue;
    const governing = sets
      .filter((s) => s.dir === "." || imp.from.startsWith(`${s.dir}/`))
      .sort((a, b) => b.dir.length - a.dir.length)[0];
    if (!governing) continue;
    const seen = imports.get(governing)!;
    if (!seen.has(imp.packageName)) seen.set(imp.packageName, { file: graph.files.get(imp.from)!, start: imp.fact.start, end: imp.fact.end });
  }
  return { sets, imports };
}

export const pythonUndeclaredDependency: WorkspaceRule = {
  id: "undeclared-dependency",
  perspective: "dependencies",
  description: "Python packages imported but declared in no requirements*.txt or pyproject.toml.",
  languages: ["python"],
  checkWorkspace(files) {
    const { sets, imports } = pythonUse(files);
    const out: { file: ParsedFile; report: RuleReport }[] = [];
    for (const set of sets) {
      const declared = new Set(set.requirements.map((r) => r.key));
      for (const [name, at] of imports.get(set)!) {
        if (distributionsFor(name).some((k) => declared.has(k))) continue;
        out.push({
          file: at.file,
          report: {
            anchor: name,
            start: at.start,
            end: at.end,
            severity: "warning",
            message: `${name} is imported but declared in none of the Python manifests in ${set.dir === "." ? "the workspace root" : set.dir}.`,
            suggestion: `Add the distribution that provides ${name} to requirements.txt or pyproject.toml, with a version range.`,
            data: { package: name },
          },
        });
      }
    }
    return out;
  },
};

export const pythonUnusedDependency: WorkspaceRule = {
  id: "unused-dependency",
  perspective: "dependencies",
  description: "Python requirements no module imports.",
  languages: ["python", "other"],
  checkWorkspace(files) {
    const { sets, imports } = pythonUse(files);
    const out: { file: ParsedFile; report: RuleReport }[] = [];
    for (const set of sets) {
      const importedKeys = new Set([...imports.get(set)!.keys()].flatMap(distributionsFor));
      const hasPython = files.some((f) => f.file.path.endsWith(".py") && (set.dir === "." || f.file.path.startsWith(`${set.dir}/`)));
      if (!hasPython) continue;
      for (const req of set.requirements) {
        // Tools run by name (pytest, black, ruff…) live in dev requirements; only runtime ones must be imported.
        if (req.dev || importedKeys.has(req.key)) continue;
        out.push({
          file: req.file,
          report: {
            anchor: req.key,
            start: req.offset,
            end: req.offset + req.name.length,
            severity: "info",
            message: `${req.name} is required in ${path.posix.basename(req.file.file.path)} but no module imports it (under any name we know it by).`,
            suggestion: "Remove it if nothing uses it; a plugin loaded by entry point or a tool run by name is the exception.",
            data: { package: req.name },
          },
        });
      }
    }
    return out;
  },
};

export const pythonUnpinnedDependency: WorkspaceRule = {
  id: "unpinned-dependency",
  perspective: "dependencies",
  description: "Python requirements without any version constraint.",
  languages: ["other"],
  checkWorkspace(files) {
    const out: { file: ParsedFile; report: RuleReport }[] = [];
    for (const set of pythonManifests(files)) {
      for (const req of set.requirements) {
        if (req.spec !== "" && req.spec !== "*") continue;
        out.push({
          file: req.file,
          report: {
            anchor: req.key,
            start: req.offset,
            end: req.offset + req.name.length,
            severity: "warning",
            message: `${req.name} has no version constraint: any future release, breaking or not, installs without a review.`,
            suggestion: `Give it a range such as ${req.name}>=X.Y,<X+1 and pin exact versions in a lock file.`,
            data: { package: req.name },
          },
        });
      }
    }
    return out;
  },
};
