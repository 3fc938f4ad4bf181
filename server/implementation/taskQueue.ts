import type { Finding, ImplementationTask, Severity, TestPlan } from "../protocol";

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function taskKey(task: ImplementationTask): string {
  return `${task.kind}:${task.id}`;
}

/**
 * The next task for the implementation rotation: findings by severity first, then test plans
 * by risk, passing over tasks in `done` (recently taken through all six stages) so the queue
 * moves on; when everything is done, it starts again from the top. Ties break on id so the
 * choice is stable between iterations.
 */
export function nextTask(findings: readonly Finding[], plans: readonly TestPlan[], done: ReadonlySet<string> = new Set()): ImplementationTask | null {
  const queue: ImplementationTask[] = [
    ...[...findings].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.id.localeCompare(b.id)).map((f) => ({ kind: "finding" as const, id: f.id })),
    ...[...plans].sort((a, b) => b.risk - a.risk || a.id.localeCompare(b.id)).map((p) => ({ kind: "plan" as const, id: p.id })),
  ];
  return queue.find((t) => !done.has(taskKey(t))) ?? queue[0] ?? null;
}
