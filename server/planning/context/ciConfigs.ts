import type { ParsedFile } from "../../workspace";

export interface CiConfig {
  file: string;
  system: string;
  runsTests: boolean;
  collectsCoverage: boolean;
}

const SYSTEMS: [RegExp, string][] = [
  [/^\.github\/workflows\/[^/]+\.ya?ml$/, "GitHub Actions"],
  [/^\.gitlab-ci\.yml$/, "GitLab CI"],
  [/^\.ci\//, "a .ci script"],
  [/^Jenkinsfile$/, "Jenkins"],
  [/^\.circleci\/config\.yml$/, "CircleCI"],
  [/^azure-pipelines\.ya?ml$/, "Azure Pipelines"],
  [/^\.travis\.yml$/, "Travis CI"],
  [/^bitbucket-pipelines\.yml$/, "Bitbucket Pipelines"],
];
const RUNS_TESTS = /\b(npm (run )?test|npm t\b|yarn test|pnpm test|npx (mocha|jest|vitest)|\bmocha\b|\bjest\b|\bvitest\b|node --test|pytest|python -m (pytest|unittest)|tox\b|nox\b|make test)/;
const COVERAGE = /\b(coverage|--cov\b|c8\b|nyc\b|istanbul|lcov|codecov|coveralls)/;

/** Pure: the CI configurations in a workspace and whether each runs the tests and collects coverage. */
export function ciConfigs(files: readonly ParsedFile[], testScript: string | null): CiConfig[] {
  const out: CiConfig[] = [];
  for (const f of files) {
    const system = SYSTEMS.find(([re]) => re.test(f.file.path))?.[1];
    if (!system) continue;
    const text = f.file.text;
    // `npm test` runs whatever the test script says: coverage collected there counts too.
    const viaScript = /\bnpm (run )?test\b|npm t\b/.test(text) && testScript ? testScript : "";
    out.push({ file: f.file.path, system, runsTests: RUNS_TESTS.test(text), collectsCoverage: COVERAGE.test(text) || COVERAGE.test(viaScript) });
  }
  return out;
}
