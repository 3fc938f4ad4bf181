import type { TestPlan } from "../protocol";
import type { ModelClient } from "./model/modelClient";
import { characterize, type Characterization } from "./characterization/characterize";
import { runTestFile, type TestRun } from "./testRun/runTestFile";
import { typeCheck, type TypeCheck } from "./typeCheck";

/**
 * What stage 6 may do to the workspace to check code before offering it. Running workspace
 * code (characterization, running the generated tests) happens only when `allowExecute` is set:
 * `--allow-execute` on the CLI and `serve`, Workspace Trust in the extension.
 */
export interface WorkspaceChecks {
  root: string;
  allowExecute: boolean;
  characterize(plan: TestPlan): Promise<Characterization>;
  runTests(file: { path: string; code: string; framework: TestPlan["framework"] }): Promise<TestRun>;
  /** Type-checks a file's new text with the project's tsconfig; reads the disk, runs nothing, so it needs no permission. */
  typeCheck(file: string, code: string): TypeCheck;
  /** The optional model (`--llm`) that may draft code the deterministic path has none for; null when off. */
  model: ModelClient | null;
}

export function workspaceChecks(root: string, allowExecute: boolean, model: ModelClient | null = null): WorkspaceChecks {
  return {
    root,
    allowExecute,
    model,
    characterize: (plan) => (allowExecute ? characterize(root, plan) : Promise.reject(new Error("executing workspace code is not allowed"))),
    runTests: (file) => (allowExecute ? runTestFile(root, file) : Promise.reject(new Error("executing workspace code is not allowed"))),
    typeCheck: (file, code) => typeCheck(root, file, code),
  };
}
