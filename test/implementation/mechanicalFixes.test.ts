import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { DEFAULT_ANALYSIS_CONFIG, PERSPECTIVE_RULES } from "../../server/analysis";
import { runRules } from "../../server/analysis/runRules";
import { runImplementationStage } from "../../server/implementation";
import { IMPLEMENTATION_STAGES, type Finding } from "../../server/protocol";
import { loadPythonParser, type ParsedFile } from "../../server/workspace";
import { parsedFiles } from "../planning/planTester";
import { removeDir, tempDir } from "../support/tempDir";

function analyse(files: ParsedFile[]): Finding[] {
  const rules = Object.values(PERSPECTIVE_RULES).flatMap((p) => p?.rules ?? []);
  return runRules(rules, files, DEFAULT_ANALYSIS_CONFIG).findings;
}

async function codeFor(files: ParsedFile[], finding: Finding) {
  const out = await runImplementationStage(IMPLEMENTATION_STAGES[5]!, { task: { kind: "finding", id: finding.id }, findings: [finding], plans: [], files });
  return out.codeChanges;
}

/** Applies the patch with git in a scratch folder holding the files, and reads one file back. */
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

/** The fix for the one finding of `rule` in `file`: its diff applies with git, and re-analysing the result finds it no more. */
async function fixRemoves(rule: string, file: string, text: string): Promise<string> {
  const source = { [file]: text };
  const findings = analyse(parsedFiles(source)).filter((f) => f.rule === rule);
  assert.equal(findings.length, 1, `one ${rule} finding in\n${text}`);
  const [change, ...more] = await codeFor(parsedFiles(source), findings[0]!);
  assert.ok(change, `a fix for ${rule}`);
  assert.equal(more.length, 0);
  const fixed = await gitApply(source, change.diff, file);
  assert.equal(fixed, change.code);
  assert.deepEqual(analyse(parsedFiles({ [file]: fixed })).filter((f) => f.rule === rule), []);
  return fixed;
}

async function noFix(rule: string, file: string, text: string): Promise<void> {
  const files = parsedFiles({ [file]: text });
  const findings = analyse(files).filter((f) => f.rule === rule);
  assert.ok(findings.length >= 1, `a ${rule} finding in\n${text}`);
  for (const f of findings) assert.deepEqual(await codeFor(files, f), [], `no mechanical fix for\n${text}`);
}

describe("mechanical fixes: each diff applies and the finding is gone", function () {
  this.timeout(60_000);
  before(loadPythonParser);

  it("shell: true removed from spawn/execFile when the program and arguments are plain literal words", async () => {
    const only = await fixRemoves("command-injection", "src/run.js", 'const { spawn } = require("child_process");\nspawn("git", ["status", "--short"], { shell: true });\n');
    assert.equal(only, 'const { spawn } = require("child_process");\nspawn("git", ["status", "--short"]);\n');
    const among = await fixRemoves("command-injection", "src/run.ts", 'import { execFileSync } from "node:child_process";\nexport const out = execFileSync("ls", ["-la", "src/"], { cwd: "/tmp", shell: true, encoding: "utf8" });\n');
    assert.match(among, /execFileSync\("ls", \["-la", "src\/"\], \{ cwd: "\/tmp", encoding: "utf8" \}\)/);
    const last = await fixRemoves("command-injection", "src/run.mjs", 'import cp from "child_process";\ncp.spawnSync("npm", ["test"], {\n  stdio: "inherit",\n  shell: true,\n});\n');
    assert.equal(last, 'import cp from "child_process";\ncp.spawnSync("npm", ["test"], {\n  stdio: "inherit",\n});\n');
  });

  it("keeps shell: true where the shell does something: globs, variables, pipes, a computed command or arguments", async () => {
    await noFix("command-injection", "src/a.js", 'const { spawn } = require("child_process");\nspawn("ls", ["*.js"], { shell: true });\n');
    await noFix("command-injection", "src/b.js", 'const { spawn } = require("child_process");\nspawn("echo", ["$HOME"], { shell: true });\n');
    await noFix("command-injection", "src/c.js", 'const { spawn } = require("child_process");\nspawn("cat a | wc", [], { shell: true });\n');
    await noFix("command-injection", "src/d.js", 'const { spawn } = require("child_process");\nfunction f(cmd) { spawn(cmd, ["x"], { shell: true }); }\n');
    await noFix("command-injection", "src/e.js", 'const { spawn } = require("child_process");\nfunction f(arg) { spawn("ls", [arg], { shell: true }); }\n');
  });

  it("shell=True removed from subprocess with a list of plain words; kept for a string command or shell syntax", async () => {
    const fixed = await fixRemoves("command-injection", "tools/build.py", 'import subprocess\n\ndef build():\n    subprocess.run(["make", "-j4", "all"], check=True, shell=True)\n');
    assert.equal(fixed, 'import subprocess\n\ndef build():\n    subprocess.run(["make", "-j4", "all"], check=True)\n');
    await noFix("command-injection", "tools/a.py", 'import subprocess\nsubprocess.run("make all", shell=True)\n');
    await noFix("command-injection", "tools/b.py", 'import subprocess\nsubprocess.run(["ls", "*.py"], shell=True)\n');
  });

  it("return await for a promise returned inside try of an async function", async () => {
    const fixed = await fixRemoves("return-without-await", "src/get.ts", "async function load(id: string) { return id; }\nexport async function get(id: string) {\n  try {\n    return load(id);\n  } catch {\n    return null;\n  }\n}\n");
    assert.match(fixed, /^ {4}return await load\(id\);$/m);
    const then = await fixRemoves("return-without-await", "src/raw.js", "export async function raw(u) {\n  try {\n    return fetch(u).then((r) => r.json());\n  } finally {\n    console.log('done');\n  }\n}\n");
    assert.match(then, /return await fetch\(u\)\.then/);
  });
});
