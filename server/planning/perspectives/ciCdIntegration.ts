import type { PlanningPerspective } from "./perspective";

/** CI configs found, whether tests and coverage run there, and what is missing. */
export const ciCdIntegration: PlanningPerspective = {
  id: "ci-cd-integration",
  plan(context) {
    const ci = context.ci;
    const running = ci.filter((c) => c.runsTests);
    const coverage = ci.some((c) => c.collectsCoverage);
    const summary =
      ci.length === 0
        ? "No CI configuration found (.github/workflows, .gitlab-ci.yml, .ci/, Jenkinsfile, …): tests run only where someone runs them by hand."
        : running.length === 0
          ? `CI found (${ci.map((c) => c.file).join(", ")}) but none of it runs the tests.`
          : `Tests run in ${running.map((c) => `${c.system} (${c.file})`).join(", ")}; coverage is ${coverage ? "collected" : "not collected — add it so coverage gaps show per change"}.`;
    const missing = [
      ...(ci.length === 0 ? ["add a CI job that installs and runs the test command on every push"] : []),
      ...(ci.length > 0 && running.length === 0 ? [`make a CI job run ${context.testScript ? "npm test" : "the tests"}`] : []),
      ...(running.length > 0 && !coverage ? ["collect coverage in CI (c8/nyc/--coverage, pytest --cov) and keep the report"] : []),
    ];
    const items = context.units.map((unit) => {
      const slow = unit.facts.calls.some((c) => /^(node:)?(child_process|http|https|net)$|^(pg|mysql2?|mongodb|redis|ioredis|requests|psycopg2)$/.test(c.module?.split("#")[0] ?? ""));
      return {
        unit,
        cases: [],
        notes: [
          `CI: ${summary}`,
          ...(slow ? ["This unit's integration cases need their services in CI (a loopback server, a database container) or they are skipped there: say which."] : []),
          ...missing.map((m) => `CI gap: ${m}.`),
        ],
      };
    });
    return { items, summary };
  },
};
