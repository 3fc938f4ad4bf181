import { createHash } from "node:crypto";
import { DEFAULT_ANALYSIS_CONFIG, type AnalysisConfig } from "../../server/analysis";
import type { FileRule, WorkspaceRule } from "../../server/analysis/rule";
import { runFileRules, runRules } from "../../server/analysis/runRules";
import type { Finding } from "../../server/protocol";
import { parseFile } from "../../server/workspace";

/** Runs one rule on one in-memory file, as the engine would (ids, ranges, suppressions). */
function inMemory(path: string, text: string) {
  return parseFile({ path, size: Buffer.byteLength(text), mtimeMs: 0, hash: createHash("sha256").update(text).digest("hex"), text });
}

function configWith(thresholds: Partial<AnalysisConfig["thresholds"]> = {}): AnalysisConfig {
  return { ...DEFAULT_ANALYSIS_CONFIG, thresholds: { ...DEFAULT_ANALYSIS_CONFIG.thresholds, ...thresholds } };
}

/** Runs a cross-file rule on in-memory files (path → text). */
export function checkWorkspace(rule: WorkspaceRule, files: Record<string, string>, thresholds?: Partial<AnalysisConfig["thresholds"]>): Finding[] {
  const run = runRules([rule], Object.entries(files).map(([path, text]) => inMemory(path, text)), configWith(thresholds));
  if (run.skipped.length) throw new Error(run.skipped[0]!.reason);
  return run.findings;
}

export function check(
  rule: FileRule,
  text: string,
  options: { file?: string; config?: Partial<AnalysisConfig["thresholds"]> } = {},
): Finding[] {
  const run = runFileRules([rule], [inMemory(options.file ?? "src/fixture.ts", text)], configWith(options.config));
  if (run.skipped.length) throw new Error(run.skipped[0]!.reason);
  return run.findings;
}
