import { analysisConfigFor, runAnalysisPerspective } from "../analysis";
import { ANALYSIS_PERSPECTIVES, type Finding, type SkippedFile, type StepInfo } from "../protocol";
import { ParseCache, WorkspaceReader, loadPythonParser, pythonParserProblem, readCoverageReports, readWorkspaceConfig, type ParsedFile, type WorkspaceSnapshot } from "../workspace";
import { UsageError } from "./usageError";
import { AdvisoryChecks } from "../workers";

export interface PerspectiveRun {
  id: string;
  name: string;
  status: "ok" | "not_implemented";
  summary: string;
  ms: number;
}

export interface OneShotAnalysis {
  snapshot: WorkspaceSnapshot;
  /** Every file parsed once: test planning reads the same trees. */
  parsed: ParsedFile[];
  findings: Finding[];
  /** The scan's skips and the files a rule failed on. */
  skipped: SkippedFile[];
  perspectives: PerspectiveRun[];
}

/** Reads, parses and analyses a workspace once, as the analysis rotation would over six iterations. */
export async function analyseOnce(
  root: string,
  perspectives: readonly StepInfo[] = ANALYSIS_PERSPECTIVES,
  progress: (text: string) => void = () => {},
): Promise<OneShotAnalysis> {
  progress("reading workspace…");
  let workspaceConfig;
  let config;
  try {
    workspaceConfig = await readWorkspaceConfig(root);
    config = analysisConfigFor(workspaceConfig);
  } catch (err) {
    // A config the user must fix is a usage error: exit 2 with the one-line reason.
    throw new UsageError((err as Error).message);
  }
  const snapshot = await new WorkspaceReader(root).scan(undefined, workspaceConfig.ignore ?? []);
  const coverage = await readCoverageReports(snapshot.root);
  const total = snapshot.files.length;
  progress(`parsing ${total} files…`);
  await loadPythonParser();
  const parsed = new ParseCache().all(snapshot.files);
  const findings: Finding[] = [];
  const skipped = [...snapshot.skipped, ...coverage.problems.map((reason) => ({ file: "coverage", reason }))];
  const python = pythonParserProblem();
  if (python && snapshot.files.some((f) => f.path.endsWith(".py"))) skipped.push({ file: "*.py", reason: `${python}; Python files get file-level checks only` });
  const runs: PerspectiveRun[] = [];
  const audits = perspectives.some((p) => p.id === "dependencies") ? await new AdvisoryChecks().check(snapshot, parsed) : [];
  for (const [i, perspective] of perspectives.entries()) {
    progress(`${total}/${total} files · ${perspective.name} (${i + 1}/${perspectives.length})`);
    const started = performance.now();
    const result = runAnalysisPerspective(perspective, { snapshot, parsed, config, coverageReports: coverage.reports, audits });
    findings.push(...result.findings);
    skipped.push(...result.skipped);
    runs.push({
      id: perspective.id,
      name: perspective.name,
      status: result.status,
      summary: result.summary,
      ms: Math.round(performance.now() - started),
    });
  }
  return { snapshot, parsed, findings, skipped, perspectives: runs };
}
