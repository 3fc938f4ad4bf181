import { argsFor, expect, inputs, levelOf, type PlanningPerspective } from "./perspective";

/** The public surface: each unit, how it is called, and how many paths its body has. */
export const whatAreWeTesting: PlanningPerspective = {
  id: "what-are-we-testing",
  plan(context) {
    const items = context.units.map((unit) => {
      const params = unit.params.map((p) => `${p.rest ? "..." : ""}${p.name}${p.type ? `: ${p.type}` : ""}${p.optional ? " (optional)" : ""}`);
      const paths = unit.facts.branches;
      const verb = unit.kind === "class" ? "constructs" : unit.kind === "entry" ? "runs as a script" : unit.isAsync ? "resolves" : "returns";
      return {
        unit,
        cases: [
          {
            title: unit.kind === "entry" ? `${unit.file} runs to completion with typical arguments` : `${unit.name} ${verb} for a typical call`,
            level: levelOf(unit),
            kind: "behaviour",
            inputs: inputs(argsFor(unit)),
            expected: expect(unit.kind === "class" ? "observe" : "returns", unit.returnType ? `a ${unit.returnType} matching what the caller relies on` : "the result callers rely on (record it, then assert it)"),
            rationale: `Public ${unit.kind} ${unit.signature}; ${paths} path${paths === 1 ? "" : "s"} through its body.`,
          },
        ],
        notes: [
          `Surface: ${unit.signature}${params.length ? ` — parameters ${params.join(", ")}` : ""}${unit.returnType ? `; returns ${unit.returnType}` : ""}.`,
          ...(paths > 1 ? [`${paths} decision points: cover each branch at least once.`] : []),
        ],
      };
    });
    const kinds = new Map<string, number>();
    for (const u of context.units) kinds.set(u.kind, (kinds.get(u.kind) ?? 0) + 1);
    return { items, summary: `${context.units.length} unit(s): ${[...kinds].map(([k, n]) => `${n} ${k}${n === 1 ? "" : k === "class" ? "es" : "s"}`).join(", ") || "none"}.` };
  },
};
