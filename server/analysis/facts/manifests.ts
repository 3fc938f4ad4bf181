import * as path from "node:path";
import type { ParsedFile } from "../../workspace";

export type DependencySection = "dependencies" | "devDependencies" | "peerDependencies" | "optionalDependencies";
const SECTIONS: DependencySection[] = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"];

export interface DeclaredDependency {
  name: string;
  range: string;
  section: DependencySection;
  /** Offset of the `"name"` key in package.json, for locating findings. */
  offset: number;
}

/** One package.json: its folder, name, scripts and declared dependencies. */
export interface PackageManifest {
  file: ParsedFile;
  dir: string;
  name: string | null;
  scripts: string[];
  dependencies: DeclaredDependency[];
}

/** Pure: every package.json that parses, with where each dependency is declared. */
export function packageManifests(files: readonly ParsedFile[]): PackageManifest[] {
  const manifests: PackageManifest[] = [];
  for (const file of files) {
    if (path.posix.basename(file.file.path) !== "package.json") continue;
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(file.file.text) as Record<string, unknown>;
    } catch {
      continue;
    }
    const text = file.file.text;
    const dependencies: DeclaredDependency[] = [];
    for (const section of SECTIONS) {
      const block = json[section];
      if (typeof block !== "object" || block === null) continue;
      const sectionAt = text.indexOf(`"${section}"`);
      for (const [name, range] of Object.entries(block as Record<string, unknown>)) {
        const at = text.indexOf(`"${name}"`, sectionAt);
        dependencies.push({ name, range: String(range), section, offset: at === -1 ? Math.max(0, sectionAt) : at });
      }
    }
    const scripts = typeof json.scripts === "object" && json.scripts ? Object.values(json.scripts as Record<string, unknown>).map(String) : [];
    manifests.push({ file, dir: path.posix.dirname(file.file.path), name: typeof json.name === "string" ? json.name : null, scripts, dependencies });
  }
  return manifests;
}

/** The manifest that governs a file: the nearest package.json above it. */
export function manifestFor(file: string, manifests: readonly PackageManifest[]): PackageManifest | null {
  let best: PackageManifest | null = null;
  for (const m of manifests) {
    const inside = m.dir === "." || file.startsWith(`${m.dir}/`);
    if (inside && (!best || m.dir.length > best.dir.length)) best = m;
  }
  return best;
}

/** Code that does not ship: tests, benchmarks, scripts, configs, fixtures, examples. */
export function isDevelopmentFile(file: string): boolean {
  return (
    /(^|\/)(test|tests|__tests__|spec|e2e|bench|benchmarks?|scripts?|fixtures?|examples?|\.storybook|\.ci|\.github)\//.test(file) ||
    /\.(test|spec|bench|stories|story|config|conf|setup)\.[cm]?[jt]sx?$/.test(file) ||
    /(^|\/)[^/]*rc\.[cm]?js$/.test(file)
  );
}
