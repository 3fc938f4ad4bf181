import type { TestCase, TestPlan } from "../../protocol";
import type { Unit } from "../../planning";

/** Modules whose use makes a call's result depend on more than its arguments. */
const WORLD_MODULES = /^(node:)?(fs|fs\/promises|child_process|net|http|https|http2|dgram|dns|tls|cluster|worker_threads|os|process|readline|inspector|vm)$/;

/**
 * Pure: whether a plan's unit can be characterized by running it — an exported function or
 * static method in TS/JS that touches nothing outside its arguments — or why not.
 */
export function characterizationProblem(plan: TestPlan, unit: Unit | null): string | null {
  if (plan.unit.language === "python") return "characterization runs TS/JS units only; Python plans keep the assertions the code states";
  if (plan.unit.kind === "class" || plan.unit.kind === "entry") return `a ${plan.unit.kind === "class" ? "class" : "program"} is not a function to call with the planned inputs`;
  if (plan.unit.kind === "method" && !plan.unit.export.isStatic) return "an instance method needs an object built the way its callers build it";
  if (plan.mocks.length) return `it reaches outside its arguments (${plan.mocks.map((m) => m.target).slice(0, 4).join(", ")}), so its results are not a function of its inputs`;
  const world = unit?.facts.calls.find((c) => c.module && WORLD_MODULES.test(c.module));
  if (world) return `it calls ${world.callee} from ${world.module} (line ${world.line}): not a pure function`;
  if (unit?.facts.env.length) return `it reads the environment (line ${unit.facts.env[0]!.line}): not a pure function`;
  return null;
}

/**
 * Pure: which of a plan's cases to run, and for the rest why not. A performance case is for a
 * benchmark; a case with its own environment or the same arguments as an earlier one would
 * only repeat or blur an assertion.
 */
export function casesToRun(plan: TestPlan): { run: TestCase[]; notRun: Map<string, string> } {
  const run: TestCase[] = [];
  const notRun = new Map<string, string>();
  const byArgs = new Map<string, TestCase>();
  for (const c of plan.cases) {
    const key = c.inputs.args.join("\u0000");
    const earlier = byArgs.get(key);
    if (c.expected.outcome === "within-budget") notRun.set(c.id, "a performance case: measured in a benchmark, not asserted in a test");
    else if (c.inputs.env && Object.keys(c.inputs.env).length) notRun.set(c.id, "the case sets environment variables: a pure function does not read them");
    else if (earlier) notRun.set(c.id, `the same arguments as "${earlier.title}", which asserts the result`);
    else {
      byArgs.set(key, c);
      run.push(c);
    }
  }
  return { run, notRun };
}
