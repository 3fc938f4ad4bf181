import type { ModuleGraphView } from "../server/protocol";

// Pure: the module graph as the picture shows it, with chosen folders collapsed to one node.

export interface PictureNode {
  /** A module's path, or a folder's path ending in "/". */
  id: string;
  label: string;
  kind: "module" | "folder";
  /** Modules inside (1 for a module). */
  modules: number;
  /** In an import cycle (runtime when any of its cycles closes at runtime). */
  cycle: "runtime" | "type-only" | null;
  violation: boolean;
}

export interface PictureEdge {
  from: string;
  to: string;
  /** Imports folded into this edge. */
  count: number;
  typeOnly: boolean;
  /** Part of a cycle: both ends in the same cycle group. */
  cycle: boolean;
  violation: boolean;
}

export interface Picture {
  nodes: PictureNode[];
  edges: PictureEdge[];
}

/** Every folder that holds a module, with "/" at the end: "src/", "src/domain/". */
export function foldersOf(modules: readonly string[]): string[] {
  const folders = new Set<string>();
  for (const m of modules) {
    const parts = m.split("/");
    for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join("/") + "/");
  }
  return [...folders].sort();
}

const depth = (folder: string) => folder.split("/").length - 1;

/**
 * The folders to collapse at first: the shallowest level at which the picture has at most
 * `maxNodes` nodes (a small workspace shows every module).
 */
export function initialCollapsed(modules: readonly string[], maxNodes = 40): Set<string> {
  if (modules.length <= maxNodes) return new Set();
  const folders = foldersOf(modules);
  const deepest = Math.max(1, ...folders.map(depth));
  for (let level = deepest; level > 1; level--) {
    const set = new Set(folders.filter((f) => depth(f) === level));
    if (nodeIds(modules, set).size <= maxNodes) return set;
  }
  return new Set(folders.filter((f) => depth(f) === 1));
}

/** Expanding a folder shows what is directly inside it, its subfolders still collapsed. */
export function expand(collapsed: ReadonlySet<string>, folder: string, modules: readonly string[]): Set<string> {
  const next = new Set(collapsed);
  next.delete(folder);
  for (const f of foldersOf(modules)) if (f.startsWith(folder) && depth(f) === depth(folder) + 1) next.add(f);
  return next;
}

/** The node a module is drawn in: its outermost collapsed folder, or itself. */
export function nodeOf(module: string, collapsed: ReadonlySet<string>): string {
  const parts = module.split("/");
  for (let i = 1; i < parts.length; i++) {
    const folder = parts.slice(0, i).join("/") + "/";
    if (collapsed.has(folder)) return folder;
  }
  return module;
}

function nodeIds(modules: readonly string[], collapsed: ReadonlySet<string>): Set<string> {
  return new Set(modules.map((m) => nodeOf(m, collapsed)));
}

export function picture(graph: ModuleGraphView, collapsed: ReadonlySet<string>): Picture {
  const node = graph.modules.map((m) => nodeOf(m, collapsed));
  const cycleOf = new Map<number, number>();
  graph.cycles.forEach((c, i) => c.modules.forEach((m) => cycleOf.set(m, i)));
  const nodes = new Map<string, PictureNode>();
  graph.modules.forEach((m, i) => {
    const id = node[i]!;
    let n = nodes.get(id);
    if (!n) {
      const kind = id.endsWith("/") ? "folder" : "module";
      const label = kind === "folder" ? id : m.split("/").pop()!;
      nodes.set(id, (n = { id, label, kind, modules: 0, cycle: null, violation: false }));
    }
    n.modules++;
    const c = cycleOf.get(i);
    if (c !== undefined) n.cycle = n.cycle === "runtime" || graph.cycles[c]!.runtime ? "runtime" : "type-only";
  });
  const violating = new Set(graph.violations.map((v) => `${v.from}>${v.to}`));
  const edges = new Map<string, PictureEdge>();
  for (const e of graph.edges) {
    const from = node[e.from]!;
    const to = node[e.to]!;
    const isViolation = violating.has(`${e.from}>${e.to}`);
    if (isViolation) {
      nodes.get(from)!.violation = true;
      nodes.get(to)!.violation = true;
    }
    if (from === to) continue;
    const inCycle = cycleOf.get(e.from) !== undefined && cycleOf.get(e.from) === cycleOf.get(e.to);
    const key = `${from}>${to}`;
    const known = edges.get(key);
    if (known) {
      known.count++;
      known.typeOnly &&= e.type_only;
      known.cycle ||= inCycle;
      known.violation ||= isViolation;
    } else edges.set(key, { from, to, count: 1, typeOnly: e.type_only, cycle: inCycle, violation: isViolation });
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

/**
 * Past this many edges the picture is laid out on a spanning forest and the other edges are
 * drawn straight: dagre's crossing reduction over every import took 13 s for effect's 177
 * top-level nodes and 1,696 edges (3.8 s for its 40 busiest), freezing the page; on the forest
 * it takes under half a second.
 */
export const MAX_ROUTED_EDGES = 200;

/** Each node's first incoming edge (in the edges' order): every node stays connected to one parent, with no cycles. */
export function spanningForest<E extends { from: string; to: string }>(edges: readonly E[]): E[] {
  const parent = new Map<string, string>();
  const root = (n: string): string => {
    let r = n;
    while (parent.has(r)) r = parent.get(r)!;
    return r;
  };
  const kept: E[] = [];
  const hasParent = new Set<string>();
  for (const e of edges) {
    if (hasParent.has(e.to) || root(e.from) === root(e.to)) continue;
    hasParent.add(e.to);
    parent.set(root(e.to), root(e.from));
    kept.push(e);
  }
  return kept;
}
