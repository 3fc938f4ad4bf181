import { strict as assert } from "node:assert";
import { pythonManifests } from "../../../server/analysis/facts/pythonManifests";
import {
  pythonUndeclaredDependency,
  pythonUnpinnedDependency,
  pythonUnusedDependency,
} from "../../../server/analysis/rules/dependencies/pythonDependencies";
import { loadPythonParser, parseFile } from "../../../server/workspace";
import { checkWorkspace } from "../ruleTester";

const WORKSPACE = {
  "requirements.txt": "# runtime\nrequests>=2.31,<3\nPyYAML==6.0.1\nflask\nunused-lib>=1\n-r requirements-dev.txt\n",
  "requirements-dev.txt": "pytest>=8\nblack\n",
  "app/__init__.py": "",
  "app/main.py": "import os\nimport json\nimport requests\nimport yaml\nfrom flask import Flask\nimport numpy as np\nfrom app import helpers\nfrom . import helpers as h\n",
  "app/helpers.py": "from typing import TYPE_CHECKING\n",
};

describe("Python dependencies", () => {
  before(() => loadPythonParser());

  it("reads requirements files and pyproject.toml (PEP 621 and Poetry)", () => {
    const pyproject = [
      "[project]",
      'name = "demo"',
      "dependencies = [",
      '  "httpx>=0.27",',
      '  "rich",',
      "]",
      "[project.optional-dependencies]",
      'test = ["pytest>=8"]',
      "[tool.poetry.dependencies]",
      'python = "^3.11"',
      'click = "^8.1"',
      "[tool.poetry.group.dev.dependencies]",
      'mypy = { version = "^1.10" }',
    ].join("\n");
    const sets = pythonManifests([parseFile({ path: "pyproject.toml", size: pyproject.length, mtimeMs: 0, hash: "p", text: pyproject })]);
    assert.deepEqual(sets[0]!.requirements.map((r) => [r.name, r.spec, r.dev]), [
      ["httpx", ">=0.27", false],
      ["rich", "", false],
      ["pytest", ">=8", true],
      ["click", "^8.1", false],
      ["mypy", "^1.10", true],
    ]);
  });

  it("flags imports no manifest declares — stdlib, local packages and import-name aliases aside", () => {
    const findings = checkWorkspace(pythonUndeclaredDependency, WORKSPACE);
    assert.deepEqual(findings.map((f) => [f.data!.package, f.file]), [["numpy", "app/main.py"]]);
  });

  it("flags runtime requirements nothing imports, not dev tools", () => {
    const findings = checkWorkspace(pythonUnusedDependency, WORKSPACE);
    assert.deepEqual(findings.map((f) => f.data!.package), ["unused-lib"]);
  });

  it("flags requirements without a version constraint", () => {
    const findings = checkWorkspace(pythonUnpinnedDependency, WORKSPACE);
    assert.deepEqual(findings.map((f) => [f.data!.package, f.file, f.range.start.line]), [
      ["flask", "requirements.txt", 4],
      ["black", "requirements-dev.txt", 2],
    ]);
  });
});
