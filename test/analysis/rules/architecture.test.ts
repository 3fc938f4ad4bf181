import { strict as assert } from "node:assert";
import { collectImports } from "../../../server/analysis/facts/imports";
import { buildModuleGraph, moduleGraph } from "../../../server/analysis/facts/moduleGraph";
import { fanInOut } from "../../../server/analysis/rules/architecture/fanInOut";
import { importCycle } from "../../../server/analysis/rules/architecture/importCycle";
import { layerViolation } from "../../../server/analysis/rules/architecture/layerViolation";
import { orphanModule } from "../../../server/analysis/rules/architecture/orphanModule";
import { parseFile } from "../../../server/workspace";
import { DEFAULT_ANALYSIS_CONFIG } from "../../../server/analysis";
import { runRules } from "../../../server/analysis/runRules";
import type { LayerRule } from "../../../server/analysis/analysisConfig";

import { checkWorkspace } from "../ruleTester";

const parsed = (path: string, text: string) => parseFile({ path, size: text.length, mtimeMs: 0, hash: path + text, text });
const imports = (text: string, path = "a.ts") => collectImports(parsed(path, text).ts!).map((i) => `${i.kind}:${i.specifier}:${i.typeOnly ? "type" : "value"}`);

describe("import facts", () => {
  it("finds every kind of module reference", () => {
    assert.deepEqual(
      imports(
        [
          'import a from "./a";',
          'export { b } from "./b";',
          'import c = require("./c");',
          'const d = require("./d");',
          'const e = await import("./e");',
          'type F = import("./f").F;',
          'import "./side-effect";',
          "use(a, b, c);",
        ].join("\n"),
      ),
      ["import:./a:value", "export-from:./b:value", "require:./c:value", "require:./d:value", "dynamic:./e:value", "import-type:./f:type", "import:./side-effect:value"],
    );
  });

  it("tells type-only imports apart, including names used only as types", () => {
    assert.deepEqual(
      imports(
        [
          'import type { A } from "./explicit";',
          'import { type B, type C } from "./specifiers";',
          'import { D } from "./only-in-types";',
          'import { E } from "./used-as-value";',
          'import * as F from "./namespace-in-value";',
          'import { G } from "./implements-only";',
          'import { H } from "./extends-class";',
          'export type { I } from "./reexport-type";',
          "let x: D = E(F.make());",
          "class K extends H implements G {}",
        ].join("\n"),
      ),
      [
        "import:./explicit:type",
        "import:./specifiers:type",
        "import:./only-in-types:type",
        "import:./used-as-value:value",
        "import:./namespace-in-value:value",
        "import:./implements-only:type",
        "import:./extends-class:value",
        "export-from:./reexport-type:type",
      ],
    );
  });

  it("does not take a property name for a use of an imported name", () => {
    assert.deepEqual(imports('import { X } from "./x";\nlet v: X = obj.X;'), ["import:./x:type"]);
  });

  it("keeps JavaScript imports as values (no types to elide)", () => {
    assert.deepEqual(imports('import { X } from "./x";\n', "a.js"), ["import:./x:value"]);
  });
});

describe("module graph resolution", () => {
  const graph = (files: Record<string, string>) => buildModuleGraph(Object.entries(files).map(([p, t]) => parsed(p, t)));

  it("resolves extensions, index files, the .js-means-.ts convention, tsconfig paths and baseUrl", () => {
    const g = graph({
      "tsconfig.json": '{ // comments are allowed\n "compilerOptions": { "baseUrl": "src", "paths": { "@lib/*": ["lib/*"] } } }',
      "src/app.ts": [
        'import "./util";', 'import "./dir";', 'import "./esm.js";', 'import "@lib/tool";', 'import "shared/thing";',
        'import "react";', 'import "node:fs";', 'import "path";', 'import "./missing";', 'import "@lib/nope";', 'import "./data.json";',
      ].join("\n"),
      "src/util.ts": "",
      "src/dir/index.tsx": "",
      "src/esm.ts": "",
      "src/lib/tool.ts": "",
      "src/shared/thing.js": "",
      "src/data.json": "{}",
    });
    assert.deepEqual(g.edges.map((e) => e.to), ["src/util.ts", "src/dir/index.tsx", "src/esm.ts", "src/lib/tool.ts", "src/shared/thing.js"]);
    assert.deepEqual(g.external.map((e) => [e.packageName, e.builtin]), [["react", false], ["fs", true], ["path", true]]);
    assert.deepEqual(g.unresolved.map((u) => u.fact.specifier), ["./missing", "@lib/nope"]);
  });
});

