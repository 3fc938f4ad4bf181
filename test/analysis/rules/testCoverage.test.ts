import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { DEFAULT_ANALYSIS_CONFIG } from "../../../server/analysis";
import { parseCobertura, parseIstanbul, parseLcov } from "../../../server/analysis/facts/coverage";
import { runRules } from "../../../server/analysis/runRules";
import { coverageGaps } from "../../../server/analysis/rules/testCoverage/coverageGaps";
import { untestedExport } from "../../../server/analysis/rules/testCoverage/untestedExport";
import { parseFile } from "../../../server/workspace";
import { checkWorkspace } from "../ruleTester";

const ROOT = "/work/project";
const parsed = (path: string, text: string) =>
  parseFile({ path, size: text.length, mtimeMs: 0, hash: createHash("sha256").update(path + text).digest("hex"), text });

const LCOV = [
  "TN:",
  `SF:${ROOT}/src/math.ts`,
  "FN:1,add",
  "FN:4,divide",
  "FNDA:3,add",
  "FNDA:0,divide",
  "FNF:2",
  "FNH:1",
  "DA:1,3", "DA:2,3", "DA:4,0", "DA:5,0", "DA:6,0", "DA:7,0",
  "LF:6",
  "LH:2",
  "end_of_record",
  "SF:src/ok.ts",
  "DA:1,1",
  "end_of_record",
].join("\n");

const ISTANBUL = JSON.stringify({
  [`${ROOT}/src/math.ts`]: {
    path: `${ROOT}/src/math.ts`,
    statementMap: { "0": { start: { line: 2, column: 2 }, end: { line: 2, column: 10 } }, "1": { start: { line: 5, column: 2 }, end: { line: 5, column: 9 } }, "2": { start: { line: 6, column: 2 }, end: { line: 6, column: 14 } } },
    s: { "0": 4, "1": 0, "2": 0 },
    fnMap: { "0": { name: "add", decl: { start: { line: 1 } }, loc: { start: { line: 1 } } }, "1": { name: "divide", decl: { start: { line: 4 } } } },
    f: { "0": 4, "1": 0 },
  },
});

const COBERTURA = `<?xml version="1.0" ?>
<coverage line-rate="0.5" version="7.4">
  <sources><source>${ROOT}</source></sources>
  <packages><package name="src"><classes>
    <class name="tool.py" filename="src/tool.py" line-rate="0.5">
      <methods><method name="main" signature=""><lines><line number="2" hits="0"/></lines></method></methods>
      <lines><line number="1" hits="1"/><line number="2" hits="0"/></lines>
    </class>
  </classes></package></packages>
</coverage>`;

describe("coverage reports", () => {
  it("reads lcov: relative paths, line hits and functions", () => {
    const [math, ok] = parseLcov(LCOV, ROOT);
    assert.equal(math!.file, "src/math.ts");
    assert.equal(math!.lines.size, 6);
    assert.deepEqual(math!.functions, [{ name: "add", line: 1, hits: 3 }, { name: "divide", line: 4, hits: 0 }]);
    assert.equal(ok!.file, "src/ok.ts");
  });
  it("reads istanbul JSON: lines from statements, functions from fnMap", () => {
    const [math] = parseIstanbul(ISTANBUL, ROOT);
    assert.deepEqual([...math!.lines], [[2, 4], [5, 0], [6, 0]]);
    assert.deepEqual(math!.functions.map((f) => [f.name, f.line, f.hits]), [["add", 1, 4], ["divide", 4, 0]]);
  });
  it("reads Cobertura XML, relative to its <source>", () => {
    const [tool] = parseCobertura(COBERTURA, ROOT);
    assert.equal(tool!.file, "src/tool.py");
    assert.deepEqual([...tool!.lines], [[1, 1], [2, 0]]);
    assert.deepEqual(tool!.functions, [{ name: "main", line: 2, hits: 0 }]);
  });
});

