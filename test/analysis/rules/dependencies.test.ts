import { strict as assert } from "node:assert";
import { lockfileDuplicates } from "../../../server/analysis/rules/dependencies/lockfileDuplicates";
import { misplacedDependency } from "../../../server/analysis/rules/dependencies/misplacedDependency";
import { undeclaredDependency } from "../../../server/analysis/rules/dependencies/undeclaredDependency";
import { unpinnedDependency } from "../../../server/analysis/rules/dependencies/unpinnedDependency";
import { unusedDependency } from "../../../server/analysis/rules/dependencies/unusedDependency";
import { checkWorkspace } from "../ruleTester";

const manifest = (deps: object, dev: object = {}, extra: object = {}) =>
  JSON.stringify({ name: "app", scripts: { test: "mocha", build: "esbuild src/index.ts" }, dependencies: deps, devDependencies: dev, ...extra }, null, 2);

const WORKSPACE = {
  "package.json": manifest(
    { express: "^4.0.0", lodash: "^4.17.0", chalk: "^5.0.0", "left-pad": "*" },
    { mocha: "^10.0.0", esbuild: "^0.20.0", sinon: "^17.0.0", tsx: "^4.0.0", zod: "^3.0.0", "@types/node": "^20.0.0" },
  ),
  ".mocharc.json": '{ "require": ["tsx/cjs"] }',
  "src/index.ts": 'import express from "express";\nimport { z } from "zod";\nimport fs from "node:fs";\nimport path from "path";\nimport axios from "axios";\nimport type { Debug } from "debug";\nexport const app = express(z, fs, path, axios);',
  "test/index.test.ts": 'import sinon from "sinon";\nimport chalk from "chalk";\nimport pkg from "app";\nsinon.stub(chalk, pkg);',
};

describe("rule: undeclared-dependency", () => {
  it("flags packages imported but declared nowhere — builtins, the package itself and declared ones aside", () => {
    const findings = checkWorkspace(undeclaredDependency, WORKSPACE);
    assert.deepEqual(findings.map((f) => [f.data!.package, f.severity, f.file, f.range.start.line]), [
      ["axios", "error", "src/index.ts", 5],
      ["debug", "warning", "src/index.ts", 6],
    ]);
  });
  it("accepts a dependency declared by an enclosing package.json (monorepo root) or a sibling workspace package", () => {
    const findings = checkWorkspace(undeclaredDependency, {
      "package.json": JSON.stringify({ name: "root", devDependencies: { typescript: "^5" } }),
      "packages/a/package.json": JSON.stringify({ name: "@acme/a" }),
      "packages/a/index.ts": 'import ts from "typescript";\nimport b from "@acme/b";\nexport default [ts, b];',
      "packages/b/package.json": JSON.stringify({ name: "@acme/b" }),
    });
    assert.deepEqual(findings, []);
  });
});

describe("rule: unused-dependency", () => {
  it("flags declared packages nothing uses; scripts, configs and @types count as use", () => {
    const findings = checkWorkspace(unusedDependency, WORKSPACE);
    assert.deepEqual(findings.map((f) => [f.data!.package, f.severity]), [["lodash", "warning"], ["left-pad", "warning"]]);
    assert.equal(findings[0]!.file, "package.json");
    assert.match(findings[0]!.message, /lodash is declared in dependencies but no code imports it/);
  });
});

describe("rule: misplaced-dependency", () => {
  it("flags devDependencies that shipped code imports, and dependencies only tests use", () => {
    const findings = checkWorkspace(misplacedDependency, WORKSPACE);
    assert.deepEqual(findings.map((f) => [f.data!.package, f.data!.section, f.severity]), [
      ["chalk", "dependencies", "info"],
      ["zod", "devDependencies", "warning"],
    ]);
  });
});

describe("rule: unpinned-dependency", () => {
  it("flags ranges with no upper bound only", () => {
    const findings = checkWorkspace(unpinnedDependency, {
      "package.json": manifest({ a: "*", b: "latest", c: ">=1.2.0", d: "^1.0.0", e: "~2.1.0", f: ">=1 <2", g: "1.2.3" }),
    });
    assert.deepEqual(findings.map((f) => f.data!.package), ["a", "b", "c"]);
  });
});

describe("rule: duplicate-package-versions", () => {
  it("lists packages installed in several versions", () => {
    const lock = JSON.stringify({
      lockfileVersion: 3,
      packages: {
        "": { name: "app" },
        "node_modules/ms": { version: "2.1.3" },
        "node_modules/debug/node_modules/ms": { version: "2.0.0" },
        "node_modules/debug": { version: "4.3.4" },
        "node_modules/@scope/x": { version: "1.0.0" },
        "node_modules/a/node_modules/@scope/x": { version: "1.0.0" },
      },
    }, null, 2);
    const findings = checkWorkspace(lockfileDuplicates, { "package-lock.json": lock });
    assert.deepEqual(findings.map((f) => [f.data!.package, f.data!.versions]), [["ms", ["2.0.0", "2.1.3"]]]);
  });
});
