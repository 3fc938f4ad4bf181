import { strict as assert } from "node:assert";
import { toSarif } from "../../server/analysis/sarif";
import type { Finding } from "../../server/protocol";

const finding: Finding = {
  id: "security/eval:src/a b.ts:run",
  perspective: "security",
  rule: "no-eval",
  severity: "error",
  file: "src/a b.ts",
  range: { start: { line: 3, column: 5 }, end: { line: 3, column: 20 } },
  message: "eval of request data",
  suggestion: "parse the JSON instead",
  fix: { edits: [{ range: { start: { line: 3, column: 5 }, end: { line: 3, column: 9 } }, newText: "JSON.parse" }] },
  data: { sink: "eval" },
};

describe("toSarif", () => {
  it("maps a finding to a result with rule, level, location, fingerprint and fix", () => {
    const log = toSarif({ version: "9.9.9", findings: [finding], notRun: [] }) as any;
    const run = log.runs[0];
    assert.equal(log.version, "2.1.0");
    assert.deepEqual(run.tool.driver.rules.map((r: { id: string }) => r.id), ["no-eval"]);
    const result = run.results[0];
    assert.equal(result.ruleId, "no-eval");
    assert.equal(result.ruleIndex, 0);
    assert.equal(result.level, "error");
    assert.equal(result.partialFingerprints.autocoderId, finding.id);
    const loc = result.locations[0].physicalLocation;
    assert.equal(loc.artifactLocation.uri, "src/a%20b.ts");
    assert.deepEqual(loc.region, { startLine: 3, startColumn: 5, endLine: 3, endColumn: 20 });
    const replacement = result.fixes[0].artifactChanges[0].replacements[0];
    assert.equal(replacement.insertedContent.text, "JSON.parse");
    assert.equal(run.invocations[0].executionSuccessful, true);
  });

  it("maps info to SARIF's note level", () => {
    const log = toSarif({ version: "1", findings: [{ ...finding, severity: "info", fix: undefined }], notRun: [] }) as any;
    assert.equal(log.runs[0].results[0].level, "note");
    assert.equal(log.runs[0].results[0].fixes, undefined);
  });
});
