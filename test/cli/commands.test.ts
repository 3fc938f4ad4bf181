import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { CLI, runCli } from "../support/serverProcess";
import { removeDir, tempDir } from "../support/tempDir";
import { DISCOUNT_PACKAGE } from "../support/discountFixture";

describe("CLI commands (dist/cli.js)", function () {
  this.timeout(20_000);
  let dir: string;
  const BUSY = "export function busy(a: number) {\n  if (a) {} if (a) {} if (a) {} if (a) {} if (a) {}\n  if (a) {} if (a) {} if (a) {} if (a) {} if (a) {}\n}\n";
  before(async () => (dir = await tempDir({ "src/a.ts": BUSY, "b.py": "x = 1\n", "img.bin": Buffer.from([0, 1, 2]) })));
  after(() => removeDir(dir));

  it("prints help and version", async () => {
    const help = await runCli(["--help"]);
    assert.equal(help.code, 0);
    for (const cmd of ["serve", "analyze", "plan", "implement"]) assert.match(help.stdout, new RegExp(`autocoder ${cmd}`));
    const version = await runCli(["--version"]);
    assert.match(version.stdout.trim(), /^\d+\.\d+\.\d+$/);
  });

  it("exits 2 with a one-line reason on usage errors", async function () {
    // Eleven fresh processes: on a loaded machine each start alone can take seconds.
    this.timeout(90_000);
    for (const args of [
      ["fly"],
      ["analyze"],
      ["analyze", dir, "--format", "xml"],
      ["analyze", dir, "--perspective", "vibes"],
      ["analyze", dir, "--fail-on", "sometimes"],
      ["analyze", "/no/such/dir"],
      ["plan", dir, "--format", "sarif"],
      ["implement", dir],
      ["implement", dir, "--finding", "a", "--plan", "b"],
      ["serve", "--host", "0.0.0.0", "--workspace", dir],
      ["serve", "--port", "x", "--workspace", dir],
    ]) {
      const run = await runCli(args, { AUTOCODER_TOKEN: "" });
      assert.equal(run.code, 2, `${args.join(" ")} → ${run.code}: ${run.stderr}`);
      assert.equal(run.stderr.trim().split("\n").length, 1, `one line: ${run.stderr}`);
    }
  });

  it("analyze --format json prints the findings envelope and the status of every perspective", async () => {
    const run = await runCli(["analyze", dir, "--format", "json"]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, "", "piped: only the result, no progress");
    const out = JSON.parse(run.stdout);
    assert.deepEqual(Object.keys(out).sort(), ["findings", "perspectives", "skipped", "stats"]);
    assert.deepEqual(out.findings.map((f: { id: string }) => f.id), [
      "complexity:src/a.ts:busy",
      "orphan-module:b.py:orphan",
      "orphan-module:src/a.ts:orphan",
      "untested-export:src/a.ts:busy",
    ]);
    assert.deepEqual(out.findings[0].range.start, { line: 1, column: 8 });
    assert.equal(out.findings[0].data.complexity, 11);
    assert.deepEqual(out.skipped.map((s: { file: string }) => s.file), ["img.bin"]);
    assert.equal(out.stats.files, 2);
    assert.deepEqual(
      out.perspectives.map((p: { id: string; status: string }) => `${p.id}:${p.status}`),
      ["code-quality:ok", "architecture:ok", "performance:ok", "security:ok", "dependencies:ok", "test-coverage:ok"],
    );
  });

  it("analyze --perspective narrows the pass", async () => {
    const out = JSON.parse((await runCli(["analyze", dir, "--format", "json", "--perspective", "security,dependencies"])).stdout);
    assert.deepEqual(out.perspectives.map((p: { id: string }) => p.id), ["security", "dependencies"]);
  });

  it("analyze --perspective code-quality --fail-on warning exits 1 on the finding; --fail-on error passes", async () => {
    const warn = await runCli(["analyze", dir, "--perspective", "code-quality", "--fail-on", "warning"]);
    assert.equal(warn.code, 1);
    assert.match(warn.stdout, /src\/a\.ts:1:8  warning  Function 'busy' has a complexity of 11/);
    const err = await runCli(["analyze", dir, "--perspective", "code-quality", "--fail-on", "error"]);
    assert.equal(err.code, 0, err.stderr);
  });

  it("analyze follows .autocoder/config.json: thresholds, rules off, extra ignores; a bad config exits 2 naming the key", async () => {
    const configured = await tempDir({
      "src/a.ts": BUSY,
      "fixtures/copy.ts": BUSY,
      "src/notes.ts": "// TODO: one\nexport {};\n",
      ".autocoder/config.json": JSON.stringify({ thresholds: { complexity: 20 }, rules: { "todo-note": "off" }, ignore: ["fixtures/"] }),
    });
    try {
      const run = await runCli(["analyze", configured, "--format", "json", "--perspective", "code-quality"]);
      assert.equal(run.code, 0, run.stderr);
      const out = JSON.parse(run.stdout);
      assert.deepEqual(out.findings, [], "complexity 11 is under 20, TODOs are off, fixtures/ is not read");
      assert.equal(out.stats.files, 2);
      await fs.writeFile(path.join(configured, ".autocoder/config.json"), '{"thresholds":{"complexty":3}}');
      const bad = await runCli(["analyze", configured]);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr.trim(), /^autocoder analyze: \.autocoder\/config\.json: thresholds: Unrecognized key: "complexty"$/);
    } finally {
      await removeDir(configured);
    }
  });

  it("analyze --format sarif writes a SARIF 2.1.0 log with rules, results and locations", async () => {
    const run = await runCli(["analyze", dir, "--format", "sarif"]);
    assert.equal(run.code, 0);
    const sarif = JSON.parse(run.stdout);
    assert.equal(sarif.version, "2.1.0");
    assert.equal(sarif.runs[0].tool.driver.name, "Autocoder");
    assert.equal(sarif.runs[0].invocations[0].executionSuccessful, true);
    assert.equal(sarif.runs[0].invocations[0].toolExecutionNotifications.length, 0);
    assert.deepEqual(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId), ["complexity", "orphan-module", "orphan-module", "untested-export"]);
    assert.equal(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, "src/a.ts");
    assert.deepEqual(sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id), ["complexity", "orphan-module", "untested-export"]);
  });

  it("plan --format json prints plans, cumulative insights and stats", async () => {
    const run = await runCli(["plan", dir, "--format", "json"]);
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout);
    assert.deepEqual(out.plans.map((p: { unit: { name: string } }) => p.unit.name), ["busy"]);
    assert.equal(out.plans[0].framework, "node:test", "no framework in the fixture: the one built into Node");
    assert.deepEqual(out.cumulative_insights.edge_cases_discovered.items, ["src/a.ts#busy: a = -1 (a negative number)", "src/a.ts#busy: a = 0 (zero)", "src/a.ts#busy: a = NaN (NaN)"]);
    assert.deepEqual(Object.keys(out.cumulative_insights).sort(), ["edge_cases_discovered", "failure_modes_identified", "integration_points_found"]);
    assert.equal(out.perspectives.length, 15);
    assert.equal(out.stats.files, 2);
  });

  it("implement exits 1 with the reason when the task does not exist", async () => {
    const finding = await runCli(["implement", dir, "--finding", "no-such-finding"]);
    assert.equal(finding.code, 1);
    assert.match(finding.stderr, /finding no-such-finding not found/);
    const plan = await runCli(["implement", dir, "--plan", "no-such-plan", "--format", "patch"]);
    assert.equal(plan.code, 1);
    assert.match(plan.stderr, /plan no-such-plan not found/);
  });

  it("implement runs the six stages for a plan, and --format patch prints a diff git applies", async () => {
    const run = await runCli(["implement", dir, "--plan", "plan:src/a.ts#busy"]);
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout);
    assert.deepEqual(out.task, { kind: "plan", id: "plan:src/a.ts#busy" });
    assert.deepEqual(out.stages.map((s: { stage_id: string }) => s.stage_id), ["deep-understanding", "architectural-analysis", "approach-evaluation", "risk-analysis", "testing-strategy", "implementation-plan"]);
    const patch = await runCli(["implement", dir, "--plan", "plan:src/a.ts#busy", "--format", "patch"]);
    assert.equal(patch.code, 0, patch.stderr);
    assert.match(patch.stdout, /^--- \/dev\/null\n\+\+\+ b\/src\/a\.test\.ts\n/);
    const scratch = await tempDir({ "src/a.ts": BUSY });
    try {
      execFileSync("git", ["init", "-q"], { cwd: scratch });
      execFileSync("git", ["apply", "-"], { cwd: scratch, input: patch.stdout });
      assert.match(await fs.readFile(path.join(scratch, "src/a.test.ts"), "utf8"), /from "node:test"/);
    } finally {
      await removeDir(scratch);
    }
  });
});

