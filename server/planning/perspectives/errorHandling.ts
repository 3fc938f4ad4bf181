import { argsFor, expect, inputs, type CaseDraft, type PlanningPerspective } from "./perspective";

const WHAT: Record<string, string> = {
  empty: "an empty catch: the error vanishes",
  swallowed: "a catch that never looks at the error: it is dropped",
  "rethrown-without-cause": "a new error thrown without the original as its cause: the root cause is lost",
};

/** Empty catches, swallowed errors, rethrows without a cause: a case that proves the error surfaces. */
export const errorHandling: PlanningPerspective = {
  id: "error-handling",
  plan(context) {
    const items = [];
    for (const unit of context.units) {
      const cases: CaseDraft[] = unit.facts.catches
        .filter((c) => c.handling !== "handled")
        .map((c) => ({
          title: `${unit.name}: a failure inside the ${unit.language === "python" ? "try/except" : "try/catch"} at line ${c.line} reaches the caller or the log`,
          level: "unit" as const,
          kind: "error-surfaces",
          inputs: inputs(argsFor(unit)),
          expected: expect("surfaces-error", c.handling === "rethrown-without-cause" ? `the error the caller sees carries the original as its cause (${unit.language === "python" ? "raise … from err" : "new Error(msg, { cause: err })"})` : "make the guarded call fail (fake it to throw): the caller gets an error, or the failure is logged with its reason — never silence"),
          rationale: `Line ${c.line}: ${WHAT[c.handling]}.`,
          line: c.line,
        }));
      if (cases.length) items.push({ unit, cases });
    }
    const total = items.reduce((n, i) => n + i.cases.length, 0);
    return { items, summary: `${total} catch block(s) that hide errors, in ${items.length} unit(s).` };
  },
};
