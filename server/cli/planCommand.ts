import { runPlanningPerspective } from "../planning";
import { TEST_PLANNING_PERSPECTIVES, emptyInsights, type TestPlan } from "../protocol";
import { analyseOnce } from "./oneShotAnalysis";
import { oneOf, parse, workspaceArgument } from "./options";
import { progressReporter } from "./progress";
import { EXIT } from "./usageError";

export const PLAN_USAGE = "autocoder plan DIR [--format text|json]";

export async function planCommand(args: string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const { values, positionals } = parse(args, { format: { type: "string" } }, true);
  const root = workspaceArgument(positionals, "plan");
  const format = oneOf(values.format, ["text", "json"] as const, "text", "--format");
  const progress = progressReporter();
  const started = performance.now();
  // Test planning feeds on the findings, as the rotation does.
  const { snapshot, findings } = await analyseOnce(root, undefined, progress.update);
  let insights = emptyInsights();
  const plans = new Map<string, TestPlan>();
  const perspectives = [];
  for (const [i, perspective] of TEST_PLANNING_PERSPECTIVES.entries()) {
    progress.update(`${perspective.name} (${i + 1}/${TEST_PLANNING_PERSPECTIVES.length})`);
    const result = runPlanningPerspective(perspective, { snapshot, findings, previousInsights: insights });
    insights = result.insights;
    for (const plan of result.plans) plans.set(plan.id, plan);
    perspectives.push({ id: perspective.id, name: perspective.name, status: result.status, summary: result.summary });
  }
  progress.done();
  const stats = { files: snapshot.files.length, bytes: snapshot.bytes, ms: Math.round(performance.now() - started) };
  const envelope = { plans: [...plans.values()], cumulative_insights: insights, stats, perspectives, skipped: snapshot.skipped };
  if (format === "json") {
    out.write(JSON.stringify(envelope, null, 2) + "\n");
  } else {
    const lines = envelope.plans.map((p) => `${p.unit.file}  ${p.unit.name}  risk ${p.risk}  ${p.cases.length} case(s)`);
    for (const p of perspectives) if (p.status !== "ok") lines.push(`${p.name}: ${p.summary}`);
    const ran = perspectives.filter((p) => p.status === "ok").length;
    lines.push(`${envelope.plans.length} plan(s) for ${stats.files} file(s), ${stats.ms} ms; ${ran} of ${perspectives.length} perspective(s) ran.`);
    out.write(lines.join("\n") + "\n");
  }
  return EXIT.ok;
}
