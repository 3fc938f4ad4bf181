import { strict as assert } from "node:assert";
import { execFileSync, spawnSync } from "node:child_process";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { runImplementationStage, workspaceChecks } from "../../server/implementation";
import { characterize } from "../../server/implementation/characterization/characterize";
import { runTestFile } from "../../server/implementation/testRun/runTestFile";
import { mergePlans } from "../../server/planning";
import { IMPLEMENTATION_STAGES, type TestPlan } from "../../server/protocol";
import { loadPythonParser } from "../../server/workspace";
import { runCli } from "../support/serverProcess";
import { parsedFiles, planWith } from "../planning/planTester";
import { removeDir, tempDir } from "../support/tempDir";

/** A plan for one exported function with the given argument lists, as test planning would write it. */
function planFor(file: string, name: string, argLists: string[][], commonjs = true): TestPlan {
  return {
    id: `plan:${file}#${name}`,
    unit: { file, name, kind: "function", signature: `${name}()`, range: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } }, language: file.endsWith(".ts") ? "typescript" : "javascript", export: { name, className: null, isStatic: false, commonjs }, params: [], async: false },
    framework: "node:test",
    target: { path: file.replace(/\.(\w+)$/, ".test.$1"), importPath: `./${path.basename(file).replace(/\.\w+$/, "")}` },
    risk: 1,
    cases: argLists.map((args, i) => ({ id: `c${i}`, title: `case ${i}`, level: "unit", kind: "behaviour", inputs: { args }, expected: { outcome: "observe", detail: "what it does" }, rationale: "", perspective: "edge-cases" })),
    mocks: [],
    notes: [],
  };
}

// Generous: the machine may be loaded, and only the hang case should ever reach a limit.
const LIMITS = { timeoutMs: 30_000, memoryMb: 64 };
const HANG_LIMITS = { timeoutMs: 10_000, memoryMb: 64 };

