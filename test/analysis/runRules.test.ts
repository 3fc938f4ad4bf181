import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { DEFAULT_ANALYSIS_CONFIG, type AnalysisConfig } from "../../server/analysis";
import type { FileRule, RuleExtras, WorkspaceRule } from "../../server/analysis/rule";
import { runRules } from "../../server/analysis/runRules";
import { parseFile, type ParsedFile } from "../../server/workspace";

const version = (path: string, text: string) => parseFile({ path, size: text.length, mtimeMs: 0, hash: createHash("sha256").update(text).digest("hex"), text });
const EXTRAS: RuleExtras = { root: "/ws", coverageReports: [], audits: [] };

/** A workspace rule that reports the first line of every file and counts its runs. */
function countingRule(): WorkspaceRule & { runs: number } {
  const rule = {
    id: "first-line",
    perspective: "code-quality",
    description: "test rule",
    languages: ["typescript", "javascript", "python", "other"] as const,
    runs: 0,
    checkWorkspace(files: readonly ParsedFile[], config: AnalysisConfig, extras: RuleExtras) {
      rule.runs++;
      return files.map((file) => ({
        file,
        report: { anchor: "first", start: 0, end: 1, severity: "info" as const, message: `${file.file.text.split("\n")[0]} (${config.thresholds.fanIn}, ${extras.coverageReports.length})` },
      }));
    },
  };
  return rule;
}

describe("runRules: what a re-run reuses", () => {
  it("runs a workspace rule again only when a file version, the config or the extras changed", () => {
    const rule = countingRule();
    const a = version("a.ts", "const a = 1;\n");
    const b = version("b.ts", "const b = 2;\n");
    const first = runRules([rule], [a, b], DEFAULT_ANALYSIS_CONFIG, EXTRAS);
    assert.equal(rule.runs, 1);
    assert.deepEqual(runRules([rule], [a, b], DEFAULT_ANALYSIS_CONFIG, { ...EXTRAS, coverageReports: [] }).findings, first.findings, "same versions, an equal config and equal extras");
    assert.equal(rule.runs, 1, "nothing changed: not run again");

    const b2 = version("b.ts", "const b = 3;\n");
    const edited = runRules([rule], [a, b2], DEFAULT_ANALYSIS_CONFIG, EXTRAS);
    assert.equal(rule.runs, 2, "a new version of one file");
    assert.deepEqual(edited.findings.map((f) => f.message), ["const a = 1; (20, 0)", "const b = 3; (20, 0)"]);

    const config = { ...DEFAULT_ANALYSIS_CONFIG, thresholds: { ...DEFAULT_ANALYSIS_CONFIG.thresholds, fanIn: 3 } };
    assert.deepEqual(runRules([rule], [a, b2], config, EXTRAS).findings.map((f) => f.message), ["const a = 1; (3, 0)", "const b = 3; (3, 0)"]);
    assert.equal(rule.runs, 3, "another config");

    const report = { path: "coverage/lcov.info", mtimeMs: 5, text: "SF:a.ts\nend_of_record\n" };
    runRules([rule], [a, b2], config, { ...EXTRAS, coverageReports: [report] });
    assert.equal(rule.runs, 4, "a coverage report appeared");
    runRules([rule], [a, b2], config, { ...EXTRAS, coverageReports: [{ ...report }] });
    assert.equal(rule.runs, 4, "the same report, read again");
    runRules([rule], [a, b2], config, { ...EXTRAS, coverageReports: [{ ...report, text: "SF:b.ts\nend_of_record\n" }] });
    assert.equal(rule.runs, 5, "the report's text changed under the same time stamp");

    runRules([rule], [b2, a], config, { ...EXTRAS, coverageReports: [{ ...report, text: "SF:b.ts\nend_of_record\n" }] });
    assert.equal(rule.runs, 6, "the same versions in another order");
  });

  it("keeps reporting a workspace rule's failure while nothing changed", () => {
    let runs = 0;
    const failing: WorkspaceRule = {
      id: "failing",
      perspective: "code-quality",
      description: "test rule",
      languages: ["typescript"],
      checkWorkspace() {
        runs++;
        throw new Error("boom");
      },
    };
    const files = [version("a.ts", "x;\n")];
    for (let i = 0; i < 2; i++) {
      const run = runRules([failing], files, DEFAULT_ANALYSIS_CONFIG);
      assert.deepEqual(run.skipped, [{ file: "*", reason: "rule failing failed on the workspace: boom" }]);
      assert.deepEqual(run.findings, []);
    }
    assert.equal(runs, 1);
  });

  it("checks a file version once per config, for as many configs as are in use", () => {
    let checks = 0;
    const rule: FileRule = {
      id: "every-file",
      perspective: "code-quality",
      description: "test rule",
      languages: ["typescript"],
      check: ({ config }) => {
        checks++;
        return [{ anchor: "f", start: 0, end: 1, severity: "info", message: `limit ${config.thresholds.complexity}` }];
      },
    };
    const files = [version("a.ts", "x;\n"), version("b.ts", "y;\n")];
    const strict = { ...DEFAULT_ANALYSIS_CONFIG, thresholds: { ...DEFAULT_ANALYSIS_CONFIG.thresholds, complexity: 5 } };
    for (const config of [DEFAULT_ANALYSIS_CONFIG, strict, DEFAULT_ANALYSIS_CONFIG, strict]) {
      const run = runRules([rule], files, config);
      assert.deepEqual(run.findings.map((f) => f.message), [`limit ${config.thresholds.complexity}`, `limit ${config.thresholds.complexity}`]);
    }
    assert.equal(checks, 4, "two files under two configs");
  });
});
