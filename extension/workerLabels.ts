import type { WorkerId } from "../server/protocol";

/** How the extension names each worker to people. */
export const WORKER_LABELS: Readonly<Record<WorkerId, string>> = {
  analysis: "Analysis",
  "test-planning": "Test Planning",
  implementation: "Implementation",
};
