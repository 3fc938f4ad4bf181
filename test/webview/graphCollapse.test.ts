import { strict as assert } from "node:assert";
import type { ModuleGraphView } from "../../server/protocol";
import { expand, foldersOf, initialCollapsed, nodeOf, picture, spanningForest } from "../../webview/graphCollapse";

const modules = ["src/a/x.ts", "src/a/y.ts", "src/b/z.ts", "src/main.ts", "tools/run.ts"];
const at = (m: string) => modules.indexOf(m);
const graph: ModuleGraphView = {
  computed_at: "2026-01-01T00:00:00.000Z",
  modules,
  edges: [
    { from: at("src/a/x.ts"), to: at("src/a/y.ts"), type_only: false },
    { from: at("src/a/y.ts"), to: at("src/a/x.ts"), type_only: false },
    { from: at("src/b/z.ts"), to: at("src/a/x.ts"), type_only: true },
    { from: at("src/b/z.ts"), to: at("src/a/y.ts"), type_only: false },
    { from: at("src/main.ts"), to: at("src/b/z.ts"), type_only: true },
    { from: at("tools/run.ts"), to: at("src/main.ts"), type_only: false },
  ],
  cycles: [{ modules: [at("src/a/x.ts"), at("src/a/y.ts")], runtime: true }],
  violations: [{ from: at("tools/run.ts"), to: at("src/main.ts"), message: "tools may not import src" }],
  total_modules: 5,
};

describe("the architecture picture's folding (pure)", () => {
  it("lists the folders that hold modules and puts a module in its outermost collapsed folder", () => {
    assert.deepEqual(foldersOf(modules), ["src/", "src/a/", "src/b/", "tools/"]);
    assert.equal(nodeOf("src/a/x.ts", new Set(["src/", "src/a/"])), "src/");
    assert.equal(nodeOf("src/a/x.ts", new Set(["src/a/"])), "src/a/");
    assert.equal(nodeOf("src/main.ts", new Set(["src/a/"])), "src/main.ts");
  });

  it("shows every module of a small graph, and folds a large one at the deepest level that fits", () => {
    assert.deepEqual([...initialCollapsed(modules)], []);
    assert.deepEqual([...initialCollapsed(modules, 4)].sort(), ["src/a/", "src/b/"]);
    assert.deepEqual([...initialCollapsed(modules, 2)].sort(), ["src/", "tools/"]);
  });

  it("expanding a folder shows what is directly in it, its subfolders still folded", () => {
    assert.deepEqual([...expand(new Set(["src/", "tools/"]), "src/", modules)].sort(), ["src/a/", "src/b/", "tools/"]);
  });

  it("folds edges between folders, keeping cycles, violations and whether any import is at runtime", () => {
    const all = picture(graph, new Set());
    assert.equal(all.nodes.length, 5);
    assert.deepEqual(all.nodes.find((n) => n.id === "src/a/x.ts"), { id: "src/a/x.ts", label: "x.ts", kind: "module", modules: 1, cycle: "runtime", violation: false });
    assert.equal(all.edges.find((e) => e.from === "src/a/x.ts" && e.to === "src/a/y.ts")?.cycle, true);
    assert.equal(all.edges.find((e) => e.from === "src/main.ts")?.typeOnly, true);

    const folded = picture(graph, new Set(["src/a/", "src/b/"]));
    assert.deepEqual(folded.nodes.map((n) => [n.id, n.modules, n.cycle]), [
      ["src/a/", 2, "runtime"],
      ["src/b/", 1, null],
      ["src/main.ts", 1, null],
      ["tools/run.ts", 1, null],
    ]);
    // The cycle inside src/a/ folds away; z's two imports into it become one runtime edge.
    assert.deepEqual(folded.edges.find((e) => e.from === "src/b/" && e.to === "src/a/"), { from: "src/b/", to: "src/a/", count: 2, typeOnly: false, cycle: false, violation: false });
    assert.equal(folded.edges.some((e) => e.from === e.to), false);

    const top = picture(graph, new Set(["src/", "tools/"]));
    assert.deepEqual(top.edges, [{ from: "tools/", to: "src/", count: 1, typeOnly: false, cycle: false, violation: true }]);
    assert.deepEqual(top.nodes.map((n) => [n.id, n.violation]), [["src/", true], ["tools/", true]]);
  });

  it("keeps one parent per node and no cycle when a dense picture is laid out on a forest", () => {
    const e = (from: string, to: string) => ({ from, to });
    // a ⇄ b, both import c, d imports a and c, e imports nothing and nothing imports it.
    const forest = spanningForest([e("a", "b"), e("b", "a"), e("a", "c"), e("b", "c"), e("d", "a"), e("d", "c")]);
    assert.deepEqual(forest, [e("a", "b"), e("a", "c"), e("d", "a")]);
    const parents = new Map(forest.map((x) => [x.to, x.from]));
    assert.equal(parents.size, forest.length, "one incoming edge per node");
    for (const start of parents.keys()) {
      const seen = new Set<string>();
      for (let n: string | undefined = start; n !== undefined; n = parents.get(n)) {
        assert.ok(!seen.has(n), `no cycle through ${start}`);
        seen.add(n);
      }
    }
    assert.deepEqual(spanningForest([]), []);
  });
});
