import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { runFileRules, runRules } from "../../server/analysis/runRules";
import { DEFAULT_ANALYSIS_CONFIG, PERSPECTIVE_RULES } from "../../server/analysis";
import { nextTask, runImplementationStage, unifiedDiff } from "../../server/implementation";
import { mergePlans } from "../../server/planning";
import { IMPLEMENTATION_STAGES, type Finding, type TestPlan } from "../../server/protocol";
import { loadPythonParser, type ParsedFile } from "../../server/workspace";
import { parsedFiles, planWith } from "../planning/planTester";
import { removeDir, tempDir } from "../support/tempDir";

function analyse(files: ParsedFile[]): Finding[] {
  const rules = Object.values(PERSPECTIVE_RULES).flatMap((p) => p?.rules ?? []);
  return runRules(rules, files, DEFAULT_ANALYSIS_CONFIG).findings;
}

async function allStages(task: { kind: "finding" | "plan"; id: string }, files: ParsedFile[], findings: Finding[], plans: TestPlan[] = []) {
  const out = [];
  for (const stage of IMPLEMENTATION_STAGES) out.push({ stage, ...(await runImplementationStage(stage, { task, findings, plans, files })) });
  return out;
}

/** Applies a patch with git in a scratch folder holding the files (the real test of a diff) and reads one file back. */
async function gitApply(files: Record<string, string>, patch: string, read: string): Promise<string> {
  const dir = await tempDir(files);
  try {
    execFileSync("git", ["init", "-q"], { cwd: dir });
    execFileSync("git", ["apply", "-"], { cwd: dir, input: patch });
    return await fs.readFile(path.join(dir, read), "utf8");
  } finally {
    await removeDir(dir);
  }
}

