import { argsFor, derivedFrom, expect, inputs, triggerFor, type CaseDraft, type PlanningPerspective } from "./perspective";

/** Every throw, rejection and empty return becomes a case with the condition that triggers it. */
export const failureModes: PlanningPerspective = {
  id: "failure-modes",
  plan(context) {
    const insights: string[] = [];
    const items = [];
    for (const unit of context.units) {
      const cases: CaseDraft[] = [];
      const py = unit.language === "python";
      const args = (trigger: { param: string; value: string } | null) => argsFor(unit, trigger ? { [trigger.param]: trigger.value } : {});
      for (const t of unit.facts.throws) {
        const trigger = triggerFor(t.condition, unit);
        const rejects = unit.isAsync;
        const what = `${rejects ? "rejects" : py ? "raises" : "throws"} ${t.error ?? "an error"}`;
        cases.push({
          title: `${unit.name} ${what}${t.condition ? ` when ${t.condition}` : ""}`,
          level: "unit",
          kind: rejects ? "rejection" : "throw",
          inputs: inputs(args(trigger)),
          expected: expect(rejects ? "rejects" : "throws", `${what}${t.message ? ` with ${t.message}` : ""}`, { error: t.error }),
          rationale: trigger ? `Line ${t.line}: the guard \`${t.condition}\` holds for ${trigger.param} = ${trigger.value}.` : `Line ${t.line}${t.condition ? `: find inputs for which \`${t.condition}\` holds` : ""}.`,
          line: t.line,
          derived: derivedFrom(trigger, unit, args(trigger)),
        });
        insights.push(`${unit.id}: ${what}${t.condition ? ` when ${t.condition}` : ""} (line ${t.line})`);
      }
      for (const r of unit.facts.rejects) {
        const trigger = triggerFor(r.condition, unit);
        cases.push({
          title: `${unit.name} rejects${r.condition ? ` when ${r.condition}` : ""}`,
          level: "unit",
          kind: "rejection",
          inputs: inputs(args(trigger)),
          expected: expect("rejects", r.text),
          rationale: trigger ? `Line ${r.line} returns a rejected promise when \`${r.condition}\`, which holds for ${trigger.param} = ${trigger.value}.` : `Line ${r.line} returns a rejected promise.`,
          line: r.line,
          derived: derivedFrom(trigger, unit, args(trigger)),
        });
        insights.push(`${unit.id}: rejects${r.condition ? ` when ${r.condition}` : ""} (line ${r.line})`);
      }
      for (const r of unit.facts.emptyReturns) {
        const trigger = triggerFor(r.condition, unit);
        cases.push({
          title: `${unit.name} returns ${r.value}${r.condition ? ` when ${r.condition}` : ""}`,
          level: "unit",
          kind: "empty-return",
          inputs: inputs(args(trigger)),
          expected: expect("returns", `${r.value}; callers must handle it`, { value: r.value }),
          rationale: `Line ${r.line} returns ${r.value}${trigger ? ` when \`${r.condition}\`, which holds for ${trigger.param} = ${trigger.value}` : ""}: a caller that assumes a value fails later, far from here.`,
          line: r.line,
          derived: derivedFrom(trigger, unit, args(trigger)),
        });
        insights.push(`${unit.id}: returns ${r.value}${r.condition ? ` when ${r.condition}` : ""} (line ${r.line})`);
      }
      if (cases.length) items.push({ unit, cases });
    }
    return { items, insights: { failure_modes_identified: insights }, summary: `${insights.length} failure mode(s) in ${items.length} unit(s).` };
  },
};