describe("rule: import-cycle", () => {
  it("reports a runtime cycle once, with a concrete path, at the import that starts it", () => {
    const findings = checkWorkspace(importCycle, {
      "a.ts": 'import { b } from "./b";\nexport const a = () => b();',
      "b.ts": 'import { c } from "./c";\nexport const b = () => c();',
      "c.ts": 'import { a } from "./a";\nexport const c = () => a();',
      "d.ts": 'import { a } from "./a";\nexport const d = a;',
    });
    assert.equal(findings.length, 1);
    const f = findings[0]!;
    assert.equal(f.severity, "warning");
    assert.equal(f.file, "a.ts");
    assert.equal(f.range.start.line, 1);
    assert.deepEqual(f.data!.cycle, ["a.ts", "b.ts", "c.ts", "a.ts"]);
    assert.deepEqual(f.data!.modules, ["a.ts", "b.ts", "c.ts"]);
    assert.equal(f.data!.kind, "runtime");
    assert.equal(f.message, "Import cycle among 3 modules: a.ts → b.ts → c.ts → a.ts");
  });

  it("tells a cycle that exists only through types apart", () => {
    const findings = checkWorkspace(importCycle, {
      "model.ts": 'import type { View } from "./view";\nexport interface Model { view: View }',
      "view.ts": 'import { Model } from "./model";\nexport function render(m: Model): string { return ""; }\nexport type View = string;',
    });
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.data!.kind, "type-only");
    assert.equal(findings[0]!.severity, "info");
    assert.match(findings[0]!.message, /through type-only imports \(none at runtime\)/);
  });

  it("is silent on an acyclic graph, and finds a module importing itself", () => {
    assert.deepEqual(checkWorkspace(importCycle, { "a.ts": 'import "./b";', "b.ts": 'import "./c";', "c.ts": "" }), []);
    const self = checkWorkspace(importCycle, { "self.ts": 'import * as me from "./self";\nexport const x = me;' });
    assert.deepEqual(self.map((f) => f.data!.cycle), [["self.ts", "self.ts"]]);
  });

  it("keeps its id when the cycle's files change elsewhere", () => {
    const files = { "a.ts": 'import { b } from "./b";\nexport const a = b;', "b.ts": 'import { a } from "./a";\nexport const b = a;' };
    const before = checkWorkspace(importCycle, files)[0]!.id;
    const after = checkWorkspace(importCycle, { ...files, "a.ts": `// moved down\n\n${files["a.ts"]}` })[0]!.id;
    assert.equal(before, after);
  });
});

describe("rule: layer-violation", () => {
  const files = {
    "webview/main.ts": 'import { s } from "../server/http/s";\nimport type { P } from "../server/protocol/p";\nexport const m = [s];',
    "server/http/s.ts": "export const s = 1;",
    "server/protocol/p.ts": "export type P = 1;",
  };
  it("fires on an import the configured rule forbids, not on the allowed exception", () => {
    const findings = checkWorkspaceWithLayers(files, [{ from: ["webview/"], disallow: ["server/"], allow: ["server/protocol/"], reason: "the page knows only the protocol" }]);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.file, "webview/main.ts");
    assert.equal(findings[0]!.severity, "error");
    assert.match(findings[0]!.message, /imports server\/http\/s\.ts, which the layer rule forbids .*: the page knows only the protocol$/);
  });
  it("is silent without layer rules", () => {
    assert.deepEqual(checkWorkspace(layerViolation, files), []);
  });
});

describe("rule: fan-in-out", () => {
  it("flags modules above the fan-in and fan-out limits", () => {
    const files: Record<string, string> = { "hub.ts": "export const h = 1;" };
    for (let i = 0; i < 4; i++) files[`user${i}.ts`] = 'import { h } from "./hub";\nexport const u = h;';
    files["wide.ts"] = [0, 1, 2, 3].map((i) => `import "./user${i}";`).join("\n");
    const findings = checkWorkspace(fanInOut, files, { fanIn: 3, fanOut: 3 });
    assert.deepEqual(findings.map((f) => [f.file, f.data!.fanIn ?? f.data!.fanOut]), [["hub.ts", 4], ["wide.ts", 4]]);
    assert.deepEqual(checkWorkspace(fanInOut, files, { fanIn: 4, fanOut: 4 }), []);
  });
});

