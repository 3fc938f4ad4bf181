import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";
import type { TestPlan } from "../../protocol";
import { parseJestJson, parseMochaJson, parsePytest, parseTap, parseUnittest, type TestResults } from "./testReports";

export interface TestCommand {
  argv: string[];
  /** Reads the runner's results from its output (and the report file, for Jest and Vitest). */
  read(out: { stdout: string; stderr: string; report: string | null }): { results: TestResults; suiteProblem: string | null } | null;
  /** A file the runner writes its report to, when it does. */
  reportFile: string | null;
}

/**
 * How to run one test file with the workspace's own runner, or why it cannot run here (the
 * runner is not installed). `file` is relative to the workspace root, where the command runs.
 */
export function testCommand(root: string, framework: TestPlan["framework"], file: string, reportFile: string): TestCommand | { problem: string } {
  const isTs = /\.[cm]?tsx?$/.test(file);
  const node = process.execPath;
  const tsLoader = isTs ? resolveFrom(root, "tsx") : null;
  switch (framework) {
    case "node:test": {
      if (isTs && !tsLoader) return { problem: "node:test cannot load a TypeScript test here: tsx is not installed in the workspace" };
      return { argv: [node, ...(isTs ? ["--import", "tsx"] : []), "--test", "--test-reporter=tap", file], reportFile: null, read: ({ stdout }) => ({ results: parseTap(stdout), suiteProblem: null }) };
    }
    case "mocha": {
      const bin = resolveFrom(root, "mocha/bin/mocha.js");
      if (!bin) return { problem: "mocha is not installed in the workspace (npm install)" };
      if (isTs && !tsLoader) return { problem: "mocha cannot load a TypeScript test here: tsx is not installed in the workspace" };
      // Without the project's config: mocha adds a configured `spec` to the file named, which would run the whole suite.
      return {
        argv: [node, bin, "--no-config", "--no-package", "--reporter", "json", "--timeout", "20000", ...(isTs ? ["--require", "tsx/cjs"] : []), file],
        reportFile: null,
        read: ({ stdout }) => {
          const results = parseMochaJson(stdout);
          return results ? { results, suiteProblem: null } : null;
        },
      };
    }
    case "jest": {
      const bin = resolveFrom(root, "jest/bin/jest.js");
      if (!bin) return { problem: "jest is not installed in the workspace (npm install)" };
      return { argv: [node, bin, "--ci", "--json", "--outputFile", reportFile, "--runTestsByPath", file], reportFile, read: ({ report }) => (report ? parseJestJson(report) : null) };
    }
    case "vitest": {
      const bin = resolveFrom(root, "vitest/vitest.mjs");
      if (!bin) return { problem: "vitest is not installed in the workspace (npm install)" };
      return { argv: [node, bin, "run", file, "--reporter=json", `--outputFile=${reportFile}`], reportFile, read: ({ report }) => (report ? parseJestJson(report) : null) };
    }
    case "pytest": {
      const python = pythonWith(root, "pytest");
      if (!python) return { problem: "pytest is not installed for python3 here (pip install pytest)" };
      return { argv: [python, "-m", "pytest", "-rA", "-q", "-p", "no:cacheprovider", file], reportFile: null, read: ({ stdout }) => ({ results: parsePytest(stdout), suiteProblem: null }) };
    }
    case "unittest": {
      const python = pythonWith(root, null);
      if (!python) return { problem: "python3 is not installed here" };
      const module = file.replace(/\.py$/, "").split("/").join(".");
      return { argv: [python, "-m", "unittest", "-v", module], reportFile: null, read: ({ stderr }) => ({ results: parseUnittest(stderr), suiteProblem: null }) };
    }
  }
}

function resolveFrom(root: string, request: string): string | null {
  try {
    return createRequire(path.join(root, "package.json")).resolve(request);
  } catch {
    return null;
  }
}

function pythonWith(root: string, module: string | null): string | null {
  for (const python of ["python3", "python"]) {
    const r = spawnSync(python, module ? ["-m", module, "--version"] : ["--version"], { cwd: root, encoding: "utf8", timeout: 30_000 });
    if (r.status === 0) return python;
  }
  return null;
}
