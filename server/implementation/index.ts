import type { CodeChange, ImplementationTask, StepInfo } from "../protocol";
import type { WorkspaceSnapshot } from "../workspace";

export { nextTask } from "./taskQueue";

export interface StageInput {
  snapshot: WorkspaceSnapshot;
  task: ImplementationTask | null;
}

export interface StageResult {
  status: "ok" | "not_implemented";
  summary: string;
  notes: string[];
  codeChanges: CodeChange[];
}

/** Runs one implementation stage. None has landed yet (issue #5): the record says so. */
export function runImplementationStage(stage: StepInfo, input: StageInput): StageResult {
  const task = input.task
    ? `the next task would be ${input.task.kind} ${input.task.id}`
    : "there is no task yet (no findings or test plans to work from)";
  return {
    status: "not_implemented",
    summary: `The ${stage.name} stage is not implemented yet (issue #5); ${task}.`,
    notes: [],
    codeChanges: [],
  };
}
