import { strict as assert } from "node:assert";
import { functionLength } from "../../../server/analysis/rules/codeQuality/functionLength";
import { nestingDepth } from "../../../server/analysis/rules/codeQuality/nestingDepth";
import { parameterCount } from "../../../server/analysis/rules/codeQuality/parameterCount";
import { check } from "../ruleTester";

describe("rule: function-length", () => {
  const lines = (n: number) => `function long() {\n${"  work();\n".repeat(n - 2)}}\n`;
  it("fires above the limit with the measured length", () => {
    const [f] = check(functionLength, lines(12), { config: { functionLines: 10 } });
    assert.equal(f!.message, "Function 'long' is 12 lines long. Maximum allowed is 10.");
    assert.equal(f!.data!.lines, 12);
  });
  it("does not fire at the limit", () => {
    assert.deepEqual(check(functionLength, lines(10), { config: { functionLines: 10 } }), []);
  });
});

describe("rule: parameter-count", () => {
  it("fires above the limit, not counting a TypeScript `this` parameter", () => {
    const code = "function many(this: Window, a: 1, b: 2, c: 3) {}\nconst few = (a, b) => a;";
    const findings = check(parameterCount, code, { config: { parameters: 2 } });
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.data!.parameters, 3);
  });
  it("does not fire within the limit", () => {
    assert.deepEqual(check(parameterCount, "function f(a, b) {}", { config: { parameters: 2 } }), []);
  });
});

describe("rule: nesting-depth", () => {
  it("counts nested control statements and points at the deepest", () => {
    const code = [
      "function deep(xs) {",
      "  for (const x of xs) {",
      "    if (x) {",
      "      while (x) {",
      "        try { } catch {}",
      "      }",
      "    }",
      "  }",
      "}",
    ].join("\n");
    const [f] = check(nestingDepth, code, { config: { nestingDepth: 3 } });
    assert.equal(f!.data!.depth, 4);
    assert.deepEqual(f!.range.start, { line: 5, column: 9 });
  });
  it("keeps else-if chains at one level, as ESLint's max-depth does", () => {
    const code = "function f(a) { if (a) {} else if (a) {} else if (a) { if (a) {} } }";
    assert.deepEqual(check(nestingDepth, code, { config: { nestingDepth: 2 } }), []);
    assert.equal(check(nestingDepth, code, { config: { nestingDepth: 1 } })[0]!.data!.depth, 2);
  });
  it("restarts the count inside a nested function", () => {
    const code = "function f(a) { if (a) { return () => { if (a) {} }; } }";
    assert.deepEqual(check(nestingDepth, code, { config: { nestingDepth: 1 } }), []);
  });
});
