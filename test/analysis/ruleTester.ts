import { createHash } from "node:crypto";
import { DEFAULT_ANALYSIS_CONFIG, type AnalysisConfig } from "../../server/analysis";
import type { FileRule } from "../../server/analysis/rule";
import { runFileRules } from "../../server/analysis/runRules";
import type { Finding } from "../../server/protocol";
import { parseFile } from "../../server/workspace";

/** Runs one rule on one in-memory file, as the engine would (ids, ranges, suppressions). */
export function check(
  rule: FileRule,
  text: string,
  options: { file?: string; config?: Partial<AnalysisConfig["thresholds"]> } = {},
): Finding[] {
  const path = options.file ?? "src/fixture.ts";
  const parsed = parseFile({ path, size: Buffer.byteLength(text), mtimeMs: 0, hash: createHash("sha256").update(text).digest("hex"), text });
  const config: AnalysisConfig = { ...DEFAULT_ANALYSIS_CONFIG, thresholds: { ...DEFAULT_ANALYSIS_CONFIG.thresholds, ...options.config } };
  const run = runFileRules([rule], [parsed], config);
  if (run.skipped.length) throw new Error(run.skipped[0]!.reason);
  return run.findings;
}
