import type { CodeChange, Finding, GeneratedTestRun, ImplementationTask, StepInfo, TestPlan } from "../protocol";
import type { ParsedFile } from "../workspace";
import { approachEvaluation } from "./stages/approachEvaluation";
import { architecturalAnalysis } from "./stages/architecturalAnalysis";
import { deepUnderstanding } from "./stages/deepUnderstanding";
import { implementationPlan } from "./stages/implementationPlan";
import { riskAnalysis } from "./stages/riskAnalysis";
import { testingStrategy } from "./stages/testingStrategy";
import { taskContext, type StageOutput, type TaskContext } from "./taskContext";
import type { WorkspaceChecks } from "./workspaceChecks";

export { nextTask, taskKey } from "./taskQueue";
export { taskScope } from "./taskContext";
export { unifiedDiff } from "./unifiedDiff";
export { workspaceChecks, type WorkspaceChecks } from "./workspaceChecks";
export { parseModelSpec, type ModelSpec } from "./model/modelSpec";
export { openAiModel, type ModelClient } from "./model/modelClient";
export { hfInferenceModel } from "./model/hfInferenceModel";
export { modelClientFor, modelFromSpec } from "./model/modelFromSpec";

export interface StageInput {
  task: ImplementationTask | null;
  findings: readonly Finding[];
  plans: readonly TestPlan[];
  files: readonly ParsedFile[];
  /** The workspace on disk, for the checks stage 6 runs; without it code is only parsed. */
  checks?: WorkspaceChecks | null;
}

export interface StageResult {
  status: "ok";
  summary: string;
  notes: string[];
  codeChanges: CodeChange[];
  /** Stage 6 of a plan task: the generated tests' first run, or why they did not run; null otherwise. */
  testRun: GeneratedTestRun | null;
}

const STAGES: Readonly<Record<string, (ctx: TaskContext, checks: WorkspaceChecks | null) => StageOutput | Promise<StageOutput>>> = {
  "deep-understanding": deepUnderstanding,
  "architectural-analysis": architecturalAnalysis,
  "approach-evaluation": approachEvaluation,
  "risk-analysis": riskAnalysis,
  "testing-strategy": testingStrategy,
  "implementation-plan": implementationPlan,
};

/** Runs one implementation stage on the task; without a task, or with one that is gone, says so. */
export async function runImplementationStage(stage: StepInfo, input: StageInput): Promise<StageResult> {
  const run = STAGES[stage.id];
  if (!run) throw new Error(`Unknown implementation stage "${stage.id}".`);
  if (!input.task) return { status: "ok", summary: `${stage.name}: no task yet — no findings or test plans to work from.`, notes: [], codeChanges: [], testRun: null };
  const checks = input.checks ?? null;
  const ctx = taskContext({ task: input.task, findings: input.findings, plans: input.plans, files: input.files, allowExecute: checks?.allowExecute ?? false });
  if ("problem" in ctx) return { status: "ok", summary: `${stage.name}: skipped, ${ctx.problem}.`, notes: [], codeChanges: [], testRun: null };
  const out = await run(ctx, checks);
  return { status: "ok", summary: `${stage.name}: ${out.summary}`, notes: out.notes, codeChanges: out.codeChanges, testRun: out.testRun ?? null };
}
