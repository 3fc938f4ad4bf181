import { builtinModules } from "node:module";
import * as path from "node:path";
import * as ts from "typescript";
import type { ParsedFile } from "../../workspace";
import { importsOf, type ImportFact } from "./imports";
import { pythonImportsOf } from "./pythonImports";

export interface ModuleEdge {
  from: string;
  to: string;
  fact: ImportFact;
}

export interface ExternalImport {
  from: string;
  /** The package name (`@scope/name` or `name`), or the builtin's name. */
  packageName: string;
  builtin: boolean;
  fact: ImportFact;
}

/** The workspace's import graph between its own TS/JS modules, plus what points outside. */
export interface ModuleGraph {
  modules: string[];
  edges: ModuleEdge[];
  external: ExternalImport[];
  /** Relative or aliased imports that match no file the workers read. */
  unresolved: { from: string; fact: ImportFact }[];
  files: Map<string, ParsedFile>;
}

interface PathAliases {
  baseUrl: string | null;
  paths: { prefix: string; suffix: string; targets: string[] }[];
}

const CODE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|py)$/;
const EXTENSIONS = [".ts", ".tsx", ".d.ts", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];
const BUILTINS = new Set(builtinModules);

let memo: { files: readonly ParsedFile[]; graph: ModuleGraph } | null = null;

/** The graph of these file versions; the same versions give the same graph without work. */
export function moduleGraph(files: readonly ParsedFile[]): ModuleGraph {
  if (memo && memo.files.length === files.length && memo.files.every((f, i) => f === files[i])) return memo.graph;
  const graph = buildModuleGraph(files);
  memo = { files: [...files], graph };
  return graph;
}

/** Pure: resolves every import of every TS/JS file against the set of workspace files. */
export function buildModuleGraph(files: readonly ParsedFile[]): ModuleGraph {
  const all = new Set(files.map((f) => f.file.path));
  const byPath = new Map(files.map((f) => [f.file.path, f]));
  const aliases = readAliases(byPath.get("tsconfig.json") ?? byPath.get("jsconfig.json"));
  const graph: ModuleGraph = { modules: [], edges: [], external: [], unresolved: [], files: byPath };
  for (const file of files) {
    if (!CODE.test(file.file.path)) continue;
    if (file.py) {
      addPythonImports(file, all, graph);
      continue;
    }
    if (!file.ts) continue;
    const from = file.file.path;
    graph.modules.push(from);
    for (const fact of importsOf(file)) {
      const spec = fact.specifier;
      if (spec.startsWith(".") || spec.startsWith("/")) {
        const target = resolveFile(path.posix.join(path.posix.dirname(from), spec), all);
        if (target === null) graph.unresolved.push({ from, fact });
        else if (CODE.test(target)) graph.edges.push({ from, to: target, fact });
        continue;
      }
      const aliased = resolveAlias(spec, aliases, all);
      if (aliased === "unresolved") graph.unresolved.push({ from, fact });
      else if (aliased !== null) {
        if (CODE.test(aliased)) graph.edges.push({ from, to: aliased, fact });
      } else {
        const bare = spec.startsWith("node:") ? spec.slice(5) : spec;
        const packageName = bare.startsWith("@") ? bare.split("/").slice(0, 2).join("/") : bare.split("/")[0]!;
        graph.external.push({ from, packageName, builtin: spec.startsWith("node:") || BUILTINS.has(packageName), fact });
      }
    }
  }
  return graph;
}

function addPythonImports(file: ParsedFile, all: ReadonlySet<string>, graph: ModuleGraph): void {
  const from = file.file.path;
  graph.modules.push(from);
  const roots = pythonRoots(from, all);
  for (const fact of pythonImportsOf(file)) {
    let target: string | null = null;
    for (const spec of [...(fact.alternatives ?? []), fact.specifier]) {
      target = resolvePython(spec, from, roots, all);
      if (target) break;
    }
    // `from pkg import x` inside pkg/__init__.py, x not a module file: a name, not a self-import.
    if (target === from) continue;
    if (target) graph.edges.push({ from, to: target, fact });
    else if (fact.specifier.startsWith(".")) graph.unresolved.push({ from, fact });
    else graph.external.push({ from, packageName: fact.specifier.split(".")[0]!, builtin: false, fact });
  }
}

