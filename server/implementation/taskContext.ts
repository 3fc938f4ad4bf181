import type { CodeChange, Finding, GeneratedTestRun, ImplementationTask, TestPlan } from "../protocol";
import type { ParsedFile } from "../workspace";
import { moduleGraph } from "../analysis/facts/moduleGraph";
import { isTestFile } from "../analysis/rules/testCoverage/untestedExport";
import { unitsOf, type Unit } from "../planning";

/** Everything the six stages read about one task, resolved once. */
export interface TaskContext {
  task: ImplementationTask;
  /** The finding or the plan the task names. */
  finding: Finding | null;
  plan: TestPlan | null;
  file: ParsedFile;
  /** The unit the plan is for, or the unit that contains the finding. */
  unit: Unit | null;
  /** Modules the target file imports, and the modules that import it. */
  callees: string[];
  callers: string[];
  /** Every module that depends on the target, directly or not. */
  dependents: string[];
  /** Test files that import the target or one of its dependents. */
  tests: string[];
  /** Other findings in the same file. */
  related: Finding[];
  files: readonly ParsedFile[];
  /** Whether the user allowed running workspace code (characterization, running the generated tests). */
  allowExecute: boolean;
}

export interface TaskInput {
  task: ImplementationTask;
  findings: readonly Finding[];
  plans: readonly TestPlan[];
  files: readonly ParsedFile[];
  allowExecute?: boolean;
}

/**
 * What a task's stages read of the latest results: its finding or plan, and the findings in the
 * same file. Only this crosses to the thread the stages run on, not every finding and plan.
 */
export function taskScope(task: ImplementationTask | null, findings: readonly Finding[], plans: readonly TestPlan[]): { findings: Finding[]; plans: TestPlan[] } {
  if (!task) return { findings: [], plans: [] };
  const plan = task.kind === "plan" ? plans.find((p) => p.id === task.id) : undefined;
  const file = task.kind === "finding" ? findings.find((f) => f.id === task.id)?.file : plan?.unit.file;
  return { findings: file === undefined ? [] : findings.filter((f) => f.file === file), plans: plan ? [plan] : [] };
}

/** Pure: the task's context, or the reason it cannot be worked on. */
export function taskContext(input: TaskInput): TaskContext | { problem: string } {
  const { task } = input;
  const finding = task.kind === "finding" ? (input.findings.find((f) => f.id === task.id) ?? null) : null;
  const plan = task.kind === "plan" ? (input.plans.find((p) => p.id === task.id) ?? null) : null;
  if (!finding && !plan) return { problem: `${task.kind} ${task.id} is not among the latest ${task.kind === "finding" ? "findings" : "test plans"}` };
  const path = finding?.file ?? plan!.unit.file;
  const file = input.files.find((f) => f.file.path === path);
  if (!file) return { problem: `${path} is no longer in the workspace` };
  const units = unitsOf(file);
  const unit = plan
    ? (units.find((u) => `plan:${u.id}` === plan.id) ?? null)
    : (units.find((u) => {
        const first = file.position(u.start).line;
        const last = file.position(u.end).line;
        return u.kind !== "class" && finding!.range.start.line >= first && finding!.range.start.line <= last;
      }) ?? null);
  const graph = moduleGraph(input.files);
  const runtime = graph.edges.filter((e) => !e.fact.typeOnly);
  const callees = [...new Set(runtime.filter((e) => e.from === path).map((e) => e.to))].sort();
  const callers = [...new Set(runtime.filter((e) => e.to === path).map((e) => e.from))].filter((m) => !isTestFile(m)).sort();
  const importers = new Map<string, string[]>();
  for (const e of runtime) (importers.get(e.to) ?? importers.set(e.to, []).get(e.to)!).push(e.from);
  const seen = new Set<string>([path]);
  const queue = [path];
  while (queue.length) for (const m of importers.get(queue.shift()!) ?? []) if (!seen.has(m)) seen.add(m), queue.push(m);
  seen.delete(path);
  const all = [...seen].sort();
  return {
    task,
    finding,
    plan,
    file,
    unit,
    callees,
    callers,
    dependents: all.filter((m) => !isTestFile(m)),
    tests: all.filter(isTestFile),
    related: input.findings.filter((f) => f.file === path && f.id !== finding?.id),
    files: input.files,
    allowExecute: input.allowExecute ?? false,
  };
}

/** One stage's output: what the record's summary, notes and code carry. */
export interface StageOutput {
  summary: string;
  notes: string[];
  codeChanges: CodeChange[];
  /** Stage 6 of a plan task: the generated tests' first run, or why they did not run. */
  testRun?: GeneratedTestRun | null;
}
