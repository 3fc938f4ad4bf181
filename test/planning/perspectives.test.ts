import { strict as assert } from "node:assert";
import { renderTestFile } from "../../server/planning";
import { loadPythonParser } from "../../server/workspace";
import { casesOf, finding, planWith } from "./planTester";

// A unit with none of the triggers most perspectives look for.
const PLAIN = { "src/plain.ts": "export function add(a: number, b: number): number {\n  return a + b;\n}\n" };

describe("test-planning perspectives", () => {
  before(loadPythonParser);

  describe("what are we testing", () => {
    it("plans every public unit with its surface and path count", () => {
      const r = planWith("what-are-we-testing", { ...PLAIN, "src/x.ts": "export function pick(a: boolean) { if (a) return 1; return 2; }\n" });
      assert.deepEqual(r.plans.map((p) => p.unit.name).sort(), ["add", "pick"]);
      const [c] = casesOf(r, "pick");
      assert.equal(c!.kind, "behaviour");
      assert.deepEqual(c!.inputs.args, ["true"]);
      assert.ok(r.plans.find((p) => p.unit.name === "pick")!.notes.includes("2 decision points: cover each branch at least once."));
    });
    it("plans nothing where nothing is exported", () => {
      assert.deepEqual(planWith("what-are-we-testing", { "src/a.ts": "function f() {}\n" }).plans, []);
    });
  });

  describe("failure modes", () => {
    it("turns each throw, rejection and empty return into a case with its trigger", () => {
      const r = planWith("failure-modes", {
        "src/v.ts": 'export function check(n: number, name: string) {\n  if (n < 0) throw new RangeError("negative");\n  if (!name) return null;\n  return name;\n}\nexport async function load(id: string) {\n  if (id === "") return Promise.reject(new Error("empty"));\n}\n',
      });
      const cases = casesOf(r, "check");
      assert.deepEqual(cases.map((c) => [c.kind, c.inputs.args, c.expected.outcome, c.derived]), [
        ["throw", ["-1", '"text"'], "throws", true],
        ["empty-return", ["1", '""'], "returns", true],
      ]);
      assert.equal(cases[0]!.title, "check throws RangeError when n < 0");
      assert.equal(casesOf(r, "load")[0]!.kind, "rejection");
      assert.equal(r.insights.failure_modes_identified.count, 3);
    });
    it("derives none from code that cannot fail", () => {
      const r = planWith("failure-modes", PLAIN);
      assert.deepEqual(r.plans, []);
      assert.equal(r.insights.failure_modes_identified.count, 0);
    });
  });

  describe("integration points", () => {
    it("finds fs, network, child processes, env, clocks and randomness, by what the file imports", () => {
      const r = planWith("integration-points", {
        "src/io.ts": 'import { readFile } from "node:fs/promises";\nimport axios from "axios";\nexport async function sync(url: string) {\n  const t = Date.now();\n  const key = process.env.API_KEY;\n  await readFile("a");\n  await fetch(url);\n  await axios.get(url);\n  return Math.random() + t;\n}\n',
      });
      assert.deepEqual(r.insights.integration_points_found.items, [
        "src/io.ts#sync: clock Date.now",
        "src/io.ts#sync: environment process.env.API_KEY",
        "src/io.ts#sync: file system readFile",
        "src/io.ts#sync: network axios.get",
        "src/io.ts#sync: network fetch",
        "src/io.ts#sync: randomness Math.random",
      ]);
      assert.ok(casesOf(r, "sync").some((c) => c.level === "integration"));
    });
    it("finds Python requests, subprocess and os.environ", () => {
      const r = planWith("integration-points", { "app/net.py": 'import requests\nimport subprocess\nimport os\ndef fetch(url):\n    subprocess.run(["ls"])\n    return requests.get(url, timeout=os.environ["T"])\n' });
      assert.deepEqual(r.insights.integration_points_found.items, ["app/net.py#fetch: child process subprocess.run", 'app/net.py#fetch: environment os.environ["T"]', "app/net.py#fetch: network requests.get"]);
    });
    it("derives none from pure code", () => {
      assert.deepEqual(planWith("integration-points", PLAIN).plans, []);
    });
  });

  describe("edge cases", () => {
    it("takes boundaries from the body's comparisons, and empty/unicode/long strings, zero/negative/NaN, empty/one/many arrays, missing optionals", () => {
      const r = planWith("edge-cases", { "src/e.ts": "export function f(n: number, s: string, xs: string[], opt?: boolean) {\n  if (n > 100) return 0;\n  return s + xs.length;\n}\n" });
      const values = casesOf(r, "f").map((c) => c.title.replace(/^f with /, "").replace(/ \(.*$/, ""));
      for (const v of ["n = 0", "n = -1", "n = NaN", "n = 100", "n = 101", 's = ""', "xs = []", "xs = [1]", "f without opt"]) assert.ok(values.some((x) => x.startsWith(v)), `${v} in ${values.join(" | ")}`);
      const boundary = casesOf(r, "f").find((c) => c.title.startsWith("f with n = 101"))!;
      assert.deepEqual(boundary.inputs.args, ["101", '"text"', "[]"]);
      assert.match(boundary.rationale, /boundary of `n > 100` \(line 2\)/);
    });
    it("derives none for a unit without parameters", () => {
      assert.deepEqual(planWith("edge-cases", { "src/a.ts": "export function now() { return 1; }\n" }).plans, []);
    });
  });

  describe("performance impact", () => {
    it("gives units that loop over their input, or that the performance perspective flagged, a size and a budget", () => {
      const files = { "src/p.ts": "export function dedupe(xs: number[]) {\n  const out: number[] = [];\n  for (const x of xs) if (!out.includes(x)) out.push(x);\n  return out;\n}\n", ...PLAIN };
      const r = planWith("performance-impact", files, { findings: [finding({ rule: "linear-lookup-in-loop", perspective: "performance", file: "src/p.ts" }, 3)] });
      const [c] = casesOf(r, "dedupe");
      assert.equal(c!.expected.outcome, "within-budget");
      assert.equal(c!.inputs.size, 10_000);
      assert.match(c!.rationale, /linear-lookup-in-loop at line 3/);
      assert.deepEqual(r.plans.map((p) => p.unit.name), ["dedupe"]);
    });
  });

  describe("backwards compatibility", () => {
    const baseline = {
      source: "git HEAD",
      entries: [
        { id: "src/api.ts#open", file: "src/api.ts", name: "open", signature: "open(path)", params: ["path"] },
        { id: "src/api.ts#oldName", file: "src/api.ts", name: "oldName", signature: "oldName(a, b)", params: ["a", "b"] },
        { id: "src/api.ts#gone", file: "src/api.ts", name: "gone", signature: "gone()", params: [] },
      ],
    };
    it("reports changed parameters, renames and removals against the baseline", () => {
      const r = planWith("backwards-compatibility", { "src/api.ts": "export function open(path, mode) {}\nexport function newName(a, b) {}\n" }, { baseline });
      assert.match(casesOf(r, "open")[0]!.rationale, /\(path\) → \(path, mode\)/);
      assert.match(casesOf(r, "open")[0]!.expected.detail, /do not pass mode/);
      assert.match(casesOf(r, "newName")[0]!.title, /old name oldName/);
      assert.ok(r.plans.some((p) => p.notes.some((n) => /gone \(gone\(\)\) was exported .* and is gone/.test(n))));
      assert.match(r.summary, /1 signature\(s\) changed, 1 renamed, 1 removed/);
    });
    it("derives none when the API is unchanged, or when there is no baseline", () => {
      const same = { "src/api.ts": "export function open(path) {}\nexport function oldName(a, b) {}\nexport function gone() {}\n" };
      assert.deepEqual(planWith("backwards-compatibility", same, { baseline }).plans, []);
      assert.match(planWith("backwards-compatibility", same).summary, /No earlier version/);
    });
  });

  describe("data integrity", () => {
    it("plans round-trip, partial-write and concurrent-write cases for units that write", () => {
      const r = planWith("data-integrity", { "src/s.ts": 'import { writeFile } from "node:fs/promises";\nexport async function save(p: string, d: string) { await writeFile(p, d); }\n', ...PLAIN });
      assert.deepEqual(casesOf(r, "save").map((c) => c.kind), ["round-trip", "partial-write", "concurrent-write"]);
      assert.deepEqual(r.plans.map((p) => p.unit.name), ["save"]);
    });
    it("does not take a Map's set for a write", () => {
      assert.deepEqual(planWith("data-integrity", { "src/m.ts": "const m = new Map();\nexport function put(k: string) { m.set(k, 1); }\n" }).plans, []);
    });
  });

  describe("error handling", () => {
    it("plans a case proving the error surfaces for empty catches, swallowed errors and rethrows without cause", () => {
      const r = planWith("error-handling", {
        "src/h.ts": "export function a() { try { x(); } catch {} }\nexport function b() { try { x(); } catch (e) { log('no'); } }\nexport function c() { try { x(); } catch (e) { throw new Error('lost'); } }\nexport function d() { try { x(); } catch (e) { throw new Error('kept', { cause: e }); } }\n",
      });
      assert.deepEqual(r.plans.map((p) => p.unit.name).sort(), ["a", "b", "c"]);
      assert.match(casesOf(r, "c")[0]!.expected.detail, /cause/);
    });
  });

  describe("user experience", () => {
    it("plans cases for messages, exit codes, HTTP statuses and argument parsing", () => {
      const r = planWith("user-experience", {
        "src/cli.ts": 'import { parseArgs } from "node:util";\nexport function main(argv: string[]) {\n  parseArgs({ args: argv });\n  console.error("Usage: tool FILE");\n  process.exit(2);\n}\nexport function handler(req: unknown, res: { status(n: number): unknown }) { res.status(404); }\n',
      });
      assert.deepEqual(casesOf(r, "main").map((c) => c.kind), ["cli-usage", "user-message", "exit-code"]);
      assert.deepEqual(casesOf(r, "handler").map((c) => [c.kind, c.level]), [["http-status", "integration"]]);
    });
    it("derives none from silent code", () => {
      assert.deepEqual(planWith("user-experience", PLAIN).plans, []);
    });
    it("plans a package.json bin as a program: its usage message and exit code, run end to end", () => {
      const files = {
        "package.json": '{ "name": "tool", "bin": { "tool": "bin/tool.js" } }\n',
        "bin/tool.js": '#!/usr/bin/env node\nconst name = process.argv[2];\nif (!name) {\n  console.error("usage: tool NAME");\n  process.exit(2);\n}\nconsole.log(`hi ${name}`);\n',
      };
      const r = planWith("user-experience", files);
      const plan = r.plans.find((p) => p.unit.kind === "entry")!;
      assert.equal(plan.unit.name, "<module>");
      assert.equal(plan.unit.signature, "node bin/tool.js");
      assert.deepEqual(plan.cases.map((c) => [c.kind, c.level]), [["user-message", "unit"], ["exit-code", "e2e"], ["user-message", "unit"]]);
      const file = renderTestFile(plan);
      assert.match(file.code, /const \{ spawnSync \} = require\("node:child_process"\);/);
      assert.match(file.code, /spawnSync\(process\.execPath, \[path\.join\(__dirname, "\.\/tool\.js"\)\]/);
      assert.equal(file.path, "bin/tool.test.js");
    });
  });

  describe("security", () => {
    it("turns security findings inside a unit into abuse cases through its string parameter", () => {
      const files = { "src/run.ts": 'import { exec } from "node:child_process";\nexport function run(cmd: string) {\n  exec("ls " + cmd);\n}\n', ...PLAIN };
      const r = planWith("security", files, { findings: [finding({ rule: "command-injection", perspective: "security", file: "src/run.ts" }, 3)] });
      const cases = casesOf(r, "run");
      assert.ok(cases.some((c) => c.inputs.args[0] === '"; touch /tmp/pwned #"'));
      assert.ok(cases.some((c) => /oversized/.test(c.title)));
      assert.deepEqual(r.plans.map((p) => p.unit.name), ["run"]);
    });
  });

  describe("coverage strategy", () => {
    it("puts units no test reaches first, and leaves tested ones out", () => {
      const files = { "src/a.ts": "export function tested() {}\n", "src/b.ts": "export function untested() {}\n", "test/a.test.ts": 'import { tested } from "../src/a";\ntested();\n' };
      const r = planWith("coverage-strategy", files);
      assert.deepEqual(r.plans.map((p) => p.unit.name), ["untested"]);
      assert.match(casesOf(r, "untested")[0]!.rationale, /No test imports this module/);
    });
  });

  describe("test pyramid", () => {
    it("counts today's tests by level and places each unit's cases", () => {
      const files = { ...PLAIN, "src/db.ts": 'import pg from "pg";\nimport * as fs from "node:fs";\nexport function q() { fs.readFileSync("x"); }\n', "test/a.test.ts": 'it("a", () => {});\nit("b", () => {});\n', "test/e2e/b.test.ts": 'import { chromium } from "playwright";\nit("c", () => {});\n' };
      const r = planWith("test-pyramid", files);
      assert.match(r.summary, /Today: 2 unit, 0 integration, 1 end-to-end test case\(s\) in 2 file\(s\)/);
      assert.match(r.plans.find((p) => p.unit.name === "q")!.notes[0]!, /file system faked/);
      assert.match(r.plans.find((p) => p.unit.name === "add")!.notes[0]!, /pure enough/);
    });
  });

  describe("mocking strategy", () => {
    it("says how to fake each seam in the detected framework", () => {
      const code = 'import * as fs from "node:fs";\nexport function f() { setTimeout(() => {}, 5); return fs.readFileSync("a"); }\n';
      const vitest = planWith("mocking-strategy", { "src/f.ts": code, "vitest.config.ts": "export default {};\n" });
      assert.equal(vitest.plans[0]!.framework, "vitest");
      assert.deepEqual(vitest.plans[0]!.mocks.map((m) => m.how), ["vi.useFakeTimers(); then vi.advanceTimersByTime(ms)", 'vi.mock("node:fs") and set vi.mocked(fs).mockResolvedValue(…) per case']);
      const nodeTest = planWith("mocking-strategy", { "src/f.ts": code });
      assert.equal(nodeTest.plans[0]!.framework, "node:test");
      assert.match(nodeTest.plans[0]!.mocks[1]!.how, /^mock\.method\(fs, "readFileSync"/);
      const py = planWith("mocking-strategy", { "app/m.py": "import os\ndef f():\n    return os.environ['HOME']\n", "conftest.py": "" });
      assert.equal(py.plans[0]!.mocks[0]!.how, 'monkeypatch.setenv("HOME", "value")');
      assert.deepEqual(planWith("mocking-strategy", PLAIN).plans, []);
    });
  });

  describe("CI/CD integration", () => {
    it("tells whether CI runs the tests and collects coverage", () => {
      const withCi = planWith("ci-cd-integration", { ...PLAIN, ".github/workflows/ci.yml": "jobs:\n  t:\n    steps:\n      - run: npm test\n" });
      assert.match(withCi.summary, /Tests run in GitHub Actions \(\.github\/workflows\/ci\.yml\); coverage is not collected/);
      const none = planWith("ci-cd-integration", PLAIN);
      assert.match(none.summary, /No CI configuration found/);
      assert.ok(none.plans[0]!.notes.some((n) => /CI gap: add a CI job/.test(n)));
    });
  });

  describe("big picture", () => {
    it("ranks units by complexity × fan-in × missing tests × findings, with the reason", () => {
      const files = {
        "src/core.ts": "export function core(a: number) { if (a) { if (a > 1) return 1; } return a > 2 ? 3 : 4; }\n",
        "src/use1.ts": 'import { core } from "./core";\nexport const u1 = () => core(1);\n',
        "src/use2.ts": 'import { core } from "./core";\nexport const u2 = () => core(2);\n',
      };
      const r = planWith("big-picture", files);
      assert.equal(r.plans[0]!.unit.name, "core");
      assert.match(r.plans[0]!.notes[0]!, /^Risk rank 1 of 3: score 24 = complexity 4 × \(1 \+ fan-in 2\) × 2 \(no test reaches it\) × \(1 \+ 0 finding\(s\)\)\.$/);
      assert.equal(r.plans[0]!.risk, 24);
    });
  });

  it("gives plans and cases ids that survive unrelated edits", () => {
    const before = planWith("failure-modes", { "src/v.ts": 'export function v(n: number) {\n  if (n < 0) throw new Error("x");\n}\n' });
    const after = planWith("failure-modes", { "src/v.ts": '// a comment\nimport "./other";\n\nexport function v(n: number) {\n  if (n < 0) throw new Error("x");\n}\nexport function w() {}\n' });
    assert.equal(after.plans[0]!.id, before.plans[0]!.id);
    assert.equal(after.plans[0]!.cases[0]!.id, before.plans[0]!.cases[0]!.id);
  });
});
