import type { Unit, UnitParam } from "../units";
import { argsFor, expect, inputs, type CaseDraft, type PlanningPerspective } from "./perspective";

type Kind = "string" | "number" | "array" | "other";

function kindOf(p: UnitParam): Kind {
  const t = (p.type ?? "").replace(/\s+/g, "");
  const n = p.name.toLowerCase();
  if (/(\[\]|^Array<|^ReadonlyArray<|^(list|List|Sequence|Iterable)\b)/.test(t) || (!t && /(items|list|array|values|rows|records)$/.test(n))) return "array";
  if (/^(string|str)\b/.test(t) || (!t && /(name|text|str|message|url|key|query|input)$/.test(n))) return "string";
  if (/^(number|int|float)\b/.test(t) || (!t && /^(n|count|size|limit|max|min|index|num|amount|total|timeout|ms|port)$/.test(n))) return "number";
  return "other";
}

/** Values at the edges of each parameter, from its type and from the comparisons the body makes. */
export function edgeValues(unit: Unit, p: UnitParam): { value: string; why: string }[] {
  const py = unit.language === "python";
  const out: { value: string; why: string }[] = [];
  switch (kindOf(p)) {
    case "string":
      out.push({ value: '""', why: "empty string" }, { value: '"héllo wörld 🌍"', why: "non-ASCII and astral characters" }, { value: py ? '"x" * 100000' : '"x".repeat(100_000)', why: "a very long string (100,000 characters)" });
      break;
    case "number":
      out.push({ value: "0", why: "zero" }, { value: "-1", why: "a negative number" });
      if (!py) out.push({ value: "NaN", why: "NaN" });
      else out.push({ value: 'float("nan")', why: "NaN" });
      break;
    case "array":
      out.push({ value: "[]", why: "empty" }, { value: "[1]", why: "one element" }, { value: py ? "list(range(10000))" : "Array.from({ length: 10_000 }, (_, i) => i)", why: "many elements (10,000)" });
      break;
    case "other":
      break;
  }
  const seen = new Set(out.map((o) => o.value));
  for (const c of unit.facts.comparisons) {
    if (c.subject !== p.name && !c.subject.startsWith(`${p.name}.`) && !c.subject.startsWith(`${p.name}[`)) continue;
    const onLength = /\.length$/.test(c.subject);
    for (const v of c.operator.startsWith("<") || c.operator.startsWith(">") ? [c.value, c.operator.startsWith(">") ? c.value + 1 : c.value - 1] : [c.value]) {
      const value = onLength ? (py ? `"x" * ${Math.max(0, v)}` : `"x".repeat(${Math.max(0, v)})`) : String(v);
      if (seen.has(value) || (onLength && v < 0)) continue;
      seen.add(value);
      out.push({ value, why: `boundary of \`${c.subject} ${c.operator} ${c.value}\` (line ${c.line})` });
    }
  }
  if (/\bnull\b|\bundefined\b|\bOptional\[|\bNone\b/.test(p.type ?? "")) out.push({ value: py ? "None" : "null", why: "null, which the type allows" });
  return out;
}

/** Empty, huge, unicode, zero, negative, NaN, boundaries from the body's comparisons, missing optionals. */
export const edgeCases: PlanningPerspective = {
  id: "edge-cases",
  plan(context) {
    const insights: string[] = [];
    const items = [];
    for (const unit of context.units) {
      if (unit.kind === "entry") continue;
      const cases: CaseDraft[] = [];
      for (const p of unit.params) {
        if (p.rest) continue;
        for (const e of edgeValues(unit, p)) {
          cases.push({
            title: `${unit.name} with ${p.name} = ${e.value.length > 40 ? `${e.value.slice(0, 37)}…` : e.value} (${e.why})`,
            level: "unit",
            kind: "edge-case",
            inputs: inputs(argsFor(unit, { [p.name]: e.value })),
            expected: expect("observe", `a defined result or a clear error for ${e.why} — never a crash deeper in, a hang or a silently wrong value`),
            rationale: `Edge of ${p.name}${p.type ? `: ${p.type}` : ""}: ${e.why}.`,
          });
          insights.push(`${unit.id}: ${p.name} = ${e.value} (${e.why})`);
        }
        if (p.optional) {
          cases.push({
            title: `${unit.name} without ${p.name} (optional${p.defaultText ? `, default ${p.defaultText}` : ""})`,
            level: "unit",
            kind: "edge-case",
            inputs: inputs(argsFor(unit, {}, [p.name]), { omitted: [p.name] }),
            expected: expect("observe", p.defaultText ? `behaves as with ${p.name} = ${p.defaultText}` : `works without ${p.name}`),
            rationale: `${p.name} is optional: callers will leave it out.`,
          });
          insights.push(`${unit.id}: ${p.name} omitted`);
        }
      }
      if (cases.length) items.push({ unit, cases });
    }
    return { items, insights: { edge_cases_discovered: insights }, summary: `${insights.length} edge case(s) in ${items.length} unit(s).` };
  },
};
