import type { TaskContext } from "../taskContext";

export function describeTarget(ctx: TaskContext): string {
  if (ctx.finding) return `Finding ${ctx.finding.rule} at ${ctx.finding.file}:${ctx.finding.range.start.line}${ctx.unit ? ` in ${ctx.unit.name}` : ""}`;
  return `Test plan for ${ctx.plan!.unit.name} (${ctx.plan!.unit.file}, ${ctx.plan!.cases.length} case(s))`;
}

export function list(items: readonly string[], max = 10): string {
  if (items.length === 0) return "none";
  return items.slice(0, max).join(", ") + (items.length > max ? `, and ${items.length - max} more` : "");
}
