import type { Finding, Severity, SkippedFile, StepInfo, WorkspaceConfig } from "../protocol";
import type { AuditOutcome, CoverageReportText, ParsedFile, WorkspaceSnapshot } from "../workspace";
import { DEFAULT_ANALYSIS_CONFIG, analysisConfigFrom, type AnalysisConfig } from "./analysisConfig";
import { moduleGraphView, type ModuleGraphShape } from "./moduleGraphView";
import { PERSPECTIVE_RULES } from "./perspectives";
import { runRules } from "./runRules";

export { DEFAULT_ANALYSIS_CONFIG, type AnalysisConfig } from "./analysisConfig";
export { moduleGraphView, type ModuleGraphShape } from "./moduleGraphView";

/** Every analysis rule id, for validating a config that names rules. */
export { PERSPECTIVE_RULES };

export const RULE_IDS: readonly string[] = [...new Set(Object.values(PERSPECTIVE_RULES).flatMap((p) => p?.rules.map((r) => r.id) ?? []))];

/** The analysis settings of a workspace config (defaults where it is silent). */
export function analysisConfigFor(config: WorkspaceConfig): AnalysisConfig {
  return analysisConfigFrom(config, RULE_IDS);
}

export interface AnalysisInput {
  snapshot: WorkspaceSnapshot;
  /** The snapshot's files, parsed once (ParseCache) and shared by every perspective. */
  parsed: readonly ParsedFile[];
  config?: AnalysisConfig;
  /** Coverage reports the worker layer found (lcov, istanbul JSON, Cobertura). */
  coverageReports?: readonly CoverageReportText[];
  /** npm audit outcomes per lockfile, when the worker layer ran it. */
  audits?: readonly AuditOutcome[];
}

export interface AnalysisResult {
  status: "ok" | "not_implemented";
  summary: string;
  findings: Finding[];
  skipped: SkippedFile[];
  /** The architecture perspective's import graph, for the dashboard's picture (not stored in the record). */
  graph?: ModuleGraphShape;
}

/** Runs one analysis perspective: its rules over the parsed files. Pure apart from per-version caches. */
export function runAnalysisPerspective(perspective: StepInfo, input: AnalysisInput): AnalysisResult {
  const entry = PERSPECTIVE_RULES[perspective.id];
  if (!entry) {
    return {
      status: "not_implemented",
      summary: `The ${perspective.name} perspective is not implemented yet (issue #3), so no findings were produced.`,
      findings: [],
      skipped: [],
    };
  }
  const run = runRules(entry.rules, input.parsed, input.config ?? DEFAULT_ANALYSIS_CONFIG, {
    root: input.snapshot.root,
    coverageReports: input.coverageReports ?? [],
    audits: input.audits ?? [],
  });
  const analysed = input.parsed.filter((p) => entry.rules.some((r) => r.languages.includes(p.language))).length;
  const pending = entry.pending.length ? ` Not checked yet: ${entry.pending.join(", ")} (issue #3).` : "";
  const failed = run.skipped.length ? ` ${run.skipped.length} file(s) could not be checked by every rule.` : "";
  return {
    status: "ok",
    summary: `${perspective.name}: ${describeFindings(run.findings)} in ${analysed} file(s).${failed}${pending}`,
    findings: run.findings,
    skipped: run.skipped,
    ...(perspective.id === "architecture" ? { graph: moduleGraphView(input.parsed, input.config ?? DEFAULT_ANALYSIS_CONFIG) } : {}),
  };
}

export function describeFindings(findings: readonly Finding[]): string {
  if (findings.length === 0) return "no findings";
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  const parts = (["error", "warning", "info"] as const).filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}${counts[s] > 1 && s !== "info" ? "s" : ""}`);
  return `${findings.length} finding${findings.length > 1 ? "s" : ""} (${parts.join(", ")})`;
}
