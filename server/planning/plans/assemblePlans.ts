import { createHash } from "node:crypto";
import { comparePlans, type TestCase, type TestPlan } from "../../protocol";
import { apiEntry, type PlanningContext } from "../context/planningContext";
import type { PlanItems } from "../perspectives/perspective";
import { riskOf } from "./risk";
import { needsCommonJs, testTarget } from "./testTarget";

/** A case id that survives unrelated edits: the plan, the perspective, the kind and the title. */
export function caseId(planId: string, perspective: string, kind: string, title: string): string {
  return `${planId}:${perspective}:${kind}:${createHash("sha256").update(title).digest("hex").slice(0, 10)}`;
}

export function planIdOf(unitId: string): string {
  return `plan:${unitId}`;
}

/** Pure: one perspective's items as test plans, one per unit, riskiest first. */
export function assemblePlans(context: PlanningContext, perspective: string, items: readonly PlanItems[]): TestPlan[] {
  const byUnit = new Map<string, TestPlan>();
  for (const item of items) {
    const unit = item.unit;
    const file = context.byPath.get(unit.file);
    if (!file) continue;
    const id = planIdOf(unit.id);
    let plan = byUnit.get(id);
    if (!plan) {
      const framework = unit.language === "python" ? context.frameworks.python.framework : context.frameworks.script.framework;
      plan = {
        id,
        unit: {
          file: unit.file,
          name: unit.name,
          kind: unit.kind,
          signature: unit.signature,
          range: { start: file.position(unit.start), end: file.position(unit.end) },
          language: unit.language,
          export: { name: unit.access.exportName, className: unit.access.className, isStatic: unit.access.isStatic, commonjs: needsCommonJs(context, unit) },
          params: apiEntry(unit).params,
          async: unit.isAsync,
        },
        framework,
        target: testTarget(context, unit),
        risk: riskOf(context, unit).score,
        cases: [],
        mocks: [],
        notes: [],
      };
      byUnit.set(id, plan);
    }
    const seen = new Set(plan.cases.map((c) => c.id));
    for (const draft of item.cases) {
      const c: TestCase = { ...draft, id: caseId(id, perspective, draft.kind, draft.title), perspective };
      if (!seen.has(c.id)) plan.cases.push(c), seen.add(c.id);
    }
    for (const m of item.mocks ?? []) if (!plan.mocks.some((x) => x.target === m.target && x.how === m.how)) plan.mocks.push(m);
    for (const n of item.notes ?? []) if (!plan.notes.includes(n)) plan.notes.push(n);
  }
  return [...byUnit.values()].sort(comparePlans);
}

/** Pure: plans of several perspectives merged per unit — how a reader sees a unit's whole plan. */
export function mergePlans(groups: readonly (readonly TestPlan[])[]): TestPlan[] {
  const byId = new Map<string, TestPlan>();
  for (const plans of groups) {
    for (const plan of plans) {
      const existing = byId.get(plan.id);
      if (!existing) {
        byId.set(plan.id, { ...plan, cases: [...plan.cases], mocks: [...plan.mocks], notes: [...plan.notes] });
        continue;
      }
      // The newest surface wins; cases, mocks and notes accumulate without repeats.
      Object.assign(existing, { unit: plan.unit, framework: plan.framework, target: plan.target, risk: plan.risk });
      for (const c of plan.cases) if (!existing.cases.some((x) => x.id === c.id)) existing.cases.push(c);
      for (const m of plan.mocks) if (!existing.mocks.some((x) => x.target === m.target && x.how === m.how)) existing.mocks.push(m);
      for (const n of plan.notes) if (!existing.notes.includes(n)) existing.notes.push(n);
    }
  }
  return [...byId.values()].sort(comparePlans);
}
