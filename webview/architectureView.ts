import dagre from "@dagrejs/dagre";
import type { ModuleGraphView } from "../server/protocol";
import { el } from "./dom";
import { MAX_ROUTED_EDGES, expand, foldersOf, initialCollapsed, picture, spanningForest, type PictureNode } from "./graphCollapse";

const SVG = "http://www.w3.org/2000/svg";
const NODE_HEIGHT = 30;

function svg(tag: string, attrs: Record<string, string>, ...children: (Node | string)[]): SVGElement {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/**
 * The workspace's import graph, laid out left to right by dagre (layered, with the fewest
 * crossings it finds) and drawn as SVG built element by element: module paths are text, never
 * markup. A folder node expands on click; a module node opens its file where the page can.
 */
export class ArchitectureView {
  private graph: ModuleGraphView | null = null;
  private collapsed = new Set<string>();
  private drawnKey = "";
  private readonly picture: HTMLElement;
  private readonly note: HTMLElement;

  constructor(
    host: HTMLElement,
    private readonly open: ((file: string) => void) | null,
  ) {
    const expandAll = el("vscode-button", { secondary: "", class: "expand-all" }, "Expand all folders");
    const collapse = el("vscode-button", { secondary: "", class: "collapse" }, "Collapse to top folders");
    expandAll.addEventListener("click", () => this.redraw(new Set()));
    collapse.addEventListener("click", () => this.graph && this.redraw(new Set(foldersOf(this.graph.modules).filter((f) => f.split("/").length === 2))));
    this.note = el("p", { class: "muted note" }, "The picture appears after the next Architecture pass of the analysis worker.");
    this.picture = el("div", { class: "picture" });
    host.replaceChildren(
      el("div", { class: "toolbar" }, expandAll, collapse),
      el(
        "p",
        { class: "legend muted" },
        el("span", { class: "key cycle" }, "import cycle"),
        el("span", { class: "key violation" }, "layer violation"),
        el("span", { class: "key type-only" }, "type-only import"),
        el("span", { class: "key folder" }, "folder (click to expand)"),
      ),
      this.note,
      this.picture,
    );
  }

  update(graph: ModuleGraphView | null): void {
    if (!graph) return;
    // Every architecture pass sends the graph again; redraw only when it changed, so a node a
    // person is about to click (or has focused with the keyboard) is not replaced under them.
    const key = JSON.stringify({ ...graph, computed_at: "" });
    if (key === this.drawnKey) return;
    this.drawnKey = key;
    const first = this.graph === null;
    this.graph = graph;
    // A new pass keeps what the person expanded, as far as those folders still exist.
    this.redraw(first ? initialCollapsed(graph.modules) : this.collapsed);
  }

  private redraw(collapsed: Set<string>): void {
    const graph = this.graph;
    if (!graph) return;
    this.collapsed = collapsed;
    const { nodes, edges } = picture(graph, collapsed);
    const cut = graph.total_modules > graph.modules.length ? ` (the first ${graph.modules.length} of ${graph.total_modules} by path)` : "";
    this.note.textContent = `${graph.modules.length} modules${cut}, ${graph.edges.length} imports, ${graph.cycles.length} cycle(s), ${graph.violations.length} layer violation(s); ${nodes.length} node(s) drawn.`;
    this.picture.dataset.nodes = String(nodes.length);
    this.picture.dataset.edges = String(edges.length);

    // A dense picture is laid out on a spanning forest, its other imports drawn straight (see MAX_ROUTED_EDGES).
    const routed = edges.length <= MAX_ROUTED_EDGES;
    if (!routed) this.note.textContent += ` Too many imports between them to route: they are drawn straight; expand fewer folders for a routed picture.`;
    const g = new dagre.graphlib.Graph();
    g.setGraph({ rankdir: "LR", nodesep: 14, ranksep: 56, marginx: 8, marginy: 8 });
    g.setDefaultEdgeLabel(() => ({}));
    for (const n of nodes) g.setNode(n.id, { width: Math.min(260, 24 + 7.2 * this.text(n).length), height: NODE_HEIGHT });
    for (const e of routed ? edges : spanningForest(edges)) g.setEdge(e.from, e.to);
    dagre.layout(g);
    const size = g.graph();
    const width = Math.ceil(size.width ?? 0);
    const height = Math.ceil(size.height ?? 0);

    const arrow = svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: "10", refY: "5", markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse" }, svg("path", { d: "M 0 0 L 10 5 L 0 10 z", class: "arrowhead" }));
    const drawnEdges = edges.map((e) => {
      const points = routed ? (g.edge(e.from, e.to).points ?? []) : straight(g.node(e.from), g.node(e.to));
      const d = points.map((p: { x: number; y: number }, i: number) => `${i === 0 ? "M" : "L"} ${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(" ");
      const classes = ["edge", e.typeOnly ? "type-only" : "", e.cycle ? "cycle" : "", e.violation ? "violation" : ""].filter(Boolean).join(" ");
      return svg(
        "path",
        { d, class: classes, "marker-end": "url(#arrow)", "data-from": e.from, "data-to": e.to },
        svg("title", {}, `${e.from} → ${e.to}${e.count > 1 ? ` (${e.count} imports)` : ""}${e.typeOnly ? ", type-only" : ""}${e.violation ? ", forbidden by a layer rule" : ""}`),
      );
    });
    const drawnNodes = nodes.map((n) => this.node(n, g.node(n.id)));
    this.picture.replaceChildren(
      svg(
        "svg",
        { width: String(width), height: String(height), viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "Module import graph" },
        svg("defs", {}, arrow),
        svg("g", { class: "edges" }, ...drawnEdges),
        svg("g", { class: "nodes" }, ...drawnNodes),
      ),
    );
  }

  private text(n: PictureNode): string {
    return n.kind === "folder" ? `${n.label} (${n.modules})` : n.label;
  }

  private node(n: PictureNode, box: { x: number; y: number; width: number; height: number }): SVGElement {
    const classes = ["node", n.kind, n.cycle ? `cycle ${n.cycle}` : "", n.violation ? "violation" : ""].filter(Boolean).join(" ");
    const clickable = n.kind === "folder" || this.open !== null;
    const group = svg(
      "g",
      { class: classes, "data-id": n.id, transform: `translate(${(box.x - box.width / 2).toFixed(1)} ${(box.y - box.height / 2).toFixed(1)})`, ...(clickable ? { tabindex: "0", role: "button" } : {}) },
      svg("title", {}, n.kind === "folder" ? `${n.id}: ${n.modules} modules; click to expand` : `${n.id}${this.open ? "; click to open" : ""}`),
      svg("rect", { width: box.width.toFixed(1), height: String(box.height), rx: n.kind === "folder" ? "2" : "6" }),
      svg("text", { x: "10", y: String(box.height / 2 + 4) }, this.text(n)),
    );
    if (clickable) {
      const activate = () => {
        if (n.kind === "folder") this.redraw(expand(this.collapsed, n.id, this.graph!.modules));
        else this.open?.(n.id);
      };
      group.addEventListener("click", activate);
      group.addEventListener("keydown", (event) => {
        if ((event as KeyboardEvent).key === "Enter" || (event as KeyboardEvent).key === " ") {
          event.preventDefault();
          activate();
        }
      });
    }
    return group;
  }
}

/** From the right edge of one box to the left edge of the other (the picture runs left to right). */
function straight(from: { x: number; y: number; width: number }, to: { x: number; y: number; width: number }): { x: number; y: number }[] {
  const forward = to.x >= from.x;
  return [
    { x: from.x + (forward ? 1 : -1) * (from.width / 2), y: from.y },
    { x: to.x + (forward ? -1 : 1) * (to.width / 2), y: to.y },
  ];
}
