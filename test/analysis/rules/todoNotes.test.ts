import { strict as assert } from "node:assert";
import { todoNotes } from "../../../server/analysis/rules/codeQuality/todoNotes";
import { parseError } from "../../../server/analysis/rules/parseError";
import { check } from "../ruleTester";

describe("rule: todo-note", () => {
  it("finds notes in line, block and JSDoc comments, with their text", () => {
    const code = [
      "// TODO: handle the empty list",
      "const a = 1; /* FIXME overflow at 2^31 */",
      "/**",
      " * HACK(bob) - works around a driver bug",
      " */",
      "function f() {",
      "  // XXX",
      "}",
      "",
    ].join("\n");
    const findings = check(todoNotes, code);
    assert.deepEqual(
      findings.map((f) => [f.range.start.line, f.severity, f.message]),
      [
        [1, "info", "TODO: handle the empty list"],
        [2, "warning", "FIXME: overflow at 2^31"],
        [4, "warning", "HACK: bob) - works around a driver bug"],
        [7, "warning", "XXX note without a description"],
      ],
    );
  });

  it("ignores the words in strings, templates, regexes and identifiers", () => {
    const code = [
      'const s = "TODO: not a comment";',
      "const t = `FIXME ${s} // TODO`;",
      "const r = /HACK\\/\\/ TODO/;",
      "const TODO_LIST = [];",
      "const url = 'http://example.com // TODO';",
    ].join("\n");
    assert.deepEqual(check(todoNotes, code), []);
  });

  it("finds Python # notes but not inside strings", () => {
    const code = ['x = "# TODO not this"', "# TODO: and this one", "y = 1  # FIXME also"].join("\n");
    const findings = check(todoNotes, code, { file: "tool.py" });
    assert.deepEqual(findings.map((f) => f.message), ["TODO: and this one", "FIXME: also"]);
  });

  it("keeps ids stable when the note moves", () => {
    const a = check(todoNotes, "// TODO: one thing\n")[0]!;
    const b = check(todoNotes, "const x = 1;\n\n// TODO: one thing\n")[0]!;
    assert.equal(a.id, b.id);
  });
});

describe("rule: parse-error", () => {
  it("reports where a file stopped parsing", () => {
    const [f] = check(parseError, "const a = 1;\nfunction (\n");
    assert.equal(f!.rule, "parse-error");
    assert.equal(f!.severity, "error");
    assert.equal(f!.range.start.line, 2);
    assert.match(f!.message, /^Syntax error: /);
  });
  it("is silent on valid code", () => {
    assert.deepEqual(check(parseError, "export const a = 1;\n"), []);
  });
});
