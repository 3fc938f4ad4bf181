import { findingsIn } from "../context/planningContext";
import type { Unit } from "../units";
import { argsFor, expect, inputs, type CaseDraft, type PlanningPerspective } from "./perspective";

/** Hostile inputs per kind of sink, in the unit's language. */
function abuseInputs(rule: string, py: boolean): { value: string; what: string }[] {
  switch (rule) {
    case "command-injection":
      return [{ value: '"; touch /tmp/pwned #"', what: "shell metacharacters" }, { value: '"$(id)"', what: "command substitution" }];
    case "sql-injection":
      return [{ value: `"' OR '1'='1"`, what: "a tautology" }, { value: `"'; DROP TABLE users; --"`, what: "a stacked statement" }];
    case "path-traversal":
      return [{ value: '"../../etc/passwd"', what: "a relative escape" }, { value: '"/etc/passwd"', what: "an absolute path" }, { value: '"..%2f..%2fetc%2fpasswd"', what: "an encoded escape" }];
    case "unsafe-html":
      return [{ value: '"<img src=x onerror=alert(1)>"', what: "markup with a script handler" }];
    case "dynamic-code":
      return [{ value: py ? `"__import__('os').system('id')"` : '"process.exit(1)"', what: "code instead of data" }];
    case "unsafe-deserialization":
      return [{ value: py ? 'b"cos\\nsystem\\n(S\'id\'\\ntR."' : '"!!js/function \'return 1\'"', what: "a payload that runs code when loaded" }];
    default:
      return [];
  }
}

/** The parameter hostile text would arrive through: the first string-like one. */
function entryParam(unit: Unit): string | null {
  const p = unit.params.find((q) => /^(string|str)\b/.test(q.type ?? "") || (!q.type && !q.rest && !/^(opts|options|cb|callback)$/.test(q.name)));
  return p?.name ?? null;
}

/** Units touched by security findings: abuse cases — injection, traversal, oversized input. */
export const security: PlanningPerspective = {
  id: "security",
  plan(context) {
    const items = [];
    for (const unit of context.units) {
      const found = findingsIn(context, unit).filter((f) => f.perspective === "security" && f.rule !== "hardcoded-secret");
      if (found.length === 0) continue;
      const py = unit.language === "python";
      const param = entryParam(unit);
      const cases: CaseDraft[] = [];
      for (const f of found) {
        for (const abuse of abuseInputs(f.rule, py)) {
          cases.push({
            title: `${unit.name} refuses ${abuse.what}${param ? ` in ${param}` : ""}`,
            level: "unit",
            kind: "abuse",
            inputs: inputs(argsFor(unit, param ? { [param]: abuse.value } : {})),
            expected: expect("observe", `the input is rejected or neutralised: nothing runs, nothing outside the intended data is touched (${f.rule} at line ${f.range.start.line})`),
            rationale: `${f.message}`,
            line: f.range.start.line,
          });
        }
      }
      if (param) {
        cases.push({
          title: `${unit.name} with an oversized ${param} (10 MB)`,
          level: "unit",
          kind: "abuse",
          inputs: inputs(argsFor(unit, { [param]: py ? '"A" * 10_000_000' : '"A".repeat(10_000_000)' })),
          expected: expect("observe", "a bounded, clear refusal or a bounded cost: no hang, no memory blow-up"),
          rationale: "Unbounded input at a sink is a denial of service waiting to happen.",
        });
      }
      items.push({ unit, cases, notes: found.map((f) => `Security finding ${f.rule} at line ${f.range.start.line}: ${f.message}`) });
    }
    return { items, summary: `${items.length} unit(s) touched by security findings.` };
  },
};
