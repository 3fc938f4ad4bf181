import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { DEFAULT_ANALYSIS_CONFIG, runAnalysisPerspective, type AnalysisConfig } from "../../server/analysis";
import { ANALYSIS_PERSPECTIVES } from "../../server/protocol";
import { ParseCache, WorkspaceReader, loadPythonParser, type CoverageReportText } from "../../server/workspace";
import { useTempDirs } from "../workspace/workspaceFixtures";

// A block long enough (tokens and lines) to count as a copy wherever it is pasted.
const BLOCK = `export function total(items: { price: number; qty: number }[]): number {
  let sum = 0;
  for (const item of items) {
    if (item.qty > 0) sum += item.price * item.qty;
    else sum -= item.price;
  }
  return Math.round(sum * 100) / 100;
}
`;

const WORKSPACE: Record<string, string> = {
  "package.json": JSON.stringify({ name: "fixture", main: "src/index.ts", dependencies: { "left-pad": "1.0.0" } }),
  "tsconfig.json": JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "@lib/*": ["src/lib/*"] } } }),
  "requirements.txt": "requests\n",
  "src/index.ts": 'import { a } from "./a";\nimport { helper } from "@lib/util";\nexport function main() { return a() + helper(); }\n',
  "src/a.ts": 'import { b } from "./b";\nimport pad from "left-pad";\nexport function a(): number { return b() + pad("x", 2).length; }\n',
  "src/b.ts": 'import { a } from "./a";\nimport type { T } from "./types";\nexport function b(): number { const t: T = 1; return t > 1 ? a() : 0; }\n',
  "src/types.ts": 'import type { b } from "./b";\nexport type T = number;\nexport type B = typeof b;\n',
  "src/lib/util.ts": '// TODO: make this faster\nexport const helper = () => 1;\nconst token = "ghp_0123456789abcdefABCDEF0123456789abcd";\nexport function leak() { return token; }\n',
  "src/orphan.ts": "export function lonely(x: number) { return x * 2; }\n",
  "src/dup1.ts": BLOCK,
  "src/dup2.ts": `// the same again\n${BLOCK}`,
  "src/hub.ts": 'import "./a";\nimport "./b";\nimport "./types";\nimport "./orphan";\nexport function hub() { return 1; }\n',
  "test/a.test.ts": 'import { a } from "../src/a";\nimport { hub } from "../src/hub";\nif (a() !== hub()) throw new Error("a");\n',
  "py/pkg/__init__.py": "from . import mod\n",
  "py/pkg/mod.py": "import requests\nfrom pkg import helper\n\ndef run(items):\n    for i in items:\n        for j in items:\n            if i == j:\n                return requests.get(i)\n",
  "py/pkg/helper.py": "from . import mod\n\ndef assist():\n    return mod.run([])\n",
};

const CONFIG: AnalysisConfig = { ...DEFAULT_ANALYSIS_CONFIG, thresholds: { ...DEFAULT_ANALYSIS_CONFIG.thresholds, fanIn: 1, fanOut: 2 } };

type Step = { state: string; edit?: (write: (file: string, text: string) => Promise<void>, root: string) => Promise<void>; config?: AnalysisConfig; coverageReports?: CoverageReportText[] };

const OTHER_CONFIG: AnalysisConfig = {
  ...CONFIG,
  thresholds: { ...CONFIG.thresholds, fanIn: 5, duplicateTokens: 30 },
  layers: [{ from: ["src/a.ts"], disallow: ["src/b.ts"], allow: [], reason: null }],
};

const ADDED = "export function added() { return 1; }\n";

