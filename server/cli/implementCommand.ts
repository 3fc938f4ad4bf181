import { modelFromSpec, parseModelSpec, runImplementationStage, workspaceChecks, type ModelSpec } from "../implementation";
import { IMPLEMENTATION_STAGES, type CodeChange, type ImplementationTask } from "../protocol";
import { analyseOnce } from "./oneShotAnalysis";
import { planOnce } from "./oneShotPlanning";
import { oneOf, parse, workspaceArgument } from "./options";
import { progressReporter } from "./progress";
import { EXIT, UsageError } from "./usageError";

export const IMPLEMENT_USAGE = "autocoder implement DIR (--finding ID | --plan ID) [--format json|patch] [--allow-execute] [--llm openai:<baseUrl>:<model> | hf:<model>]";

/**
 * All six stages at once for one task, as a user's request runs them. Exit 0 with the stage
 * records (json) or the checked code as one patch (patch); 1 when the task does not exist or
 * yields no code; 2 on usage.
 */
export async function implementCommand(args: string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const { values, positionals } = parse(args, { finding: { type: "string" }, plan: { type: "string" }, format: { type: "string" }, "allow-execute": { type: "boolean" }, llm: { type: "string" } }, true);
  const root = workspaceArgument(positionals, "implement");
  const format = oneOf(values.format, ["json", "patch"] as const, "json", "--format");
  if ((values.finding === undefined) === (values.plan === undefined)) throw new UsageError("implement needs exactly one of --finding ID or --plan ID");
  const task: ImplementationTask = values.finding !== undefined ? { kind: "finding", id: values.finding } : { kind: "plan", id: values.plan! };
  const model = values.llm === undefined ? null : modelClient(modelSpec(values.llm, process.env), process.env);
  const progress = progressReporter();
  const analysis = await analyseOnce(root, undefined, progress.update);
  const plans = task.kind === "plan" ? (await planOnce(analysis, progress.update)).plans : [];
  progress.done();
  if (task.kind === "finding" && !analysis.findings.some((f) => f.id === task.id)) {
    process.stderr.write(`finding ${task.id} not found: analysis produced ${analysis.findings.length} finding(s) for ${root}\n`);
    return EXIT.findings;
  }
  if (task.kind === "plan" && !plans.some((p) => p.id === task.id)) {
    process.stderr.write(`plan ${task.id} not found: test planning produced ${plans.length} plan(s) for ${root} (autocoder plan ${root} lists them)\n`);
    return EXIT.findings;
  }
  const input = { task, findings: analysis.findings, plans, files: analysis.parsed, checks: workspaceChecks(root, values["allow-execute"] === true, model) };
  const stages = [];
  for (const stage of IMPLEMENTATION_STAGES) stages.push({ stage_id: stage.id, stage_name: stage.name, ...(await runImplementationStage(stage, input)) });
  const changes: CodeChange[] = stages.flatMap((s) => s.codeChanges);
  if (format === "patch") {
    if (changes.length === 0) {
      process.stderr.write(`no code for ${task.kind} ${task.id}: ${stages[stages.length - 1]!.summary}\n`);
      return EXIT.findings;
    }
    out.write(changes.map((c) => c.diff).join(""));
    return EXIT.ok;
  }
  out.write(JSON.stringify({ task, stages: stages.map((s) => ({ stage_id: s.stage_id, stage_name: s.stage_name, summary: s.summary, notes: s.notes, code_changes: s.codeChanges, test_run: s.testRun })) }, null, 2) + "\n");
  return EXIT.ok;
}

/** The `--llm` spec, refused as a usage error when it is malformed or its token is not set. */
export function modelSpec(text: string, env: Readonly<Record<string, string | undefined>>): ModelSpec {
  const spec = usage(() => parseModelSpec(text));
  // Checked before any work starts, so a missing token is not found out an analysis later.
  usage(() => modelFromSpec(spec, env));
  return spec;
}

function modelClient(spec: ModelSpec, env: Readonly<Record<string, string | undefined>>) {
  return usage(() => modelFromSpec(spec, env));
}

function usage<T>(make: () => T): T {
  try {
    return make();
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}
