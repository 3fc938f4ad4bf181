import type { Finding, ImplementationTask, Severity, TestPlan } from "../protocol";

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function taskKey(task: ImplementationTask): string {
  return `${task.kind}:${task.id}`;
}

/**
 * The next task for the implementation rotation: findings by severity first, then test plans
 * by risk. `done` holds when each task last went through all six stages: a task never done
 * comes first, then the one done longest ago, so the rotation works through every task in turn
 * instead of repeating the top one. Ties break on id so the choice is stable.
 */
export function nextTask(findings: readonly Finding[], plans: readonly TestPlan[], done: ReadonlyMap<string, number> = new Map()): ImplementationTask | null {
  const queue: ImplementationTask[] = [
    ...[...findings].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.id.localeCompare(b.id)).map((f) => ({ kind: "finding" as const, id: f.id })),
    ...[...plans].sort((a, b) => b.risk - a.risk || a.id.localeCompare(b.id)).map((p) => ({ kind: "plan" as const, id: p.id })),
  ];
  let best: ImplementationTask | null = null;
  let bestAt = Infinity;
  for (const task of queue) {
    const at = done.get(taskKey(task)) ?? -1;
    if (at < bestAt) {
      best = task;
      bestAt = at;
      if (at === -1) break;
    }
  }
  return best;
}