const STEPS: Step[] = [
  { state: "first pass" },
  { state: "unchanged tree" },
  // Edits that leave the import graph's shape as it was.
  { state: "one file changed, imports unchanged", edit: (w) => w("src/a.ts", `${WORKSPACE["src/a.ts"]}${ADDED}`) },
  { state: "the import a cycle is reported at moved", edit: (w) => w("src/a.ts", `// every offset moves\n\n${WORKSPACE["src/a.ts"]}${ADDED}`) },
  { state: "the cycle's import silenced", edit: (w) => w("src/a.ts", `// autocoder-ignore-next-line\n${WORKSPACE["src/a.ts"]}${ADDED}`) },
  { state: "a secret beside a reported import", edit: (w) => w("src/b.ts", `const secret = "ghp_0123456789abcdefABCDEF0123456789abcd";\n${WORKSPACE["src/b.ts"]}`) },
  { state: "a test now names an export it reaches", edit: (w) => w("test/a.test.ts", `${WORKSPACE["test/a.test.ts"]}// calls added too\n`) },
  // Edits that change it.
  { state: "a cycle broken", edit: (w) => w("src/types.ts", "export type T = number;\n") },
  { state: "an import added", edit: (w) => w("src/index.ts", `import { lonely } from "./orphan";\n${WORKSPACE["src/index.ts"]}`) },
  { state: "a Python import removed", edit: (w) => w("py/pkg/helper.py", "def assist():\n    return 1\n") },
  {
    state: "every edit reverted",
    edit: async (w) => {
      for (const [file, text] of Object.entries(WORKSPACE)) await w(file, text);
    },
  },
  { state: "a file added", edit: (w) => w("src/new.ts", `import { b } from "./b";\nimport { total } from "./dup1";\n${BLOCK.replace("total", "again")}`) },
  { state: "a file deleted", edit: (_w, root) => fs.rm(path.join(root, "src/dup2.ts")) },
  { state: "the path aliases gone", edit: (w) => w("tsconfig.json", JSON.stringify({ compilerOptions: {} })) },
  { state: "another config, same tree", config: OTHER_CONFIG },
  {
    state: "a coverage report appeared",
    config: OTHER_CONFIG,
    coverageReports: [{ path: "coverage/lcov.info", mtimeMs: 1, text: "SF:src/a.ts\nFN:3,a\nFNDA:0,a\nDA:3,0\nend_of_record\n" }],
  },
  {
    state: "the coverage report changed, same time stamp",
    config: OTHER_CONFIG,
    coverageReports: [{ path: "coverage/lcov.info", mtimeMs: 1, text: "SF:src/a.ts\nFN:3,a\nFNDA:1,a\nDA:1,0\nDA:2,0\nDA:3,1\nend_of_record\n" }],
  },
];

/**
 * The rotation's view (one reader, one parse cache, and the analyses' own caches, across
 * passes) must give exactly what a first pass over the same tree gives: the findings, their ids
 * and order, the summaries and the module graph. The two are run apart, the incremental passes
 * first over the whole sequence, so no cold pass in between resets what the incremental ones keep.
 */
describe("incremental passes give exactly the cold pass's results", () => {
  const make = useTempDirs();
  before(loadPythonParser);

  const pass = async (reader: WorkspaceReader, cache: ParseCache, step: Step) => {
    const snapshot = await reader.scan();
    const parsed = cache.all(snapshot.files);
    const input = { snapshot, parsed, config: step.config ?? CONFIG, coverageReports: step.coverageReports ?? [] };
    return JSON.stringify(ANALYSIS_PERSPECTIVES.map((p) => runAnalysisPerspective(p, input)));
  };

  /** Every step's results, with one reader and cache throughout (incremental) or fresh ones each time (cold). */
  const run = async (mode: "incremental" | "cold") => {
    const root = await make(WORKSPACE);
    const write = (file: string, text: string) => fs.writeFile(path.join(root, file), text);
    const reader = new WorkspaceReader(root);
    const cache = new ParseCache();
    const results: string[] = [];
    for (const step of STEPS) {
      await step.edit?.(write, root);
      results.push(mode === "incremental" ? await pass(reader, cache, step) : await pass(new WorkspaceReader(root), new ParseCache(), step));
    }
    return { results, parsed: cache.stats.parsed };
  };

  it("after no change, one-file edits, a revert, an added and a deleted file, and config and coverage changes", async function () {
    this.timeout(60_000);
    const incremental = await run("incremental");
    const cold = await run("cold");
    STEPS.forEach((step, i) => assert.equal(incremental.results[i], cold.results[i], `${step.state}: the incremental pass differs from a cold one`));

    const first = cold.results[0]!;
    for (const rule of ["import-cycle", "fan-in-out", "orphan-module", "untested-export", "duplicate-code", "hardcoded-secret", "todo-note", "coverage-gap"]) {
      assert.ok(cold.results.some((r) => r.includes(`"rule":"${rule}"`)), `the fixture exercises ${rule}`);
    }
    assert.ok(first.includes('"rule":"import-cycle"') && first.includes('"rule":"fan-in-out"'), "the first pass has cycles and hotspots");
    assert.equal(cold.results[STEPS.findIndex((s) => s.state === "every edit reverted")], first, "reverted, the results are the first pass's again");
    // Every step but the re-run of the unchanged tree changes what is found.
    cold.results.forEach((r, i) => i > 1 && assert.notEqual(r, cold.results[i - 1], `${STEPS[i]!.state}: the step changes the results`));
    // The incremental run parsed each version once: the 16 files, then one per edited or added file.
    assert.ok(incremental.parsed < 40, `parsed ${incremental.parsed} versions`);
  });
});
