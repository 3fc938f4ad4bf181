import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import Ajv from "ajv-draft-04";
import { toSarif } from "../../server/analysis/sarif";
import { runCli } from "../support/serverProcess";
import { removeDir, tempDir } from "../support/tempDir";

// The official SARIF 2.1.0 schema (rtm.5), as shipped by Microsoft's @microsoft/jest-sarif.
const schema = JSON.parse(
  readFileSync(path.join(path.dirname(require.resolve("@microsoft/jest-sarif/package.json")), "lib", "schemas", "sarif-2.1.0-rtm.5.json"), "utf8"),
) as object;

function validate(log: unknown): string[] {
  // The schema's `language` pattern has a stray "]" that only the `u` flag rejects.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  const check = ajv.compile(schema);
  return check(log) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

describe("SARIF output validates against the official 2.1.0 schema", function () {
  this.timeout(30_000);

  it("for a real analyze run with findings from several perspectives", async () => {
    const dir = await tempDir({
      "src/busy.ts": `export function busy(a: number) {\n${"  if (a) {}\n".repeat(12)}}\n// TODO: split\n`,
      "src/run.ts": 'import { exec } from "node:child_process";\nexport const run = (c: string) => exec(`sh ${c}`);\n',
      "tool.py": "import pickle\ndef load(b):\n    return pickle.loads(b)\n",
    });
    try {
      const run = await runCli(["analyze", dir, "--format", "sarif"]);
      assert.equal(run.code, 0, run.stderr);
      const log = JSON.parse(run.stdout);
      assert.ok(log.runs[0].results.length >= 4);
      assert.deepEqual(validate(log), []);
    } finally {
      await removeDir(dir);
    }
  });

  it("for results carrying fixes, and for perspectives that could not run", () => {
    const log = toSarif({
      version: "1.0.0",
      findings: [
        {
          id: "x:a.py:f",
          perspective: "security",
          rule: "unsafe-deserialization",
          severity: "error",
          file: "a b/a.py",
          range: { start: { line: 3, column: 5 }, end: { line: 3, column: 14 } },
          message: "yaml.load without a safe loader",
          suggestion: "use yaml.safe_load",
          fix: { edits: [{ range: { start: { line: 3, column: 5 }, end: { line: 3, column: 14 } }, newText: "yaml.safe_load" }] },
          data: { call: "yaml.load" },
        },
      ],
      notRun: [{ perspective: { id: "test-coverage", name: "Test Coverage" }, reason: "could not run" }],
    });
    assert.deepEqual(validate(log), []);
  });

  it("and the validator does reject a broken log", () => {
    assert.notDeepEqual(validate({ version: "2.1.0", runs: [{ tool: {} }] }), []);
  });
});