describe("implementation stages", function () {
  this.timeout(30_000);
  before(loadPythonParser);

  it("takes a test plan through six stages and ends with a new test file whose diff applies", async () => {
    const source = { "src/clamp.ts": 'export function clamp(n: number): number {\n  if (n < 0) throw new RangeError("negative");\n  return Math.min(n, 100);\n}\n', "src/use.ts": 'import { clamp } from "./clamp";\nexport const c = () => clamp(1);\n' };
    const files = parsedFiles(source);
    const plans = mergePlans(["what-are-we-testing", "failure-modes", "edge-cases"].map((p) => planWith(p, files).plans));
    const plan = plans.find((p) => p.unit.name === "clamp")!;
    const stages = await allStages({ kind: "plan", id: plan.id }, files, [], plans);
    assert.deepEqual(stages.map((s) => s.status), ["ok", "ok", "ok", "ok", "ok", "ok"]);
    assert.match(stages[0]!.summary, /^Deep Understanding: Test plan for clamp \(src\/clamp\.ts, \d+ case\(s\)\): 1 caller module\(s\)/);
    assert.ok(stages[0]!.notes.some((n) => n.includes("    2 |   if (n < 0) throw new RangeError")));
    assert.match(stages[1]!.summary, /blast radius 1 module\(s\) \(1 direct\)/);
    assert.ok(stages[2]!.notes.filter((n) => /^[✓·] /.test(n)).length >= 2, "at least two approaches");
    assert.match(stages[3]!.summary, /^Risk Analysis: Risk (low|medium|high) \(\d+\)/);
    const [change] = stages[5]!.codeChanges;
    assert.equal(change!.file, "src/clamp.test.ts");
    assert.equal(await gitApply(source, change!.diff, "src/clamp.test.ts"), change!.code);
    assert.match(change!.code, /assert\.throws\(\(\) => clamp\(-1\), RangeError\);/);
  });

  it("offers yaml.safe_load for yaml.load as a diff that applies and removes the finding", async () => {
    const source = { "app/config.py": "import yaml\n\ndef read(path):\n    with open(path) as f:\n        return yaml.load(f)\n" };
    const files = parsedFiles(source);
    const finding = analyse(files).find((f) => f.rule === "unsafe-deserialization")!;
    const stages = await allStages({ kind: "finding", id: finding.id }, files, [finding]);
    const [change] = stages[5]!.codeChanges;
    assert.match(change!.diff, /^-        return yaml\.load\(f\)$/m);
    assert.match(change!.diff, /^\+        return yaml\.safe_load\(f\)$/m);
    const fixed = await gitApply(source, change!.diff, "app/config.py");
    assert.equal(fixed, change!.code);
    assert.deepEqual(analyse(parsedFiles({ "app/config.py": fixed })).filter((f) => f.rule === "unsafe-deserialization"), []);
    // An explicit loader is the user's choice: no mechanical fix, steps instead.
    const withLoader = parsedFiles({ "app/config.py": "import yaml\ndef read(f):\n    return yaml.load(f, Loader=yaml.FullLoader)\n" });
    const other = analyse(withLoader).find((f) => f.rule === "unsafe-deserialization")!;
    const manual = await allStages({ kind: "finding", id: other.id }, withLoader, [other]);
    assert.deepEqual(manual[5]!.codeChanges, []);
    assert.match(manual[5]!.summary, /No code offered/);
  });

  it("removes an unused dependency from package.json, keeping the JSON valid, and the finding goes", async () => {
    const pkg = '{\n  "name": "demo",\n  "dependencies": {\n    "left-pad": "^1.3.0",\n    "lodash": "^4.17.21"\n  }\n}\n';
    const source = { "package.json": pkg, "index.js": "require('left-pad');\n" };
    const files = parsedFiles(source);
    const finding = analyse(files).find((f) => f.rule === "unused-dependency")!;
    assert.equal((finding.data as { package: string }).package, "lodash");
    const [change] = (await allStages({ kind: "finding", id: finding.id }, files, [finding]))[5]!.codeChanges;
    assert.deepEqual(JSON.parse(change!.code).dependencies, { "left-pad": "^1.3.0" });
    const fixed = await gitApply(source, change!.diff, "package.json");
    assert.equal(fixed, change!.code);
    assert.deepEqual(analyse(parsedFiles({ ...source, "package.json": fixed })).filter((f) => f.rule === "unused-dependency"), []);
  });

  it("gives steps, not code, where a finding needs judgement, and says when the task is gone", async () => {
    const files = parsedFiles({ "src/a.ts": "export function busy(a: number) {\n  if (a) {} if (a) {} if (a) {} if (a) {} if (a) {}\n  if (a) {} if (a) {} if (a) {} if (a) {} if (a) {}\n}\n" });
    const finding = runFileRules(PERSPECTIVE_RULES["code-quality"]!.rules.filter((r) => r.id === "complexity") as never, files, DEFAULT_ANALYSIS_CONFIG).findings[0]!;
    const stages = await allStages({ kind: "finding", id: finding.id }, files, [finding]);
    assert.deepEqual(stages[5]!.codeChanges, []);
    assert.match(stages[2]!.summary, /Chose "refactor by hand/);
    assert.match(stages[5]!.notes[0]!, /^1\. refactor by hand following the suggestion: /);
    const gone = await runImplementationStage(IMPLEMENTATION_STAGES[0]!, { task: { kind: "finding", id: "nope" }, findings: [], plans: [], files });
    assert.equal(gone.summary, "Deep Understanding: skipped, finding nope is not among the latest findings.");
  });

  it("works through every task in turn: never-done first, then the one done longest ago", () => {
    const f = (id: string, severity: Finding["severity"]) => ({ id, severity }) as Finding;
    const findings = [f("b", "error"), f("a", "warning")];
    assert.deepEqual(nextTask(findings, []), { kind: "finding", id: "b" });
    assert.deepEqual(nextTask(findings, [], new Map([["finding:b", 5]])), { kind: "finding", id: "a" });
    assert.deepEqual(nextTask(findings, [], new Map([["finding:b", 5], ["finding:a", 11]])), { kind: "finding", id: "b" });
    assert.deepEqual(nextTask(findings, [], new Map([["finding:b", 17], ["finding:a", 11]])), { kind: "finding", id: "a" });
  });
});

describe("unifiedDiff", () => {
  it("writes diffs git applies: edits at the start, middle and end, new files, missing final newlines", async () => {
    const cases: [string | null, string][] = [
      ["a\nb\nc\nd\ne\nf\ng\nh\n", "a\nb\nc\nD\ne\nf\ng\nh\n"],
      ["a\nb\n", "z\na\nb\n"],
      ["a\nb\n", "a\nb\nc\n"],
      ["a\nb", "a\nc"],
      ["a\nb", "a\nb\n"],
      ["a\nb\n", "a\nb"],
      [null, "new file\nwith two lines\n"],
      ["one\n", ""],
    ];
    for (const [before, after] of cases) {
      const patch = unifiedDiff("f.txt", before, after);
      assert.equal(await gitApply(before === null ? {} : { "f.txt": before }, patch, "f.txt"), after, `${JSON.stringify(before)} → ${JSON.stringify(after)}\n${patch}`);
    }
    assert.equal(unifiedDiff("f.txt", "same\n", "same\n"), "");
  });
});
