import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import * as ts from "typescript";
import { renderTestFile } from "../../server/planning";
import { TestPlan } from "../../server/protocol";
import { loadPythonParser } from "../../server/workspace";
import { parsePython } from "../../server/workspace/pythonParser";
import { runCli } from "../support/serverProcess";

function parses(file: string, code: string): boolean {
  if (file.endsWith(".py")) {
    const tree = parsePython(code)!;
    const ok = !tree.rootNode.hasError;
    tree.delete();
    return ok;
  }
  const source = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, false, /\.[cm]?tsx?$/.test(file) ? ts.ScriptKind.TS : ts.ScriptKind.JS);
  return ((source as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics ?? []).length === 0;
}

// Real packages from the registry, installed by `npm ci`: CommonJS (ws) and dual ESM/CJS (zod).
describe("plan on real npm packages", function () {
  this.timeout(120_000);
  before(loadPythonParser);

  // Python's own email package: a real Python codebase wherever python3 is.
  const emailPackage = () => execFileSync("python3", ["-c", "import email, os; print(os.path.dirname(email.__file__))"], { encoding: "utf8" }).trim();
  for (const [name, dir] of [["ws", () => path.resolve("node_modules/ws")], ["zod", () => path.resolve("node_modules/zod")], ["Python's email package", emailPackage]] as const) {
    it(`plans ${name} without a crash, and every plan renders to a file that parses`, async () => {
      const run = await runCli(["plan", dir(), "--format", "json", "--max-plans", "1000"]);
      assert.equal(run.code, 0, run.stderr);
      const out = JSON.parse(run.stdout) as { plans: unknown[]; cumulative_insights: { failure_modes_identified: { count: number } }; perspectives: { status: string }[] };
      assert.ok(out.plans.length > 50, `${out.plans.length} plans`);
      assert.ok(out.cumulative_insights.failure_modes_identified.count > 10);
      assert.ok(out.perspectives.every((p) => p.status === "ok"));
      const broken: string[] = [];
      for (const raw of out.plans) {
        const plan = TestPlan.parse(raw);
        const file = renderTestFile(plan);
        if (!parses(file.path, file.code)) broken.push(`${plan.id}\n${file.code}`);
      }
      assert.deepEqual(broken.slice(0, 2), [], `${broken.length} of ${out.plans.length} rendered files do not parse`);
    });
  }
});