/** Where absolute imports start: above the file's top package, the workspace root, and src/. */
function pythonRoots(file: string, all: ReadonlySet<string>): string[] {
  let dir = path.posix.dirname(file);
  while (dir !== "." && all.has(`${dir}/__init__.py`)) dir = path.posix.dirname(dir);
  return [...new Set([dir, ".", "src"])];
}

/** A Python module name (absolute, or relative with leading dots) to the file it loads. */
function resolvePython(spec: string, from: string, roots: string[], all: ReadonlySet<string>): string | null {
  const dots = /^\.*/.exec(spec)![0].length;
  const rest = spec.slice(dots).split(".").filter(Boolean);
  const bases = dots > 0 ? [path.posix.join(path.posix.dirname(from), ...Array<string>(dots - 1).fill(".."))] : roots;
  for (const base of bases) {
    const stem = path.posix.normalize(path.posix.join(base, ...rest));
    if (stem.startsWith("..")) continue;
    for (const candidate of rest.length ? [`${stem}.py`, `${stem}/__init__.py`] : [`${stem}/__init__.py`]) {
      const clean = candidate.replace(/^\.\//, "");
      if (all.has(clean)) return clean;
    }
  }
  return null;
}

/** A path (workspace-relative, maybe outside it) to the file a resolver would load, or null. */
export function resolveFile(target: string, all: ReadonlySet<string>): string | null {
  const base = path.posix.normalize(target).replace(/\/$/, "");
  if (base.startsWith("..")) return null;
  if (all.has(base)) return base;
  for (const ext of EXTENSIONS) if (all.has(base + ext)) return base + ext;
  // TypeScript's ESM convention: `./x.js` in source means `./x.ts`.
  const js = /\.(m|c)?jsx?$/.exec(base);
  if (js) {
    const stem = base.slice(0, -js[0].length);
    const swapped = { ".js": [".ts", ".tsx"], ".jsx": [".tsx"], ".mjs": [".mts"], ".cjs": [".cts"] }[js[0]] ?? [];
    for (const ext of swapped) if (all.has(stem + ext)) return stem + ext;
  }
  for (const ext of EXTENSIONS) if (all.has(`${base}/index${ext}`)) return `${base}/index${ext}`;
  return null;
}

/** tsconfig `paths` and `baseUrl`: a workspace file, "unresolved" for an alias that matches nothing, or null (a package). */
function resolveAlias(spec: string, aliases: PathAliases, all: ReadonlySet<string>): string | "unresolved" | null {
  const matching = aliases.paths
    .filter((p) => spec.startsWith(p.prefix) && spec.endsWith(p.suffix) && spec.length >= p.prefix.length + p.suffix.length)
    .sort((a, b) => b.prefix.length - a.prefix.length);
  for (const alias of matching) {
    const star = spec.slice(alias.prefix.length, spec.length - alias.suffix.length);
    for (const target of alias.targets) {
      const resolved = resolveFile(target.replace("*", star), all);
      if (resolved) return resolved;
    }
  }
  if (aliases.baseUrl !== null) {
    const resolved = resolveFile(path.posix.join(aliases.baseUrl, spec), all);
    if (resolved) return resolved;
  }
  return matching.length > 0 ? "unresolved" : null;
}

function readAliases(config: ParsedFile | undefined): PathAliases {
  const none: PathAliases = { baseUrl: null, paths: [] };
  if (!config) return none;
  const parsed = ts.parseConfigFileTextToJson(config.file.path, config.file.text);
  const options = (parsed.config as { compilerOptions?: { baseUrl?: unknown; paths?: unknown } } | undefined)?.compilerOptions;
  if (!options) return none;
  const dir = path.posix.dirname(config.file.path);
  const baseUrl = typeof options.baseUrl === "string" ? path.posix.join(dir, options.baseUrl) : null;
  const root = baseUrl ?? dir;
  const paths: PathAliases["paths"] = [];
  if (options.paths && typeof options.paths === "object") {
    for (const [pattern, targets] of Object.entries(options.paths as Record<string, unknown>)) {
      if (!Array.isArray(targets)) continue;
      const star = pattern.indexOf("*");
      paths.push({
        prefix: star === -1 ? pattern : pattern.slice(0, star),
        suffix: star === -1 ? "" : pattern.slice(star + 1),
        targets: targets.filter((t): t is string => typeof t === "string").map((t) => path.posix.join(root, t)),
      });
    }
  }
  return { baseUrl, paths };
}
