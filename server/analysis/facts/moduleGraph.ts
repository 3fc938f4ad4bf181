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
  /**
   * The same object for as long as the workspace's paths, and the modules and the edges between
   * them (from, to, kind, type-only), stay the same, whatever else changed in the files: what
   * rules derive from the graph's shape alone (cycles, fan-in, which tests reach a module) can be
   * kept on it. A new one whenever the shape may have changed.
   */
  topology: Topology;
}

/** An identity, no data: see ModuleGraph.topology. */
export type Topology = { readonly modules: number; readonly edges: number };

interface PathAliases {
  baseUrl: string | null;
  paths: { prefix: string; suffix: string; targets: string[] }[];
}

/** What imports resolve against: the workspace's paths and its tsconfig aliases. A new one whenever either changes. */
interface Resolution {
  paths: readonly string[];
  all: ReadonlySet<string>;
  aliasSource: ParsedFile | undefined;
  aliases: PathAliases;
}

/** One file's part of the graph, for one Resolution. */
interface FileLinks {
  resolution: Resolution;
  /** The file's path when it is a module of the graph (TS/JS or Python, parsed). */
  module: string | null;
  edges: ModuleEdge[];
  external: ExternalImport[];
  unresolved: { from: string; fact: ImportFact }[];
  /** The file's node and outgoing edges, what topology compares. */
  shape: string;
}

const CODE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|py)$/;
const EXTENSIONS = [".ts", ".tsx", ".d.ts", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];
const BUILTINS = new Set(builtinModules);

const linksCache = new WeakMap<ParsedFile, FileLinks>();
let memo: { files: readonly ParsedFile[]; graph: ModuleGraph; links: FileLinks[]; resolution: Resolution } | null = null;

/**
 * The graph of these file versions; the same versions give the same graph without work. Each
 * file's imports are resolved again only when its version, the set of workspace paths or the
 * path aliases changed, so a one-file edit resolves one file. Gives what buildModuleGraph gives.
 */
export function moduleGraph(files: readonly ParsedFile[]): ModuleGraph {
  if (memo && memo.files.length === files.length && memo.files.every((f, i) => f === files[i])) return memo.graph;
  const byPath = new Map(files.map((f) => [f.file.path, f]));
  const resolution = memo && sameResolution(memo.resolution, files, byPath) ? memo.resolution : resolutionOf(files, byPath);
  const links = files.map((file) => {
    const known = linksCache.get(file);
    if (known && known.resolution === resolution) return known;
    const fresh = linksOf(file, resolution);
    linksCache.set(file, fresh);
    return fresh;
  });
  const sameShape = memo !== null && memo.resolution === resolution && links.every((l, i) => l.shape === memo!.links[i]!.shape);
  const graph = assemble(byPath, links, sameShape ? memo!.graph.topology : null);
  memo = { files: [...files], graph, links, resolution };
  return graph;
}

/** Pure: resolves every import of every TS/JS and Python file against the set of workspace files. */
export function buildModuleGraph(files: readonly ParsedFile[]): ModuleGraph {
  const byPath = new Map(files.map((f) => [f.file.path, f]));
  const resolution = resolutionOf(files, byPath);
  return assemble(byPath, files.map((file) => linksOf(file, resolution)), null);
}

function assemble(byPath: Map<string, ParsedFile>, links: readonly FileLinks[], topology: Topology | null): ModuleGraph {
  const graph: ModuleGraph = { modules: [], edges: [], external: [], unresolved: [], files: byPath, topology: { modules: 0, edges: 0 } };
  for (const l of links) {
    if (l.module === null) continue;
    graph.modules.push(l.module);
    for (const e of l.edges) graph.edges.push(e);
    for (const e of l.external) graph.external.push(e);
    for (const u of l.unresolved) graph.unresolved.push(u);
  }
  graph.topology = topology ?? { modules: graph.modules.length, edges: graph.edges.length };
  return graph;
}

function resolutionOf(files: readonly ParsedFile[], byPath: Map<string, ParsedFile>): Resolution {
  const paths = files.map((f) => f.file.path);
  const aliasSource = byPath.get("tsconfig.json") ?? byPath.get("jsconfig.json");
  return { paths, all: new Set(paths), aliasSource, aliases: readAliases(aliasSource) };
}

function sameResolution(r: Resolution, files: readonly ParsedFile[], byPath: Map<string, ParsedFile>): boolean {
  if (r.paths.length !== files.length) return false;
  for (let i = 0; i < files.length; i++) if (r.paths[i] !== files[i]!.file.path) return false;
  return r.aliasSource === (byPath.get("tsconfig.json") ?? byPath.get("jsconfig.json"));
}

/** Pure: one file's module node and where each of its imports leads. */
function linksOf(file: ParsedFile, resolution: Resolution): FileLinks {
  const links: FileLinks = { resolution, module: null, edges: [], external: [], unresolved: [], shape: "" };
  const from = file.file.path;
  if (!CODE.test(from)) return links;
  if (file.py) addPythonImports(file, resolution.all, links);
  else if (file.ts) addScriptImports(file, resolution, links);
  else return links;
  links.module = from;
  links.shape = [from, ...links.edges.map((e) => `${e.to}\u0000${e.fact.kind}\u0000${e.fact.typeOnly ? 1 : 0}`)].join("\n");
  return links;
}

function addScriptImports(file: ParsedFile, { all, aliases }: Resolution, graph: FileLinks): void {
  const from = file.file.path;
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

function addPythonImports(file: ParsedFile, all: ReadonlySet<string>, graph: FileLinks): void {
  const from = file.file.path;
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
