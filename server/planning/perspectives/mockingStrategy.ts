import type { MockSpec } from "../../protocol";
import type { Framework } from "../context/frameworks";
import type { Unit } from "../units";
import { integrationPointsOf, type IntegrationPoint } from "./integrationPoints";
import type { PlanningPerspective } from "./perspective";

/** How to fake one integration point in one framework: concrete API, not advice. */
export function mockFor(point: IntegrationPoint, framework: Framework, unit: Unit): string {
  const owner = point.target.includes(".") ? point.target.slice(0, point.target.lastIndexOf(".")) : null;
  const method = point.target.split(".").pop()!;
  const module = point.module?.split("#")[0] ?? null;
  switch (framework) {
    case "jest":
    case "vitest": {
      const api = framework === "jest" ? "jest" : "vi";
      if (point.category === "timer" || point.category === "clock") return `${api}.useFakeTimers(); then ${api}.advanceTimersByTime(ms)${point.category === "clock" ? ` / ${api}.setSystemTime(date)` : ""}`;
      if (point.category === "environment") return `${api}.stubEnv(${JSON.stringify(point.target.replace(/^process\.env\./, ""))}, "value")${framework === "jest" ? " (or set process.env in beforeEach and restore it after)" : ""}`;
      if (point.category === "randomness") return `${api}.spyOn(Math, "random").mockReturnValue(0.5)`;
      if (module) return `${api}.mock(${JSON.stringify(module)}) and set ${api}.mocked(${owner ?? method}).mockResolvedValue(…) per case`;
      return owner ? `${api}.spyOn(${owner}, ${JSON.stringify(method)}).mockResolvedValue(…)` : `${api}.spyOn(globalThis, ${JSON.stringify(method)})`;
    }
    case "mocha":
    case "node:test": {
      if (point.category === "timer" || point.category === "clock") return framework === "node:test" ? `mock.timers.enable({ apis: ["setTimeout", "Date"] }); mock.timers.tick(ms)` : `sinon.useFakeTimers(); clock.tick(ms)`;
      if (point.category === "environment") return `set ${point.target} in beforeEach and restore the old value in afterEach`;
      if (point.category === "randomness") return framework === "node:test" ? `mock.method(Math, "random", () => 0.5)` : `sinon.stub(Math, "random").returns(0.5)`;
      const target = owner ?? "globalThis";
      return framework === "node:test" ? `mock.method(${target}, ${JSON.stringify(method)}, async () => …)${module ? ` — import ${module} as a namespace so the unit sees the same object` : ""}` : `sinon.stub(${target}, ${JSON.stringify(method)}).resolves(…)${module ? ` — stub the ${module} module object the unit imports` : ""}`;
    }
    case "pytest": {
      if (point.category === "environment") return `monkeypatch.setenv(${JSON.stringify(point.target.replace(/^os\.environ\["|"\]$/g, ""))}, "value")`;
      if (point.category === "file system") return "use the tmp_path fixture for real files; monkeypatch the call only to simulate failures";
      if (point.category === "clock" || point.category === "timer") return `monkeypatch.setattr(${JSON.stringify(point.target)}, lambda *a: …)`;
      return `monkeypatch.setattr(${JSON.stringify(`${moduleOfUnit(unit)}.${point.target}`)}, fake)`;
    }
    case "unittest": {
      if (point.category === "environment") return `@mock.patch.dict(os.environ, {${JSON.stringify(point.target.replace(/^os\.environ\["|"\]$/g, ""))}: "value"})`;
      return `@mock.patch(${JSON.stringify(`${moduleOfUnit(unit)}.${point.target}`)})`;
    }
  }
}

function moduleOfUnit(unit: Unit): string {
  return unit.file.replace(/^src\//, "").replace(/\.py$/, "").replace(/\/__init__$/, "").split("/").join(".");
}

/** For each integration point, what to fake and how, in the detected framework. */
export const mockingStrategy: PlanningPerspective = {
  id: "mocking-strategy",
  plan(context) {
    const items = [];
    for (const unit of context.units) {
      const framework = unit.language === "python" ? context.frameworks.python.framework : context.frameworks.script.framework;
      const mocks: MockSpec[] = integrationPointsOf(unit)
        .filter((p) => p.category !== "package" || /^(axios|node-fetch|got|pg|mysql2?|mongodb|mongoose|redis|ioredis|requests|httpx|boto3|stripe|openai)$/.test(p.module ?? ""))
        .map((p) => ({ target: p.target, category: p.category, how: mockFor(p, framework, unit) }));
      if (mocks.length) items.push({ unit, cases: [], mocks, notes: [`Fake only at these seams; keep the unit's own logic real (${framework}, ${unit.language === "python" ? context.frameworks.python.evidence : context.frameworks.script.evidence}).`] });
    }
    return { items, summary: `${items.reduce((n, i) => n + (i.mocks?.length ?? 0), 0)} seam(s) to fake in ${items.length} unit(s).` };
  },
};
