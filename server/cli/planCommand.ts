import { DEFAULT_MAX_PLANS } from "../planning";
import { planOnce } from "./oneShotPlanning";
import { analyseOnce } from "./oneShotAnalysis";
import { oneOf, parse, workspaceArgument } from "./options";
import { progressReporter } from "./progress";
import { EXIT, UsageError } from "./usageError";

export const PLAN_USAGE = "autocoder plan DIR [--format text|json] [--max-plans N]";

export async function planCommand(args: string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const { values, positionals } = parse(args, { format: { type: "string" }, "max-plans": { type: "string" } }, true);
  const root = workspaceArgument(positionals, "plan");
  const format = oneOf(values.format, ["text", "json"] as const, "text", "--format");
  const maxPlans = positiveInteger(values["max-plans"], DEFAULT_MAX_PLANS, "--max-plans");
  const progress = progressReporter();
  const started = performance.now();
  // Test planning feeds on the findings, as the rotation does.
  const analysis = await analyseOnce(root, undefined, progress.update);
  const { snapshot } = analysis;
  const { plans: all, insights, perspectives } = await planOnce(analysis, progress.update);
  progress.done();
  const plans = all.slice(0, maxPlans);
  const cases = plans.reduce((n, p) => n + p.cases.length, 0);
  const stats = { files: snapshot.files.length, bytes: snapshot.bytes, ms: Math.round(performance.now() - started), units: all.length, plans: plans.length, cases };
  const envelope = { plans, cumulative_insights: insights, stats, perspectives, skipped: snapshot.skipped };
  if (format === "json") {
    out.write(JSON.stringify(envelope, null, 2) + "\n");
  } else {
    const lines = envelope.plans.map((p) => `${p.unit.file}  ${p.unit.name}  risk ${p.risk}  ${p.cases.length} case(s)  → ${p.target.path} (${p.framework})`);
    for (const p of perspectives) lines.push(`${p.name}: ${p.summary}`);
    const i = insights;
    lines.push(
      `Insights: ${i.failure_modes_identified.count} failure mode(s), ${i.integration_points_found.count} integration point(s), ${i.edge_cases_discovered.count} edge case(s).`,
      `${plans.length} plan(s)${all.length > plans.length ? ` (the riskiest of ${all.length})` : ""}, ${cases} case(s), for ${stats.files} file(s) in ${stats.ms} ms.`,
    );
    out.write(lines.join("\n") + "\n");
  }
  return EXIT.ok;
}

function positiveInteger(value: string | undefined, fallback: number, flag: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a whole number of at least 1, not "${value}"`);
  return n;
}
