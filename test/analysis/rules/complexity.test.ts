import { strict as assert } from "node:assert";
import { complexity } from "../../../server/analysis/rules/codeQuality/complexity";
import { check } from "../ruleTester";

const at = (max: number) => ({ config: { complexity: max } });

describe("rule: complexity", () => {
  describe("counts each decision point ESLint counts", () => {
    const cases: [string, string, number][] = [
      ["straight-line code", "function f(a) { return a; }", 1],
      ["if / else if / else", "function f(a) { if (a) {} else if (!a) {} else {} }", 3],
      ["loops", "function f(xs) { for (;;) {} for (const x of xs) {} for (const k in xs) {} while (xs) {} do {} while (xs); }", 6],
      ["logical operators and ??", "function f(a, b) { return a && b || a ?? b; }", 4],
      ["logical assignment", "function f(a) { a ||= 1; a &&= 2; a ??= 3; a += 1; }", 4],
      ["conditional and catch", "function f(a) { try { return a ? 1 : 2; } catch { return 0; } }", 3],
      ["switch cases, not default", "function f(a) { switch (a) { case 1: case 2: break; default: } }", 3],
      ["default parameters and destructuring defaults", "function f(a = 1, { b = 2, c: [d = 3] } = {}) {}", 5],
      ["destructuring assignment defaults", "function f(o) { let a, b; ({ a = 1, b: [b = 2] } = o); }", 3],
      ["optional chaining, once per ?.", "function f(a) { return a?.b.c?.[0]?.(); }", 4],
      ["nested functions count on their own", "function f(a) { return () => a && a; }", 1],
    ];
    for (const [name, code, expected] of cases) {
      it(name, () => {
        const findings = check(complexity, code, at(0)).filter((f) => f.data!.function === "f");
        assert.equal(findings.length, 1);
        assert.equal(findings[0]!.data!.complexity, expected);
      });
    }
  });

  it("gives class field initializers and static blocks their own count, as ESLint does", () => {
    const findings = check(complexity, "class A { x = this.a || this.b; static { if (A) {} } m() { return 1; } }", at(0));
    assert.deepEqual(
      findings.map((f) => [f.data!.function, f.data!.complexity]),
      [["A.x=", 2], ["A.static", 2], ["A.m", 1]],
    );
  });

  it("does not count type-level conditionals", () => {
    const findings = check(complexity, "function f<T>(x: T): T extends string ? 1 : 2 { return x as never; }", at(0));
    assert.equal(findings[0]!.data!.complexity, 1);
  });

  it("reports above the threshold only, at the function head, with ESLint's wording", () => {
    const code = ["export async function busy(a) {", "  if (a) {} if (a) {} if (a) {}", "}", "function calm() {}", ""].join("\n");
    const findings = check(complexity, code, at(3));
    assert.equal(findings.length, 1);
    const f = findings[0]!;
    assert.equal(f.message, "Async function 'busy' has a complexity of 4. Maximum allowed is 3.");
    assert.deepEqual(f.range.start, { line: 1, column: 8 }, "after `export`, at `async`, as ESLint reports");
    assert.equal(f.severity, "warning");
    assert.equal(f.id, "complexity:src/fixture.ts:busy");
    assert.equal(f.evidence, "export async function busy(a) {");
  });

  it("is an error at twice the threshold", () => {
    const findings = check(complexity, "function f(a) { if (a) {} if (a) {} if (a) {} }", at(2));
    assert.equal(findings[0]!.severity, "error");
  });

  it("keeps ids stable when unrelated code above moves the function", () => {
    const body = "function busy(a) { if (a) {} if (a) {} }";
    const before = check(complexity, body, at(1))[0]!;
    const after = check(complexity, `// a new comment\nconst unrelated = 1;\n\n${body}`, at(1))[0]!;
    assert.equal(before.id, after.id);
    assert.notEqual(before.range.start.line, after.range.start.line);
  });

  it("names methods, object members and callbacks so their ids mean something", () => {
    const code = [
      "class Parser { parse(a) { return a && a; } }",
      "const api = { load: function (a) { return a || a; }, save(a) { return a ?? a; } };",
      "describe('thing', () => { it('works', () => a && a); });",
    ].join("\n");
    const names = check(complexity, code, at(1)).map((f) => f.data!.function);
    assert.deepEqual(names, ["Parser.parse", "api.load", "api.save", 'it "works" callback']);
  });

  it("can be silenced for one line", () => {
    const code = "// autocoder-ignore-next-line complexity\nfunction f(a) { if (a) {} if (a) {} }\nfunction g(a) { if (a) {} if (a) {} }";
    assert.deepEqual(check(complexity, code, at(1)).map((f) => f.data!.function), ["g"]);
  });
});