describe("rule: orphan-module", () => {
  it("flags modules nothing imports, but not entry points, tests, configs or scripts", () => {
    const findings = checkWorkspace(orphanModule, {
      "package.json": JSON.stringify({ main: "lib/entry.js", bin: { tool: "./bin/tool.js" } }),
      "lib/entry.ts": 'import "./used";',
      "lib/used.ts": "",
      "lib/dead.ts": "export const unused = 1;",
      "lib/dead.test.ts": 'import "./used";',
      "vite.config.ts": "",
      "scripts/release.ts": "",
      "bin/tool.js": "",
      "src/cli/main.ts": "",
    });
    assert.deepEqual(findings.map((f) => f.file), ["lib/dead.ts"]);
  });
});

function checkWorkspaceWithLayers(files: Record<string, string>, layers: (Omit<LayerRule, "allow" | "reason"> & Partial<LayerRule>)[]) {
  const config = { ...DEFAULT_ANALYSIS_CONFIG, layers: layers.map((l) => ({ allow: [], reason: null, ...l })) };
  return runRules([layerViolation], Object.entries(files).map(([p, t]) => parsed(p, t)), config).findings;
}

describe("module graph, incremental", () => {
  it("gives what a full build gives after every random edit, and keeps its topology exactly while the shape holds", () => {
    let seed = 11;
    const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 16) % n;
    const names = ["a", "b", "c", "d", "e"];
    const body = () =>
      Array.from({ length: rnd(4) }, () => {
        const to = names[rnd(names.length)]!;
        return [`import { x } from "./${to}";`, `import type { T } from "./${to}";`, `export { y } from "./${to}";`, `import "pkg-${to}";`, `import "./missing";`][rnd(5)]!;
      }).join("\n") + `\nexport const v = ${rnd(100)};\n`;
    const files = new Map(names.map((n) => [`src/${n}.ts`, body()]));
    files.set("py/m.py", "import os\n");
    const versions = new Map<string, ReturnType<typeof parsed>>();
    const current = () =>
      [...files.keys()].sort().map((p) => {
        const key = `${p}\u0000${files.get(p)!}`;
        if (!versions.has(key)) versions.set(key, parsed(p, files.get(p)!));
        return versions.get(key)!;
      });
    const shape = (g: ReturnType<typeof buildModuleGraph>) => JSON.stringify([g.modules, g.edges.map((e) => [e.from, e.to, e.fact.kind, e.fact.typeOnly])]);
    const content = (g: ReturnType<typeof buildModuleGraph>) => JSON.stringify([g.modules, g.edges, g.external, g.unresolved, [...g.files.keys()]]);
    let previous = moduleGraph(current());
    let previousPaths = [...files.keys()].sort().join();
    let kept = 0;
    let replaced = 0;
    for (let step = 0; step < 60; step++) {
      const target = [...files.keys()][rnd(files.size)]!;
      const op = rnd(5);
      if (op === 0) files.set(target, `// moved\n${files.get(target)!}`); // same shape, new offsets
      else if (op === 1 && files.size > 3) files.delete(target);
      else if (op === 2) files.set(`src/n${step}.ts`, body());
      else files.set(target, target.endsWith(".py") ? `import os\nx = ${step}\n` : body());
      const version = current();
      const graph = moduleGraph(version);
      const full = buildModuleGraph(version);
      assert.equal(content(graph), content(full), `step ${step}`);
      assert.equal(graph.files.get(target), full.files.get(target), `step ${step}: the graph holds the current versions`);
      const paths = [...files.keys()].sort().join();
      if (shape(graph) !== shape(previous)) {
        assert.notEqual(graph.topology, previous.topology, `step ${step}: a new shape, a new topology`);
        replaced++;
      } else if (paths === previousPaths) {
        assert.equal(graph.topology, previous.topology, `step ${step}: same shape and paths, same topology`);
        kept++;
      }
      previous = graph;
      previousPaths = paths;
    }
    assert.ok(kept >= 10 && replaced >= 10, `both cases occur (${kept} kept, ${replaced} replaced)`);
  });
});
