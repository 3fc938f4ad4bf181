import { toSarif } from "../analysis/sarif";
import * as path from "node:path";
import { VERSION } from "../app";
import { ANALYSIS_PERSPECTIVES, type Finding, type Severity, type StepInfo } from "../protocol";
import { analyseOnce, type PerspectiveRun } from "./oneShotAnalysis";
import { DEFAULT_BASELINE, applyBaseline, baselineOf, readBaseline, writeBaseline } from "./baseline";
import { oneOf, parse, workspaceArgument } from "./options";
import { progressReporter } from "./progress";
import { EXIT, UsageError } from "./usageError";

export const ANALYZE_USAGE =
  "autocoder analyze DIR [--format text|json|sarif] [--perspective a,b] [--fail-on error|warning|never] [--baseline FILE] [--write-baseline]";

const SEVERITY_ORDER: Record<Severity, number> = { info: 0, warning: 1, error: 2 };


export async function analyzeCommand(args: string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      format: { type: "string" },
      perspective: { type: "string" },
      "fail-on": { type: "string" },
      baseline: { type: "string" },
      "write-baseline": { type: "boolean" },
    },
    true,
  );
  const root = workspaceArgument(positionals, "analyze");
  const format = oneOf(values.format, ["text", "json", "sarif"] as const, "text", "--format");
  const failOn = oneOf(values["fail-on"], ["error", "warning", "never"] as const, "never", "--fail-on");
  const perspectives = selectPerspectives(values.perspective);
  const baselineFile = path.resolve(root, values.baseline ?? DEFAULT_BASELINE);
  const baseline = values.baseline !== undefined && !values["write-baseline"] ? await readBaseline(baselineFile) : null;

  const progress = progressReporter();
  const started = performance.now();
  const { snapshot, findings: all, skipped, perspectives: runs } = await analyseOnce(root, perspectives, progress.update);
  progress.done();
  if (values["write-baseline"]) {
    await writeBaseline(baselineFile, baselineOf(all, new Date()));
    process.stderr.write(`wrote ${all.length} finding(s) to the baseline ${path.relative(process.cwd(), baselineFile) || baselineFile}\n`);
  }
  const applied = baseline ? applyBaseline(all, baseline) : null;
  const findings = applied ? applied.fresh : all;
  if (applied) process.stderr.write(`baseline: ${applied.hidden} known finding(s) hidden, ${applied.fixed} fixed since it was written\n`);
  const stats = {
    files: snapshot.files.length,
    bytes: snapshot.bytes,
    ms: Math.round(performance.now() - started),
    perPerspectiveMs: Object.fromEntries(runs.map((r) => [r.id, r.ms])),
  };
  const notRun = runs.filter((r) => r.status !== "ok");

  if (format === "json") {
    out.write(JSON.stringify({ findings, skipped, stats, perspectives: runs }, null, 2) + "\n");
  } else if (format === "sarif") {
    const notRunInfo = notRun.map((r) => ({ perspective: { id: r.id, name: r.name }, reason: r.summary }));
    out.write(JSON.stringify(toSarif({ version: VERSION, findings, notRun: notRunInfo }), null, 2) + "\n");
  } else {
    out.write(renderText(findings, runs, skipped.length, stats));
  }

  if (failOn === "never" || values["write-baseline"]) return EXIT.ok;
  if (notRun.length > 0) {
    process.stderr.write(
      `--fail-on ${failOn}: cannot vouch for this workspace, ${notRun.length} perspective(s) did not run: ${notRun.map((r) => r.name).join(", ")}\n`,
    );
    return EXIT.findings;
  }
  const threshold = SEVERITY_ORDER[failOn];
  return findings.some((f) => SEVERITY_ORDER[f.severity] >= threshold) ? EXIT.findings : EXIT.ok;
}

function selectPerspectives(list: string | undefined): readonly StepInfo[] {
  if (list === undefined) return ANALYSIS_PERSPECTIVES;
  const ids = list.split(",").map((s) => s.trim()).filter(Boolean);
  if (ids.length === 0) throw new UsageError("--perspective needs at least one name");
  return ids.map((id) => {
    const found = ANALYSIS_PERSPECTIVES.find((p) => p.id === id);
    if (!found) throw new UsageError(`unknown perspective "${id}"; choose from ${ANALYSIS_PERSPECTIVES.map((p) => p.id).join(", ")}`);
    return found;
  });
}

function renderText(findings: Finding[], runs: PerspectiveRun[], skipped: number, stats: { files: number; bytes: number; ms: number }): string {
  const sorted = [...findings].sort(
    (a, b) => a.file.localeCompare(b.file) || a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column,
  );
  const lines = sorted.map(
    (f) => `${f.file}:${f.range.start.line}:${f.range.start.column}  ${f.severity}  ${f.message}  [${f.rule}]`,
  );
  for (const run of runs) if (run.status !== "ok") lines.push(`${run.name}: ${run.summary}`);
  lines.push(
    `${findings.length} finding(s) in ${stats.files} file(s), ${skipped} skipped, ${stats.ms} ms; ${runs.length - runs.filter((r) => r.status !== "ok").length} of ${runs.length} perspective(s) ran.`,
  );
  return lines.join("\n") + "\n";
}