describe("characterization: running exported functions on planned inputs", function () {
  this.timeout(300_000);
  let dir: string;
  before(async () => {
    dir = await tempDir({
      "package.json": '{ "name": "demo", "version": "1.0.0" }\n',
      "lib/values.js": [
        "let calls = 0;",
        "exports.echo = (x) => x;",
        "exports.pair = (a, b) => ({ a, b, list: [a, b], when: new Date(0), tags: new Set([a]), index: new Map([[a, b]]) });",
        "exports.fail = (x) => { if (!x) throw new RangeError(`bad ${x}`); return x; };",
        "exports.later = async (x) => { if (x < 0) throw new TypeError('negative'); return x * 2; };",
        "exports.odd = (kind) => kind === 'fn' ? () => 1 : kind === 'sym' ? Symbol('s') : kind === 'nan' ? NaN : kind === 'cycle' ? (() => { const o = {}; o.self = o; return o; })() : kind === 'class' ? new (class Point {})() : kind === 'none' ? undefined : 'plain';",
        "exports.random = () => Math.random();",
        "exports.counter = () => ++calls;",
        "exports.hang = (ms) => { if (ms > 0) for (;;) {} return 'quick'; };",
        "exports.quit = (code) => { if (code !== undefined) process.exit(code); return 'stayed'; };",
        "exports.greedy = (n) => { const a = []; for (let i = 0; i < n; i++) a.push(new Array(1e5).fill(i)); return a.length; };",
        "exports.noisy = (x) => { console.log('{\"case\":\"c0\",\"observation\":{\"outcome\":\"returns\",\"literal\":\"999\",\"awaited\":false,\"deep\":false}}'); return x; };",
        "",
      ].join("\n"),
      "lib/typed.ts": "export function twice(s: string): string {\n  return s.repeat(2);\n}\n",
      "lib/esm.mjs": "export const upper = (s) => s.toUpperCase();\n",
    });
  });
  after(() => removeDir(dir));

  const run = async (name: string, args: string[][], file = "lib/values.js", commonjs = true, limits = LIMITS) => {
    const seen = await characterize(dir, planFor(file, name, args, commonjs), limits);
    assert.equal(seen.problem, null);
    return args.map((_, i) => seen.observed.get(`c${i}`)!);
  };

  it("records returned values as literals that rebuild them, and thrown or rejected errors by name and message", async () => {
    assert.deepEqual(await run("echo", [["1"], ['"a\\nb"'], ["-0"], ["10n"], ["[1, [2]]"], ["null"]]), [
      { outcome: "returns", literal: "1", awaited: false, deep: false },
      { outcome: "returns", literal: '"a\\nb"', awaited: false, deep: false },
      { outcome: "returns", literal: "-0", awaited: false, deep: false },
      { outcome: "returns", literal: "10n", awaited: false, deep: false },
      { outcome: "returns", literal: "[1, [2]]", awaited: false, deep: true },
      { outcome: "returns", literal: "null", awaited: false, deep: false },
    ]);
    const [pair] = await run("pair", [['"x"', "2"]]);
    assert.equal(pair!.outcome === "returns" && pair!.literal, '{ "a": "x", "b": 2, "list": ["x", 2], "when": new Date("1970-01-01T00:00:00.000Z"), "tags": new Set(["x"]), "index": new Map([["x", 2]]) }');
    assert.deepEqual(await run("fail", [["0"], ["3"]]), [
      { outcome: "throws", name: "RangeError", message: "bad 0", awaited: false },
      { outcome: "returns", literal: "3", awaited: false, deep: false },
    ]);
    assert.deepEqual(await run("later", [["-1"], ["2"]]), [
      { outcome: "throws", name: "TypeError", message: "negative", awaited: true },
      { outcome: "returns", literal: "4", awaited: true, deep: false },
    ]);
  });

  it("does not assert what cannot be asserted faithfully, and says why", async () => {
    const seen = await run("odd", [['"fn"'], ['"sym"'], ['"nan"'], ['"cycle"'], ['"class"'], ['"none"'], ['"plain"'], ["x as string"]]);
    const reasons = seen.map((o) => (o.outcome === "unassertable" ? o.reason : o.outcome));
    assert.match(reasons[0]!, /^a function/);
    assert.match(reasons[1]!, /^a symbol/);
    assert.match(reasons[2]!, /^NaN/);
    assert.match(reasons[3]!, /^a cycle/);
    assert.match(reasons[4]!, /^an instance of Point/);
    assert.match(reasons[5]!, /^returned undefined/);
    assert.equal(reasons[6], "returns");
    assert.match(reasons[7]!, /^the planned arguments are not plain JavaScript/);
    // Two runs in fresh processes: Math.random differs; a counter agrees with itself across runs.
    const [random] = await run("random", [[]]);
    assert.match(random!.outcome === "unassertable" ? random!.reason : "", /^not deterministic: two runs gave /);
    assert.deepEqual(await run("counter", [[], ['"again"']]), [
      { outcome: "returns", literal: "1", awaited: false, deep: false },
      { outcome: "returns", literal: "2", awaited: false, deep: false },
    ]);
  });

  it("blames a hang, an exit and a blown heap on their own case and goes on with the rest", async () => {
    const seen = await run("hang", [["0"], ["1"], ["-1"]], "lib/values.js", true, HANG_LIMITS);
    assert.deepEqual(seen[0], { outcome: "returns", literal: '"quick"', awaited: false, deep: false });
    assert.deepEqual(seen[1], { outcome: "unassertable", reason: "did not finish within 10 s" });
    assert.deepEqual(seen[2], { outcome: "returns", literal: '"quick"', awaited: false, deep: false });
    const exits = await run("quit", [["3"], []]);
    assert.deepEqual(exits[0], { outcome: "unassertable", reason: "ended the process (exit code 3)" });
    assert.deepEqual(exits[1], { outcome: "returns", literal: '"stayed"', awaited: false, deep: false });
    const [heap, small] = await run("greedy", [["1e6"], ["2"]]);
    assert.match(heap!.outcome === "unassertable" ? heap!.reason : "", /ran out of the 64 MB heap|ended the process/);
    assert.deepEqual(small, { outcome: "returns", literal: "2", awaited: false, deep: false });
  });

  it("reads results from its own channel, not from what the code prints, and loads TypeScript and ES modules", async () => {
    assert.deepEqual(await run("noisy", [["5"]]), [{ outcome: "returns", literal: "5", awaited: false, deep: false }]);
    assert.deepEqual(await run("twice", [['"ab"']], "lib/typed.ts", false), [{ outcome: "returns", literal: '"abab"', awaited: false, deep: false }]);
    assert.deepEqual(await run("upper", [['"ab"']], "lib/esm.mjs", false), [{ outcome: "returns", literal: '"AB"', awaited: false, deep: false }]);
    const missing = await characterize(dir, planFor("lib/values.js", "echo", [["1"]]), LIMITS).then(() => characterize(dir, { ...planFor("lib/values.js", "echo", [["1"]]), unit: { ...planFor("lib/values.js", "echo", []).unit, file: "lib/gone.js" } }, LIMITS));
    assert.match(missing.problem ?? "", /could not load the module: Cannot find module/);
  });
});

