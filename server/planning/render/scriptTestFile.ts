import type { TestCase, TestPlan } from "../../protocol";
import { isAssertable } from "./assertable";

const GLOBAL_ERRORS = new Set(["Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "URIError", "EvalError", "AggregateError"]);

/** A TS/JS test file in mocha, jest, vitest or node:test. */
export function renderScript(plan: TestPlan): { code: string; asserted: number; skipped: number } {
  const fw = plan.framework;
  const u = plan.unit;
  const esm = !u.export.commonjs && !plan.target.path.endsWith(".cjs");
  const exported = u.export.name;
  const named = exported !== "default" && exported !== "module.exports";
  // What the test calls the unit locally: its own name when that is a usable identifier.
  const preferred = u.export.className ?? (named ? exported : u.name);
  const binding = isIdentifier(preferred) ? preferred : `${safeName(baseName(u.file))}Export`;
  const spec = JSON.stringify(plan.target.importPath);
  const importLine = esm
    ? exported === "default"
      ? `import ${binding} from ${spec};`
      : `import { ${exported === binding ? binding : `${isIdentifier(exported) ? exported : JSON.stringify(exported)} as ${binding}`} } from ${spec};`
    : exported === "module.exports"
      ? `const ${binding} = require(${spec});`
      : `const { ${exported === binding ? binding : `${isIdentifier(exported) || exported === "default" ? exported : JSON.stringify(exported)}: ${binding}`} } = require(${spec});`;
  const lines: string[] = [`// Test plan ${oneLine(plan.id)} (${oneLine(u.signature)}), written by Autocoder for ${fw}.`];
  for (const m of plan.mocks) lines.push(`// Fake ${oneLine(m.target)} (${m.category}): ${oneLine(m.how)}`);
  const needsAssert = fw === "mocha" || fw === "node:test";
  if (fw === "node:test") lines.push(esm ? `import { describe, it } from "node:test";` : `const { describe, it } = require("node:test");`);
  if (fw === "vitest") lines.push(`import { describe, expect, it } from "vitest";`);
  if (needsAssert) lines.push(esm ? `import assert from "node:assert/strict";` : `const assert = require("node:assert/strict");`);
  if (u.kind === "entry") lines.push(...(esm ? ['import { spawnSync } from "node:child_process";', 'import { fileURLToPath } from "node:url";'] : ['const { spawnSync } = require("node:child_process");', 'const path = require("node:path");']));
  else lines.push(importLine);
  lines.push("", `describe(${JSON.stringify(u.kind === "entry" ? u.file : u.name)}, () => {`);
  let asserted = 0;
  let skipped = 0;
  for (const c of plan.cases) {
    const call = callOf(plan, c, binding);
    if (isAssertable(plan, c)) {
      asserted++;
      lines.push(`  it(${JSON.stringify(c.title)}, async () => {`, ...assertion(fw, c, call, u.async).map((l) => `    ${l}`), "  });");
    } else {
      skipped++;
      lines.push(
        `  // To confirm: ${oneLine(c.expected.detail)}`,
        `  it.skip(${JSON.stringify(c.title)}, async () => {`,
        ...(u.kind === "method" && !u.export.isStatic ? [`    // Construct ${binding} as the code under test does before calling the method.`] : []),
        `    const result = ${u.async ? "await " : ""}${call};`,
        `    void result;`,
        "  });",
      );
    }
  }
  lines.push("});", "");
  return { code: lines.join("\n"), asserted, skipped };
}

function callOf(plan: TestPlan, c: TestCase, binding: string): string {
  const u = plan.unit;
  const args = c.inputs.args.join(", ");
  if (u.kind === "entry") {
    const esm = !u.export.commonjs && !plan.target.path.endsWith(".cjs");
    const program = esm ? `fileURLToPath(new URL(${JSON.stringify(plan.target.importPath)}, import.meta.url))` : `path.join(__dirname, ${JSON.stringify(plan.target.importPath)})`;
    return `spawnSync(process.execPath, [${program}], { encoding: "utf8", timeout: 60_000 })`;
  }
  if (u.kind === "class") return `new ${binding}(${args})`;
  if (u.kind === "method") {
    const method = u.name.slice((u.export.className ?? "").length + 1);
    const access = isIdentifier(method) ? `.${method}` : `[${/^["'].*["']$/.test(method) ? method : JSON.stringify(method)}]`;
    return u.export.isStatic ? `${binding}${access}(${args})` : `new ${binding}()${access}(${args})`;
  }
  return `${binding}(${args})`;
}

function assertion(fw: TestPlan["framework"], c: TestCase, call: string, isAsync: boolean): string[] {
  const error = c.expected.error && GLOBAL_ERRORS.has(c.expected.error) ? c.expected.error : null;
  const jestLike = fw === "jest" || fw === "vitest";
  if (c.expected.outcome === "throws" || c.expected.outcome === "rejects") {
    if (isAsync || c.expected.outcome === "rejects") return [jestLike ? `await expect(${call}).rejects.toThrow(${error ?? ""});` : `await assert.rejects(async () => ${call}${error ? `, ${error}` : ""});`];
    return [jestLike ? `expect(() => ${call}).toThrow(${error ?? ""});` : `assert.throws(() => ${call}${error ? `, ${error}` : ""});`];
  }
  const value = c.expected.value ?? "undefined";
  const actual = isAsync ? `await ${call}` : call;
  return [jestLike ? `expect(${actual}).toBe(${value});` : `assert.equal(${actual}, ${value});`];
}

const RESERVED = new Set(
  "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await arguments eval".split(" "),
);

function isIdentifier(name: string): boolean {
  return /^[A-Za-z_$][\w$]*$/.test(name) && !RESERVED.has(name);
}

function baseName(file: string): string {
  return file.slice(file.lastIndexOf("/") + 1).replace(/\..*$/, "");
}

function safeName(name: string): string {
  const n = name.replace(/[^A-Za-z0-9_$]/g, "_");
  return /^[0-9]/.test(n) ? `_${n}` : n || "subject";
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").replace(/\*\//g, "* /");
}