describe("CLI implement --allow-execute (dist/cli.js, real runs)", function () {
  this.timeout(180_000);
  let dir: string;
  before(async () => (dir = await tempDir(DISCOUNT_PACKAGE)));
  after(() => removeDir(dir));

  const lastStage = async (args: string[]) => {
    const run = await runCli(["implement", dir, "--plan", "plan:lib/price.js#discount", ...args]);
    assert.equal(run.code, 0, run.stderr);
    const stages = JSON.parse(run.stdout).stages as { stage_id: string; summary: string; test_run: unknown }[];
    assert.deepEqual(stages.slice(0, 5).map((s) => s.test_run), [null, null, null, null, null], "only stage 6 runs tests");
    return stages[5]!;
  };

  it("stage 6 carries the generated tests' first run as counts, the same the summary says in words", async () => {
    const stage = await lastStage(["--allow-execute"]);
    const run = stage.test_run as { runner: string; file: string; ran: boolean; command: string; assertions: number; passed: number; failed: number; skipped: number; duration_ms: number; not_run_reason: null };
    assert.equal(run.ran, true, JSON.stringify(run));
    assert.equal(run.runner, "node:test");
    assert.equal(run.file, "lib/price.test.js");
    assert.match(run.command, /--test .*lib\/price\.autocoder-check-\d+-\d+\.test\.js$/);
    assert.ok(run.passed > 0);
    assert.equal(run.passed + run.failed, run.assertions, "every running assertion passed or failed");
    assert.ok(run.duration_ms > 0);
    assert.equal(run.not_run_reason, null);
    const words = /ran once: (\d+) passed, (\d+) failed/.exec(stage.summary);
    assert.ok(words, stage.summary);
    assert.deepEqual([Number(words[1]), Number(words[2])], [run.passed, run.failed]);
  });

  it("without the flag the run is recorded as not run, with the reason", async () => {
    const stage = await lastStage([]);
    const run = stage.test_run as { ran: boolean; passed: number; failed: number; assertions: number; not_run_reason: string };
    assert.deepEqual([run.ran, run.passed, run.failed, run.not_run_reason], [false, 0, 0, "running workspace code needs --allow-execute"]);
    assert.ok(run.assertions > 0, "the guards' assertions are offered unconfirmed");
  });
});

describe("CLI progress on a terminal", function () {
  this.timeout(20_000);
  it("shows files and the current perspective on stderr when stderr is a terminal", async function () {
    try {
      execFileSync("script", ["--version"], { stdio: "ignore" });
    } catch {
      this.skip(); // util-linux `script` provides the pseudo-terminal
    }
    const dir = await tempDir({ "a.ts": "export const a = 1;\n" });
    try {
      const out = execFileSync("script", ["-qec", `${process.execPath} ${CLI} analyze ${dir} --format json 2>&1 >/dev/null`, "/dev/null"], {
        encoding: "utf8",
      });
      assert.match(out, /1\/1 files · Code Quality \(1\/6\)/);
      assert.match(out, /Test Coverage \(6\/6\)/);
    } finally {
      await removeDir(dir);
    }
  });
});
