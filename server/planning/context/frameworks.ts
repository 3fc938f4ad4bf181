import * as path from "node:path";
import type { ParsedFile } from "../../workspace";
import { packageManifests } from "../../analysis/facts/manifests";
import { pythonManifests } from "../../analysis/facts/pythonManifests";
import { isTestFile } from "../../analysis/rules/testCoverage/untestedExport";

export type ScriptFramework = "mocha" | "jest" | "vitest" | "node:test";
export type PythonFramework = "pytest" | "unittest";
export type Framework = ScriptFramework | PythonFramework;

export interface FrameworkChoice<F extends Framework> {
  framework: F;
  /** Why: the config file, dependency or test file that decided it, or that nothing did. */
  evidence: string;
  detected: boolean;
}

export interface Frameworks {
  script: FrameworkChoice<ScriptFramework>;
  python: FrameworkChoice<PythonFramework>;
}

const SCRIPT_CONFIGS: [RegExp, ScriptFramework][] = [
  [/(^|\/)vitest\.(config|workspace)\.[cm]?[jt]s$/, "vitest"],
  [/(^|\/)jest\.config\.[cm]?[jt]s(on)?$/, "jest"],
  [/(^|\/)\.mocharc(\.[cm]?js|\.json|\.ya?ml)?$/, "mocha"],
];

/**
 * Pure: the test framework a new test file should use, per language — config files first, then
 * the test script, then declared dependencies, then what existing tests import. Without any,
 * the one that needs nothing installed (node:test, unittest), said so in the evidence.
 */
export function detectFrameworks(files: readonly ParsedFile[]): Frameworks {
  return { script: scriptFramework(files), python: pythonFramework(files) };
}

function scriptFramework(files: readonly ParsedFile[]): FrameworkChoice<ScriptFramework> {
  for (const f of files) for (const [re, fw] of SCRIPT_CONFIGS) if (re.test(f.file.path) && !f.file.path.includes("node_modules/")) return { framework: fw, evidence: f.file.path, detected: true };
  const root = packageManifests(files).sort((a, b) => a.dir.length - b.dir.length)[0];
  if (root) {
    let json: { scripts?: Record<string, string>; jest?: unknown } = {};
    try {
      json = JSON.parse(root.file.file.text);
    } catch {
      // packageManifests already skipped unparsable manifests
    }
    if (json.jest) return { framework: "jest", evidence: `${root.file.file.path} "jest" key`, detected: true };
    const test = json.scripts?.test ?? "";
    for (const fw of ["vitest", "jest", "mocha"] as const) if (new RegExp(`\\b${fw}\\b`).test(test)) return { framework: fw, evidence: `${root.file.file.path} scripts.test: ${test}`, detected: true };
    if (/\bnode\b.*--test\b/.test(test)) return { framework: "node:test", evidence: `${root.file.file.path} scripts.test: ${test}`, detected: true };
    for (const fw of ["vitest", "jest", "mocha"] as const) if (root.dependencies.some((d) => d.name === fw)) return { framework: fw, evidence: `${root.file.file.path} depends on ${fw}`, detected: true };
  }
  for (const f of files) {
    if (!f.ts || !isTestFile(f.file.path)) continue;
    if (/from\s+["']node:test["']|require\(["']node:test["']\)/.test(f.file.text)) return { framework: "node:test", evidence: `${f.file.path} imports node:test`, detected: true };
    if (/from\s+["']vitest["']/.test(f.file.text)) return { framework: "vitest", evidence: `${f.file.path} imports vitest`, detected: true };
  }
  return { framework: "node:test", evidence: "no test framework found: node:test is built into Node and needs nothing installed", detected: false };
}

function pythonFramework(files: readonly ParsedFile[]): FrameworkChoice<PythonFramework> {
  for (const f of files) {
    const base = path.posix.basename(f.file.path);
    if (base === "pytest.ini" || base === "conftest.py") return { framework: "pytest", evidence: f.file.path, detected: true };
    if ((base === "pyproject.toml" && /\[tool\.pytest/.test(f.file.text)) || ((base === "setup.cfg" || base === "tox.ini") && /\[(tool:)?pytest\]/.test(f.file.text))) {
      return { framework: "pytest", evidence: `${f.file.path} configures pytest`, detected: true };
    }
  }
  const declared = pythonManifests(files).flatMap((s) => s.requirements).find((r) => r.key === "pytest");
  if (declared) return { framework: "pytest", evidence: `${declared.file.file.path} requires pytest`, detected: true };
  for (const f of files) {
    if (!f.py || !isTestFile(f.file.path)) continue;
    if (/^\s*import pytest|^\s*from pytest /m.test(f.file.text)) return { framework: "pytest", evidence: `${f.file.path} imports pytest`, detected: true };
    if (/^\s*import unittest|^\s*from unittest /m.test(f.file.text)) return { framework: "unittest", evidence: `${f.file.path} imports unittest`, detected: true };
  }
  return { framework: "unittest", evidence: "no test framework found: unittest is in the standard library and needs nothing installed", detected: false };
}
