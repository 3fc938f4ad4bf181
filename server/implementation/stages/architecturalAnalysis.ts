import type { StageOutput, TaskContext } from "../taskContext";
import { list } from "./describe";

/** Stage 2: the module and layer affected, and the blast radius (transitive dependents). */
export function architecturalAnalysis(ctx: TaskContext): StageOutput {
  const path = ctx.file.file.path;
  const layer = path.includes("/") ? path.slice(0, path.indexOf("/")) : "(root)";
  const layers = new Map<string, number>();
  for (const d of ctx.dependents) {
    const l = d.includes("/") ? d.slice(0, d.indexOf("/")) : "(root)";
    layers.set(l, (layers.get(l) ?? 0) + 1);
  }
  const crossing = [...layers].filter(([l]) => l !== layer);
  return {
    summary: `${path} in ${layer}: blast radius ${ctx.dependents.length} module(s) (${ctx.callers.length} direct)${crossing.length ? `, across ${crossing.length} other folder(s)` : ""}.`,
    notes: [
      `Module: ${path}; top-level folder ${layer}.`,
      `Direct dependents: ${list(ctx.callers)}.`,
      `All dependents (transitive): ${ctx.dependents.length}${ctx.dependents.length ? ` — ${list(ctx.dependents)}` : ""}.`,
      `By folder: ${[...layers].map(([l, n]) => `${l} ${n}`).join(", ") || "none"}.`,
      ctx.task.kind === "plan" ? "A new test file changes no module: the blast radius is the tests themselves." : "A change to this module reaches every dependent above at runtime.",
    ],
    codeChanges: [],
  };
}
