import type { CaseObservation, TestCase, TestPlan } from "../../protocol";
import { isAssertable, uniqueTitles, type RenderOptions, type RenderedCase } from "./assertable";

const GLOBAL_ERRORS = new Set(["Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "URIError", "EvalError", "AggregateError"]);

/** A TS/JS test file in mocha, jest, vitest or node:test. */
export function renderScript(plan: TestPlan, options: RenderOptions = {}): { code: string; asserted: number; skipped: number; cases: RenderedCase[] } {
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
  const cases: RenderedCase[] = [];
  const titles = uniqueTitles(plan.cases);
  const expectingTypeError = (id: string, call: string, body: string[]) =>
    options.wrongTypes?.has(id) ? body.flatMap((l) => (l.includes(call) ? ["// @ts-expect-error -- the case passes a value outside the declared types on purpose", l] : [l])) : body;
  for (const c of plan.cases) {
    const call = callOf(plan, c, binding);
    const title = titles.get(c.id)!;
    const seen = options.observed?.get(c.id);
    const failed = options.failed?.get(c.id);
    const observedAssertion = seen && seen.outcome !== "unassertable" ? observedLines(fw, seen, call) : null;
    if (failed === undefined && (observedAssertion || isAssertable(plan, c))) {
      asserted++;
      const first = lines.length + 1;
      lines.push(`  it(${JSON.stringify(title)}, async () => {`, ...expectingTypeError(c.id, call, observedAssertion ?? assertion(fw, c, call, u.async)).map((l) => `    ${l}`), "  });");
      cases.push({ id: c.id, name: title, running: true, lines: [first, lines.length] });
    } else {
      skipped++;
      const first = lines.length + 1;
      const why =
        failed !== undefined
          ? `Failed on the current code, so not offered as passing: ${oneLine(failed)}`
          : seen?.outcome === "unassertable"
            ? `Ran it; not asserted: ${oneLine(seen.reason)}. To confirm: ${oneLine(c.expected.detail)}`
            : `To confirm: ${oneLine(c.expected.detail)}`;
      lines.push(
        `  // ${why}`,
        `  it.skip(${JSON.stringify(title)}, async () => {`,
        ...(u.kind === "method" && !u.export.isStatic ? [`    // Construct ${binding} as the code under test does before calling the method.`] : []),
        ...expectingTypeError(c.id, call, [`const result = ${u.async ? "await " : ""}${call};`]).map((l) => `    ${l}`),
        `    void result;`,
        "  });",
      );
      cases.push({ id: c.id, name: title, running: false, lines: [first, lines.length] });
    }
  }
  lines.push("});", "");
  return { code: lines.join("\n"), asserted, skipped, cases };
}

/** A characterization assertion: the result or error the unit gave when it ran on these inputs. */
function observedLines(fw: TestPlan["framework"], seen: Exclude<CaseObservation, { outcome: "unassertable" }>, call: string): string[] {
  const jestLike = fw === "jest" || fw === "vitest";
  if (seen.outcome === "returns") {
    const actual = seen.awaited ? `await ${call}` : call;
    if (jestLike) return [`expect(${actual}).${seen.deep ? "toStrictEqual" : "toBe"}(${seen.literal});`];
    return [`assert.${seen.deep ? "deepEqual" : "equal"}(${actual}, ${seen.literal});`];
  }
  const expected = `{ name: ${JSON.stringify(seen.name)}, message: ${JSON.stringify(seen.message)} }`;
  // Jest and Vitest match a thrown message by pattern: anchored, it must be the whole message.
  const pattern = `new RegExp(${JSON.stringify(`^${seen.message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`)})`;
  const byClass = GLOBAL_ERRORS.has(seen.name) ? seen.name : null;
  if (seen.awaited) {
    if (!jestLike) return [`await assert.rejects(async () => ${call}, ${expected});`];
    return [`await expect(${call}).rejects.toThrow(${pattern});`, ...(byClass ? [`await expect(${call}).rejects.toThrow(${byClass});`] : [])];
  }
  if (!jestLike) return [`assert.throws(() => ${call}, ${expected});`];
  return [`expect(() => ${call}).toThrow(${pattern});`, ...(byClass ? [`expect(() => ${call}).toThrow(${byClass});`] : [])];
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
