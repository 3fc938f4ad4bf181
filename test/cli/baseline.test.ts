import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { applyBaseline, baselineOf } from "../../server/cli/baseline";
import type { Finding } from "../../server/protocol";
import { runCli } from "../support/serverProcess";
import { removeDir, tempDir } from "../support/tempDir";

const finding = (id: string): Finding => ({
  id,
  perspective: "code-quality",
  rule: id.split(":")[0]!,
  severity: "warning",
  file: "a.ts",
  range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } },
  message: "m",
});

describe("baseline", () => {
  it("hides what the baseline accepted and counts what has been fixed since", () => {
    const baseline = baselineOf([finding("complexity:a.ts:f"), finding("complexity:a.ts:gone")], new Date(0));
    const result = applyBaseline([finding("complexity:a.ts:f"), finding("complexity:a.ts:new")], baseline);
    assert.deepEqual(result.fresh.map((f) => f.id), ["complexity:a.ts:new"]);
    assert.equal(result.hidden, 1);
    assert.equal(result.fixed, 1);
  });

  it("analyze --write-baseline, then --baseline reports only findings that are new", async function () {
    this.timeout(30_000);
    // Distinct bodies, so the two functions are not also duplicates of each other.
    const busy = (name: string) => `export function ${name}(a: number) {\n${Array.from({ length: 12 }, (_, i) => `  if (a > ${name.length * 100 + i}) {}\n`).join("")}}\n`;
    const dir = await tempDir({ "src/old.ts": busy("old") });
    try {
      const write = await runCli(["analyze", dir, "--perspective", "code-quality", "--write-baseline", "--fail-on", "warning"]);
      assert.equal(write.code, 0, "writing a baseline accepts the current findings");
      assert.match(write.stderr, /wrote 1 finding\(s\) to the baseline/);
      const stored = JSON.parse(await fs.readFile(path.join(dir, ".autocoder", "baseline.json"), "utf8"));
      assert.deepEqual(stored.findings.map((f: { id: string }) => f.id), ["complexity:src/old.ts:old"]);

      // Moving the old function down does not make it new: ids do not carry line numbers.
      await fs.writeFile(path.join(dir, "src/old.ts"), `// a comment\n\n${busy("old")}`);
      await fs.writeFile(path.join(dir, "src/new.ts"), busy("fresh"));
      const base = path.join(dir, ".autocoder", "baseline.json");
      const run = await runCli(["analyze", dir, "--perspective", "code-quality", "--baseline", base, "--format", "json", "--fail-on", "warning"]);
      assert.equal(run.code, 1, "the new finding fails the gate");
      assert.deepEqual(JSON.parse(run.stdout).findings.map((f: { id: string }) => f.id), ["complexity:src/new.ts:fresh"]);
      assert.match(run.stderr, /baseline: 1 known finding\(s\) hidden, 0 fixed/);

      await fs.writeFile(base, '{"version":1}');
      const bad = await runCli(["analyze", dir, "--baseline", base]);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /is not a baseline: .*created/);
      const missing = await runCli(["analyze", dir, "--baseline", path.join(dir, "nope.json")]);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /create it with --write-baseline/);
    } finally {
      await removeDir(dir);
    }
  });
});
