import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { runImplementationStage, workspaceChecks } from "../../server/implementation";
import { typeCheck } from "../../server/implementation/typeCheck";
import { mergePlans } from "../../server/planning";
import { IMPLEMENTATION_STAGES, type TestPlan } from "../../server/protocol";
import { parsedFiles, planWith } from "../planning/planTester";
import { removeDir, tempDir } from "../support/tempDir";

const TSCONFIG = '{ "compilerOptions": { "strict": true, "module": "commonjs", "target": "es2022", "noEmit": true, "skipLibCheck": true, "types": ["node"] }, "include": ["src"] }\n';
const SOURCE = {
  "package.json": '{ "name": "typed", "version": "1.0.0" }\n',
  "tsconfig.json": TSCONFIG,
  "src/clamp.ts": 'export function clamp(n: number, max: number = 100): number {\n  if (typeof n !== "number") throw new TypeError("n must be a number");\n  return Math.min(n, max);\n}\n',
};

/** A workspace on disk with the packages a TS project using node:test has: @types/node, and tsx to run TS tests. */
async function typedWorkspace(files: Record<string, string>): Promise<string> {
  const dir = await tempDir(files);
  await fs.mkdir(path.join(dir, "node_modules/@types"), { recursive: true });
  await fs.symlink(path.resolve("node_modules/@types/node"), path.join(dir, "node_modules/@types/node"));
  await fs.symlink(path.resolve("node_modules/tsx"), path.join(dir, "node_modules/tsx"));
  return dir;
}

function stage6(dir: string, files: ReturnType<typeof parsedFiles>, plan: TestPlan, allowExecute: boolean) {
  return runImplementationStage(IMPLEMENTATION_STAGES[5]!, { task: { kind: "plan", id: plan.id }, findings: [], plans: [plan], files, checks: workspaceChecks(dir, allowExecute) });
}

function clampPlan(files: ReturnType<typeof parsedFiles>): TestPlan {
  return mergePlans(["what-are-we-testing", "failure-modes", "edge-cases"].map((p) => planWith(p, files).plans)).find((p) => p.unit.name === "clamp")!;
}

describe("type-checking generated code with the project's tsconfig", function () {
  this.timeout(400_000);

  it("checks a generated TS test as part of the project; deliberate wrong-type inputs carry @ts-expect-error and tsc agrees", async () => {
    const dir = await typedWorkspace(SOURCE);
    try {
      const files = parsedFiles(SOURCE);
      const out = await stage6(dir, files, clampPlan(files), false);
      assert.ok(out.notes.some((n) => /^Type-checked with tsconfig\.json: no errors; [1-9]\d* case\(s\) pass values outside the declared types on purpose/.test(n)), out.notes.join("\n"));
      const change = out.codeChanges[0]!;
      assert.match(change.code, /\/\/ @ts-expect-error -- the case passes a value outside the declared types on purpose\n\s+assert\.throws\(\(\) => clamp\("not a number"/);
      // The real compiler, on the project with the file written: no errors.
      await fs.writeFile(path.join(dir, change.file), change.code);
      execFileSync(process.execPath, [path.resolve("node_modules/typescript/bin/tsc"), "-p", dir], { encoding: "utf8" });
      // And the check is real: the same file importing a name clamp.ts does not export fails tsc.
      await fs.writeFile(path.join(dir, change.file), change.code.replace("{ clamp }", "{ clamp, nothing }"));
      assert.throws(() => execFileSync(process.execPath, [path.resolve("node_modules/typescript/bin/tsc"), "-p", dir], { encoding: "utf8" }), (err: { stdout: string }) => /has no exported member 'nothing'/.test(err.stdout));
    } finally {
      await removeDir(dir);
    }
  });

  it("does not offer a test file with a type error the cases did not cause on purpose", async () => {
    const dir = await typedWorkspace(SOURCE);
    try {
      const files = parsedFiles(SOURCE);
      const plan = clampPlan(files);
      const wrongExport = { ...plan, unit: { ...plan.unit, export: { ...plan.unit.export, name: "clampIt" } } };
      const out = await stage6(dir, files, wrongExport, false);
      assert.deepEqual(out.codeChanges, []);
      assert.ok(out.notes.some((n) => /^Type-checked with tsconfig\.json: \d+ error\(s\), so the test file is not offered: line \d+: TS2724 .*clampIt/.test(n)), out.notes.join("\n"));
    } finally {
      await removeDir(dir);
    }
  });

  it("says so where the project does not type-check the file, and reads only the config's include", async () => {
    const dir = await typedWorkspace(SOURCE);
    try {
      assert.deepEqual(typeCheck(dir, "test/clamp.test.ts", "const x: number = 'no';\n"), { checked: false, reason: "tsconfig.json does not include test/clamp.test.ts: the project does not type-check it" });
      assert.deepEqual(typeCheck(dir, "src/x.js", "const x = 1;\n"), { checked: false, reason: "tsconfig.json does not type-check JavaScript (no checkJs)" });
      const checked = typeCheck(dir, "src/x.ts", "const x: number = 'no';\nexport {};\n");
      assert.ok(checked.checked);
      assert.deepEqual(checked.errors.map((e) => [e.line, e.code]), [[1, 2322]]);
      const plain = await tempDir({ "a.ts": "export const a = 1;\n" });
      assert.match((typeCheck(plain, "a.test.ts", "") as { reason: string }).reason, /^no tsconfig\.json between it and the workspace root/);
      await removeDir(plain);
    } finally {
      await removeDir(dir);
    }
  });

  it("with --allow-execute: characterizes a TypeScript function, type-checks the tests and runs them with tsx", async () => {
    const dir = await typedWorkspace(SOURCE);
    try {
      const files = parsedFiles(SOURCE);
      const out = await stage6(dir, files, clampPlan(files), true);
      assert.match(out.summary, /ran once: [1-9]\d* passed, 0 failed/, out.notes.join("\n"));
      assert.ok(out.notes.some((n) => /^Type-checked with tsconfig\.json: no errors/.test(n)));
      assert.match(out.codeChanges[0]!.code, /assert\.equal\(clamp\(0, 1\), 0\);|assert\.equal\(clamp\(0\), 0\);/);
    } finally {
      await removeDir(dir);
    }
  });
});