describe("rule: coverage-gap", () => {
  const files = [
    parsed("src/math.ts", "export function add(a, b) {\n  return a + b;\n}\nexport function divide(a, b) {\n  if (b === 0) throw new Error('no');\n  return a / b;\n}\n"),
    parsed("src/ok.ts", "export const ok = 1;\n"),
  ];
  const run = (report: { path: string; text: string }) =>
    runRules([coverageGaps], files, DEFAULT_ANALYSIS_CONFIG, { root: ROOT, coverageReports: [{ ...report, mtimeMs: 1 }], audits: [] }).findings;

  it("reports a file under the line threshold and each function never run, from any format", () => {
    for (const report of [{ path: "coverage/lcov.info", text: LCOV }, { path: "coverage/coverage-final.json", text: ISTANBUL }]) {
      const findings = run(report);
      const low = findings.find((f) => f.id.includes("lines@"))!;
      assert.equal(low.file, "src/math.ts");
      assert.match(low.message, /^Line coverage is 33\.3% \((2 of 6|1 of 3) lines\), below 50%; never run: divide\.$/);
      const fn = findings.find((f) => f.data!.function === "divide")!;
      assert.equal(fn.range.start.line, 4);
      assert.equal(findings.filter((f) => f.file === "src/ok.ts").length, 0, report.path);
    }
  });
  it("is silent without reports", () => {
    assert.deepEqual(runRules([coverageGaps], files, DEFAULT_ANALYSIS_CONFIG).findings, []);
  });
});

describe("rule: untested-export", () => {
  it("reports exports no test names, following tests through re-exporting index files", () => {
    const findings = checkWorkspace(untestedExport, {
      "src/math.ts": "export function add(a, b) { return a + b; }\nexport const sub = (a, b) => a - b;\nexport class Calc {}\nconst hidden = () => 1;",
      "src/index.ts": 'export * from "./math";\nexport { fmt } from "./format";',
      "src/format.ts": "export function fmt(x) { return String(x); }",
      "src/lonely.ts": "export function alone() {}",
      "test/math.test.ts": 'import { add, Calc } from "../src/index";\nit("adds", () => add(1, 2));\nnew Calc();',
      "scripts/tool.ts": "export function script() {}",
    });
    assert.deepEqual(findings.map((f) => [f.file, f.data!.unit, (f.data!.testsImportingModule as string[]).length]), [
      ["src/math.ts", "sub", 1],
      ["src/format.ts", "fmt", 1],
      ["src/lonely.ts", "alone", 0],
    ]);
    assert.match(findings[2]!.message, /no test imports this module/);
  });
});

import { loadPythonParser as loadPy } from "../../../server/workspace";
import { untestedExport as untestedPy } from "../../../server/analysis/rules/testCoverage/untestedExport";
import { checkWorkspace as checkPy } from "../ruleTester";

describe("rule: untested-export, Python", () => {
  before(loadPy);
  it("reports public functions and classes no test imports and names; respects __all__ and pytest/unittest tests", () => {
    const found = checkPy(untestedPy, {
      "pkg/__init__.py": "",
      "pkg/calc.py": "def add(a, b):\n    return a + b\ndef sub(a, b):\n    return a - b\ndef _helper():\n    pass\nclass Meter:\n    pass\n",
      "pkg/listed.py": '__all__ = ["shown"]\ndef shown(): pass\ndef hidden(): pass\n',
      "tests/test_calc.py": "import unittest\nfrom pkg.calc import add\nclass T(unittest.TestCase):\n    def test_add(self):\n        self.assertEqual(add(1, 2), 3)\n",
      "conftest.py": "def fixture_thing(): pass\n",
    });
    assert.deepEqual(found.map((f) => [f.file, f.data!.unit]), [["pkg/calc.py", "sub"], ["pkg/calc.py", "Meter"], ["pkg/listed.py", "shown"]]);
    assert.match(found[0]!.message, /^sub is exported but none of the 1 test file\(s\) importing this module names it\.$/);
    assert.match(found[2]!.message, /no test imports this module/);
  });
});
