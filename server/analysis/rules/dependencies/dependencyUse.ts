import type { ParsedFile } from "../../../workspace";
import { moduleGraph } from "../../facts/moduleGraph";
import { isDevelopmentFile, manifestFor, packageManifests, type PackageManifest } from "../../facts/manifests";

export interface PackageUse {
  /** Files importing the package at runtime, split by whether they ship. */
  productionFiles: string[];
  developmentFiles: string[];
  typeOnlyFiles: string[];
  /** The first import, for locating an undeclared-dependency finding. */
  first: { file: string; start: number; end: number } | null;
}

/** How each manifest's packages are used by the code it governs. */
export interface DependencyUse {
  manifests: PackageManifest[];
  uses: Map<PackageManifest, Map<string, PackageUse>>;
  /** Names of packages defined in this workspace (monorepo siblings). */
  workspacePackages: Set<string>;
}

let memo: { files: readonly ParsedFile[]; use: DependencyUse } | null = null;

/** Shared by the dependency rules; the same file versions give the same answer without work. */
export function dependencyUse(files: readonly ParsedFile[]): DependencyUse {
  if (memo && memo.files.length === files.length && memo.files.every((f, i) => f === files[i])) return memo.use;
  const manifests = packageManifests(files);
  const uses = new Map<PackageManifest, Map<string, PackageUse>>(manifests.map((m) => [m, new Map()]));
  for (const imp of moduleGraph(files).external) {
    // npm manifests govern JS/TS; Python packages are declared in requirements/pyproject.
    if (imp.builtin || imp.from.endsWith(".py")) continue;
    const manifest = manifestFor(imp.from, manifests);
    if (!manifest) continue;
    const perPackage = uses.get(manifest)!;
    const use = perPackage.get(imp.packageName) ?? { productionFiles: [], developmentFiles: [], typeOnlyFiles: [], first: null };
    const list = imp.fact.typeOnly ? use.typeOnlyFiles : isDevelopmentFile(imp.from) ? use.developmentFiles : use.productionFiles;
    if (!list.includes(imp.from)) list.push(imp.from);
    use.first ??= { file: imp.from, start: imp.fact.start, end: imp.fact.end };
    perPackage.set(imp.packageName, use);
  }
  const use = { manifests, uses, workspacePackages: new Set(manifests.map((m) => m.name).filter((n): n is string => n !== null)) };
  memo = { files: [...files], use };
  return use;
}

/** Does any script, config or other text in the package name this dependency (tools run by name)? */
export function mentionedOutsideCode(name: string, manifest: PackageManifest, files: readonly ParsedFile[]): boolean {
  const bare = name.startsWith("@") ? name.split("/")[1]! : name;
  const word = new RegExp(`(^|[^\\w@/-])(${escape(name)}|${escape(bare)})([^\\w-]|$)`);
  if (manifest.scripts.some((s) => word.test(s))) return true;
  return files.some(
    (f) =>
      f !== manifest.file &&
      (manifest.dir === "." || f.file.path.startsWith(`${manifest.dir}/`)) &&
      /(\.(json|ya?ml|toml|cjs|mjs|js)|rc)$/.test(f.file.path) &&
      /(^|\/)(\.[\w-]+rc(\.\w+)?|[\w.-]*config[\w.-]*|\.ci\/[\w.-]+|\.github\/.+)$/.test(f.file.path) &&
      f.file.text.includes(name),
  );
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
