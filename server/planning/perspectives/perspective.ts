import type { CaseExpectation, CaseInputs, MockSpec, TestCase } from "../../protocol";
import type { PlanningContext } from "../context/planningContext";
import type { Unit, UnitParam } from "../units";

/** A case before it gets its id and perspective. */
export type CaseDraft = Omit<TestCase, "id" | "perspective">;

export interface PlanItems {
  unit: Unit;
  cases: CaseDraft[];
  mocks?: MockSpec[];
  notes?: string[];
}

export type InsightKind = "failure_modes_identified" | "integration_points_found" | "edge_cases_discovered";

export interface PerspectiveOutput {
  items: PlanItems[];
  /** The full current list behind a running count this perspective feeds, as `unit id: what`. */
  insights?: Partial<Record<InsightKind, string[]>>;
  /** One line on what the perspective found across the workspace. */
  summary: string;
}

/** A planning perspective: pure, from the workspace's context to plan items. */
export interface PlanningPerspective {
  id: string;
  plan(context: PlanningContext): PerspectiveOutput;
}

const isPython = (unit: Unit) => unit.language === "python";

/** A literal of the unit's language for a typical value of a parameter, from its type or name. */
export function sampleValue(param: UnitParam, unit: Unit): string {
  const py = isPython(unit);
  const t = (param.type ?? "").replace(/\s+/g, "");
  const n = param.name.toLowerCase();
  if (/(\[\]|^Array<|^ReadonlyArray<|^readonly.*\[\]|^(list|List|Sequence|Iterable)\b)/.test(t) || (!t && /(items|list|array|values|entries|rows|records)$/.test(n))) return "[]";
  if (/^(string|str)\b/.test(t) || (!t && /(name|text|str|message|msg|url|key|id|label|title|query|pattern|source|input)$/.test(n))) return /(path|file|dir)/.test(n) ? '"fixture.txt"' : '"text"';
  if (/^(number|int|float|bigint)\b/.test(t) || (!t && /^(n|count|size|limit|max|min|index|idx|num|amount|total|age|port|timeout|ms|seconds|width|height|depth|level)$/.test(n))) return "1";
  if (/^(boolean|bool)\b/.test(t) || (!t && /^(is|has|should|enable|disable|allow)/.test(n))) return py ? "True" : "true";
  if (/^(Record<|Map<|dict|Dict|Mapping)/.test(t) || (!t && /^(opts|options|config|settings|params|headers|data|obj|payload)$/.test(n))) return "{}";
  if (/=>|^Function|Callable/.test(t) || (!t && /^(cb|callback|fn|handler|listener|predicate)$/.test(n))) return py ? "lambda *args: None" : "() => {}";
  if (/(path|file|dir)/.test(n)) return '"fixture.txt"';
  return py ? "None" : "undefined";
}

/** The argument list for a call, with `overrides` for some parameters and typical values for the rest. */
export function argsFor(unit: Unit, overrides: Record<string, string> = {}, omit: readonly string[] = []): string[] {
  const args: string[] = [];
  for (const p of unit.params) {
    if (omit.includes(p.name)) break;
    if (p.rest) {
      if (overrides[p.name] !== undefined) args.push(overrides[p.name]!);
      break;
    }
    if (overrides[p.name] !== undefined) args.push(overrides[p.name]!);
    else if (p.optional && !Object.keys(overrides).some((k) => unit.params.findIndex((q) => q.name === k) > unit.params.indexOf(p))) break;
    else args.push(sampleValue(p, unit));
  }
  return args;
}

export function inputs(args: string[], extra: Partial<CaseInputs> = {}): CaseInputs {
  return { args, ...extra };
}

export function expect(outcome: CaseExpectation["outcome"], detail: string, extra: Partial<CaseExpectation> = {}): CaseExpectation {
  return { outcome, detail, ...extra };
}

export function levelOf(unit: Unit): "unit" | "integration" | "e2e" {
  return unit.kind === "entry" ? "e2e" : "unit";
}

/** The parameter a condition is about and a value that makes the condition true, when the condition is simple. */
export function triggerFor(condition: string | null, unit: Unit): { param: string; value: string } | null {
  if (!condition) return null;
  const py = isPython(unit);
  const names = unit.params.map((p) => p.name);
  const c = condition.trim();
  const nullish = py ? "None" : "null";
  for (const name of names) {
    const n = name.replace(/[$]/g, "\\$");
    let m: RegExpExecArray | null;
    if (new RegExp(`^(!|not\\s+)${n}$`).test(c)) return { param: name, value: falsy(unit.params.find((p) => p.name === name)!, py) };
    if (new RegExp(`^${n}\\s*(===?|is)\\s*(null|undefined|None)$`).test(c) || new RegExp(`^${n}\\s*==\\s*null$`).test(c)) return { param: name, value: nullish };
    if ((m = new RegExp(`^typeof ${n} !==? ["'](\\w+)["']$`).exec(c))) return { param: name, value: m[1] === "string" ? "42" : '"not a ' + m[1] + '"' };
    if ((m = new RegExp(`^not isinstance\\(${n}, (\\w+)\\)$`).exec(c))) return { param: name, value: m[1] === "str" ? "42" : '"not ' + m[1] + '"' };
    if ((m = new RegExp(`^${n}(\\.length)?\\s*(<=|<|>=|>|===|==)\\s*(-?\\d+(?:\\.\\d+)?)$`).exec(c))) {
      const v = Number(m[3]);
      const value = m[2] === "<" ? v - 1 : m[2] === ">" ? v + 1 : v;
      return m[1] ? { param: name, value: py ? `"x" * ${Math.max(0, value)}` : `"x".repeat(${Math.max(0, value)})` } : { param: name, value: String(value) };
    }
    if ((m = new RegExp(`^(?:len\\(${n}\\))\\s*(<=|<|>=|>|==)\\s*(\\d+)$`).exec(c))) {
      const v = Number(m[2]);
      return { param: name, value: `"x" * ${m[1] === "<" ? Math.max(0, v - 1) : m[1] === ">" ? v + 1 : v}` };
    }
    if ((m = new RegExp(`^!Array\\.isArray\\(${n}\\)$`).exec(c))) return { param: name, value: '"not an array"' };
    if ((m = new RegExp(`^Number\\.isNaN\\(${n}\\)$`).exec(c))) return { param: name, value: "NaN" };
  }
  return null;
}

/** A falsy value of the parameter's type: what makes `!x` / `not x` hold. */
function falsy(param: UnitParam, py: boolean): string {
  const t = param.type ?? "";
  if (/^(string|str)\b/.test(t)) return '""';
  if (/^(number|int|float)\b/.test(t)) return "0";
  if (/\[\]|^(list|List)\b/.test(t)) return py ? "[]" : "null";
  return py ? "None" : "null";
}

/** Whether a case's outcome follows from the code: a trigger was derived and no other argument is a blind guess. */
export function derivedFrom(trigger: { param: string } | null, unit: Unit, args: readonly string[]): boolean {
  if (!trigger) return false;
  const at = unit.params.findIndex((p) => p.name === trigger.param);
  return args.every((a, i) => i === at || (a !== "undefined" && a !== "None"));
}