describe("implement --allow-execute: characterization tests, run once before they are offered", function () {
  this.timeout(400_000);
  let dir: string;
  const source = {
    "package.json": '{ "name": "demo", "version": "1.0.0" }\n',
    "src/clamp.js": [
      "function clamp(n, max) {",
      '  if (typeof n !== "number") throw new TypeError("n must be a number");',
      "  if (n > 100) return null;",
      "  return Math.min(n, max === undefined ? 100 : max);",
      "}",
      "module.exports = { clamp };",
      "",
    ].join("\n"),
    // Reads the disk, so it is not characterized; its guard's throw is caught, so the assertion derived from the guard fails today.
    "src/load.js": [
      'const fs = require("fs");',
      "function load(p) {",
      "  try {",
      '    if (!p) throw new TypeError("no path");',
      "  } catch {",
      "    return 0;",
      "  }",
      '  return fs.existsSync(p) ? 1 : 2;',
      "}",
      "module.exports = { load };",
      "",
    ].join("\n"),
  };
  before(async () => {
    dir = await tempDir(source);
  });
  after(() => removeDir(dir));

  const implement = async (plan: string, ...flags: string[]) => {
    const run = await runCli(["implement", dir, "--plan", plan, ...flags]);
    assert.equal(run.code, 0, run.stderr);
    return JSON.parse(run.stdout) as { stages: { summary: string; notes: string[]; code_changes: { file: string; code: string; diff: string }[] }[] };
  };

  it("asserts what the function did, the tests pass as offered and fail once the code changes", async () => {
    const out = await implement("plan:src/clamp.js#clamp", "--allow-execute");
    assert.match(out.stages[2]!.summary, /Chose "characterization tests/);
    const last = out.stages[5]!;
    assert.match(last.summary, /ran once: (\d+) passed, 0 failed/);
    assert.ok(last.notes.some((n) => /^Ran clamp on \d+ planned input\(s\), twice/.test(n)), last.notes.join("\n"));
    const code = last.code_changes[0]!.code;
    assert.match(code, /assert\.equal\(clamp\(0, 1\), 0\);/);
    assert.match(code, /assert\.throws\(\(\) => clamp\("not a number", 1\), \{ name: "TypeError", message: "n must be a number" \}\);/);
    assert.match(code, /\/\/ Ran it; not asserted: NaN/);
    // Nothing of the check run is left in the workspace.
    assert.deepEqual((await fs.readdir(path.join(dir, "src"))).sort(), ["clamp.js", "load.js"]);
    execFileSync("git", ["init", "-q"], { cwd: dir });
    execFileSync("git", ["apply", "-"], { cwd: dir, input: last.code_changes[0]!.diff });
    try {
      const green = spawnSync(process.execPath, ["--test", "src/clamp.test.js"], { cwd: dir, encoding: "utf8" });
      assert.equal(green.status, 0, green.stdout);
      await fs.writeFile(path.join(dir, "src/clamp.js"), source["src/clamp.js"].replace("Math.min(n", "Math.max(n"));
      const red = spawnSync(process.execPath, ["--test", "src/clamp.test.js"], { cwd: dir, encoding: "utf8" });
      assert.notEqual(red.status, 0, "the characterization tests must fail when the behaviour changes");
    } finally {
      await fs.writeFile(path.join(dir, "src/clamp.js"), source["src/clamp.js"]);
      await fs.rm(path.join(dir, "src/clamp.test.js"), { force: true });
      await fs.rm(path.join(dir, ".git"), { recursive: true, force: true });
    }
  });

  it("writes out a test that fails on the current code as skipped with the failure, never as passing", async () => {
    const out = await implement("plan:src/load.js#load", "--allow-execute");
    const last = out.stages[5]!;
    assert.ok(last.notes.some((n) => /^Not characterized: it reaches outside its arguments \(fs\.existsSync\)/.test(n)), last.notes.join("\n"));
    assert.match(last.summary, /ran once: 0 passed, 1 failed \(now skipped with the failure\)/);
    const code = last.code_changes[0]!.code;
    assert.match(code, /\/\/ Failed on the current code, so not offered as passing: .*\n {2}it\.skip\("load throws TypeError when !p"/);
    assert.doesNotMatch(code, /assert\.throws/);
  });

  it("runs nothing without --allow-execute and says so", async () => {
    const out = await implement("plan:src/clamp.js#clamp");
    assert.match(out.stages[2]!.notes.at(-1)!, /--allow-execute/);
    assert.match(out.stages[5]!.summary, /not run \(running workspace code needs --allow-execute\)/);
    assert.doesNotMatch(out.stages[5]!.code_changes[0]!.code, /assert\.equal\(clamp\(0, 1\)/);
  });
});

describe("generated tests run with the workspace's own runner", function () {
  this.timeout(400_000);
  before(loadPythonParser);

  it("mocha from the workspace's node_modules, and says plainly when it is not installed", async () => {
    const files = { "package.json": '{ "name": "m", "version": "1.0.0", "devDependencies": { "mocha": "*" } }\n', "lib/sum.js": "exports.sum = (list) => (list || []).reduce((a, b) => a + b, 0);\n", ".mocharc.json": '{ "spec": "nothing/**/*.js" }\n' };
    const parsed = parsedFiles(files);
    const plan = mergePlans(["what-are-we-testing", "edge-cases"].map((p) => planWith(p, parsed).plans)).find((p) => p.unit.name === "sum")!;
    assert.equal(plan.framework, "mocha");
    const dir = await tempDir(files);
    try {
      const without = await implementationPlanFor(dir, parsed, plan);
      assert.match(without.summary, /not run: mocha is not installed in the workspace/, without.notes.join("\n"));
      await fs.mkdir(path.join(dir, "node_modules"));
      await fs.symlink(path.resolve("node_modules/mocha"), path.join(dir, "node_modules/mocha"));
      const withMocha = await implementationPlanFor(dir, parsed, plan);
      assert.match(withMocha.summary, /ran once: [1-9]\d* passed, 0 failed/);
      assert.match(withMocha.codeChanges[0]!.code, /const assert = require\("node:assert\/strict"\);/);
      assert.doesNotMatch(withMocha.codeChanges[0]!.code, /expect\(/);
    } finally {
      await removeDir(dir);
    }
  });

  it("vitest from the workspace's node_modules: its JSON report read per test, and a TypeScript plan characterized, run and counted", async () => {
    const files = {
      "package.json": '{ "name": "v", "version": "1.0.0", "type": "module", "devDependencies": { "vitest": "3.2.7" } }\n',
      "src/clamp.ts": 'export function clamp(n: number, max = 100): number {\n  if (Number.isNaN(n)) throw new RangeError("n is NaN");\n  return Math.min(Math.max(n, 0), max);\n}\n',
    };
    const parsed = parsedFiles(files);
    const plan = mergePlans(["what-are-we-testing", "failure-modes", "edge-cases"].map((p) => planWith(p, parsed).plans)).find((p) => p.unit.name === "clamp")!;
    assert.equal(plan.framework, "vitest");
    const dir = await tempDir(files);
    try {
      const without = await implementationPlanFor(dir, parsed, plan);
      assert.equal(without.testRun?.not_run_reason, "vitest is not installed in the workspace (npm install)");
      await fs.mkdir(path.join(dir, "node_modules"));
      await fs.symlink(path.resolve("node_modules/vitest"), path.join(dir, "node_modules/vitest"));

      // The runner's own report, one passing and one failing test, read by name.
      const probe = 'import { expect, it } from "vitest";\nimport { clamp } from "./clamp";\nit("keeps 5", () => expect(clamp(5)).toBe(5));\nit("is wrong on purpose", () => expect(clamp(500)).toBe(500));\n';
      const run = await runTestFile(dir, { path: "src/clamp.test.ts", code: probe, framework: "vitest" });
      assert.ok(run.ran, run.ran ? "" : run.reason);
      assert.deepEqual(run.results.get("keeps 5"), { passed: true, message: "" });
      assert.equal(run.results.get("is wrong on purpose")?.passed, false);
      assert.match(run.results.get("is wrong on purpose")!.message, /expected 100 to be 500/);
      assert.match(run.command, /vitest\.mjs run src\/clamp\.autocoder-check-\d+-\d+\.test\.ts --reporter=json/);
      assert.deepEqual((await fs.readdir(path.join(dir, "src"))).sort(), ["clamp.ts"], "the checked file is removed");

      const out = await implementationPlanFor(dir, parsed, plan);
      const testRun = out.testRun!;
      assert.deepEqual([testRun.runner, testRun.file, testRun.ran, testRun.failed], ["vitest", "src/clamp.test.ts", true, 0], out.notes.join("\n"));
      assert.ok(testRun.passed > 0 && testRun.passed === testRun.assertions, JSON.stringify(testRun));
      assert.match(out.summary, new RegExp(`ran once: ${testRun.passed} passed, 0 failed`));
      assert.ok(out.notes.some((n) => /^Ran clamp on \d+ planned input\(s\), twice, in a child process/.test(n)), out.notes.join("\n"));
      const code = out.codeChanges[0]!.code;
      assert.match(code, /^import \{ describe, expect, it \} from "vitest";$/m);
      assert.match(code, /expect\(clamp\(/);
      // The offered file, run as a user would: vitest passes every running case.
      await fs.writeFile(path.join(dir, "src/clamp.test.ts"), code);
      const again = await runTestFile(dir, { path: "src/clamp.test.ts", code, framework: "vitest" });
      assert.ok(again.ran && [...again.results.values()].every((r) => r.passed) && again.results.size === testRun.passed);
    } finally {
      await removeDir(dir);
    }
  });

  it("pytest and unittest for Python plans: the derived assertions run and pass", async () => {
    for (const framework of ["pytest", "unittest"] as const) {
      const files = { "app/__init__.py": "", "app/checks.py": 'def need(x):\n    if x is None:\n        raise ValueError("x is required")\n    return x\n', ...(framework === "pytest" ? { "pytest.ini": "[pytest]\n" } : {}) };
      const parsed = parsedFiles(files);
      const plan = mergePlans(["what-are-we-testing", "failure-modes"].map((p) => planWith(p, parsed).plans)).find((p) => p.unit.name === "need")!;
      assert.equal(plan.framework, framework);
      const dir = await tempDir(files);
      try {
          const out = await implementationPlanFor(dir, parsed, plan);
        assert.match(out.summary, /ran once: 1 passed, 0 failed/, `${framework}: ${out.notes.join("\n")}`);
      } finally {
        await removeDir(dir);
      }
    }
  });
});

/** Stage 6 alone on a plan, with execution allowed, as the CLI and the server run it. */
function implementationPlanFor(dir: string, files: ReturnType<typeof parsedFiles>, plan: TestPlan) {
  return runImplementationStage(IMPLEMENTATION_STAGES[5]!, { task: { kind: "plan", id: plan.id }, findings: [], plans: [plan], files, checks: workspaceChecks(dir, true) });
}
