import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { mergePlans, renderTestFile } from "../../server/planning";
import type { TestPlan } from "../../server/protocol";
import { loadPythonParser } from "../../server/workspace";
import { parsePython } from "../../server/workspace/pythonParser";
import { removeDir, tempDir } from "../support/tempDir";
import { planWith } from "./planTester";

const PERSPECTIVES = ["what-are-we-testing", "failure-modes", "edge-cases", "integration-points", "mocking-strategy", "error-handling"];

function plansFor(files: Record<string, string>): TestPlan[] {
  return mergePlans(PERSPECTIVES.map((p) => planWith(p, files).plans));
}

function parseProblems(file: string, code: string): string[] {
  if (file.endsWith(".py")) {
    const tree = parsePython(code)!;
    const bad = tree.rootNode.hasError;
    tree.delete();
    return bad ? ["Python syntax error"] : [];
  }
  const kind = /\.tsx?$/.test(file) ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const source = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, false, kind);
  return ((source as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, " "));
}

function run(cmd: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, timeout: 60_000 }, (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` }));
  });
}

const GUARDED = 'export function clamp(n: number, label: string): number | null {\n  if (n < 0) throw new RangeError("negative");\n  if (!label) return null;\n  return Math.min(n, 100);\n}\n';

describe("renderTestFile", function () {
  this.timeout(60_000);
  before(loadPythonParser);

  it("renders every framework's file so that it parses, with the framework's own syntax", () => {
    const source = { "src/clamp.ts": GUARDED };
    for (const [config, framework, marker] of [
      [{ "vitest.config.ts": "export default {};\n" }, "vitest", 'from "vitest"'],
      [{ "jest.config.js": "module.exports = {};\n" }, "jest", "expect(() =>"],
      [{ ".mocharc.json": "{}\n" }, "mocha", 'import assert from "node:assert/strict"'],
      [{}, "node:test", 'from "node:test"'],
    ] as const) {
      const [plan] = plansFor({ ...source, ...config });
      assert.equal(plan!.framework, framework);
      const file = renderTestFile(plan!);
      assert.deepEqual(parseProblems(file.path, file.code), [], `${framework}:\n${file.code}`);
      assert.ok(file.code.includes(marker), `${framework} uses ${marker}`);
      if (framework !== "vitest") assert.ok(!file.code.includes("vitest"), "never another framework's syntax");
      assert.equal(file.path, "src/clamp.test.ts");
      assert.ok(file.code.includes('import { clamp } from "./clamp";'));
    }
    const py = { "pkg/calc.py": 'def clamp(n: int, label: str):\n    if n < 0:\n        raise ValueError("negative")\n    return min(n, 100)\n' };
    for (const [config, framework, marker] of [[{ "conftest.py": "" }, "pytest", "with pytest.raises(ValueError):"], [{}, "unittest", "with self.assertRaises(ValueError):"]] as const) {
      const [plan] = plansFor({ ...py, ...config });
      assert.equal(plan!.framework, framework);
      const file = renderTestFile(plan!);
      assert.deepEqual(parseProblems(file.path, file.code), [], file.code);
      assert.ok(file.code.includes(marker), `${framework}:\n${file.code}`);
      assert.ok(file.code.includes("from pkg.calc import clamp"));
    }
  });

  it("asserts only what the code states; every other case is skipped with what to confirm", () => {
    const [plan] = plansFor({ "src/clamp.ts": GUARDED });
    const file = renderTestFile(plan!);
    assert.equal(file.asserted, 2, "the guarded throw and the guarded null return");
    assert.equal(file.skipped, plan!.cases.length - 2);
    assert.match(file.code, /assert\.throws\(\(\) => clamp\(-1, "text"\), RangeError\);/);
    assert.match(file.code, /assert\.equal\(clamp\(1, ""\), null\);/);
    assert.match(file.code, /\/\/ To confirm: /);
  });

  it("writes node:test and mocha files that run, pass on the code, and fail when the guarded behaviour is gone", async () => {
    const dir = await tempDir({ "package.json": '{ "type": "module" }\n', "src/clamp.js": GUARDED.replace(": number, label: string): number | null", ", label)") });
    try {
      const [plan] = plansFor({ "src/clamp.js": GUARDED.replace(": number, label: string): number | null", ", label)"), "package.json": '{ "type": "module" }\n' });
      const file = renderTestFile(plan!);
      assert.equal(file.path, "src/clamp.test.js");
      await fs.writeFile(path.join(dir, file.path), file.code);
      const pass = await run(process.execPath, ["--test", file.path], dir);
      assert.equal(pass.code, 0, pass.output);
      assert.match(pass.output, /# pass 2/);
      await fs.writeFile(path.join(dir, "src/clamp.js"), "export function clamp(n, label) {\n  return Math.min(n, 100);\n}\n");
      const fail = await run(process.execPath, ["--test", file.path], dir);
      assert.notEqual(fail.code, 0, "the rendered assertions fail when the throw and the null return are gone");
      assert.match(fail.output, /# fail 2/);
    } finally {
      await removeDir(dir);
    }
  });

  it("writes a unittest file that runs, passes on the code and fails without the guard", async () => {
    const code = 'def clamp(n: int, label: str):\n    if n < 0:\n        raise ValueError("negative")\n    if not label:\n        return None\n    return min(n, 100)\n';
    const dir = await tempDir({ "pkg/__init__.py": "", "pkg/calc.py": code });
    try {
      const [plan] = plansFor({ "pkg/__init__.py": "", "pkg/calc.py": code });
      const file = renderTestFile(plan!);
      assert.equal(file.path, "pkg/test_calc.py");
      await fs.writeFile(path.join(dir, file.path), file.code);
      const pass = await run("python3", ["-m", "unittest", "pkg.test_calc", "-v"], dir);
      assert.equal(pass.code, 0, pass.output);
      assert.match(pass.output, /Ran \d+ tests[\s\S]*OK \(skipped=\d+\)/);
      await fs.writeFile(path.join(dir, "pkg/calc.py"), "def clamp(n, label):\n    return min(n, 100)\n");
      const fail = await run("python3", ["-m", "unittest", "pkg.test_calc"], dir);
      assert.notEqual(fail.code, 0, fail.output);
      assert.match(fail.output, /FAILED \(failures=2/);
    } finally {
      await removeDir(dir);
    }
  });
});
