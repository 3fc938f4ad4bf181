import { strict as assert } from "node:assert";
import { unitsOf } from "../../server/planning";
import { loadPythonParser } from "../../server/workspace";
import { parsedFiles } from "./planTester";

const one = (path: string, text: string) => unitsOf(parsedFiles({ [path]: text })[0]!);

describe("test-planning units", () => {
  before(loadPythonParser);

  it("finds ES exports: functions, consts, classes and their public methods, with signatures", () => {
    const units = one(
      "src/shop.ts",
      [
        "export async function buy(item: string, qty = 1, ...rest: number[]): Promise<number> { return qty; }",
        "export const price = (n: number): number => n * 2;",
        "function hidden() {}",
        "export default class Cart {",
        "  constructor(private owner: string) {}",
        "  add(x: number) { return x; }",
        "  static empty() { return new Cart('x'); }",
        "  private secret() {}",
        "  #reallySecret() {}",
        "}",
        "function local(a) { return a; }",
        "export { local as renamed };",
      ].join("\n"),
    );
    assert.deepEqual(units.map((u) => [u.name, u.kind, u.access.exportName]), [
      ["buy", "function", "buy"],
      ["price", "function", "price"],
      ["Cart", "class", "default"],
      ["Cart.add", "method", "default"],
      ["Cart.empty", "method", "default"],
      ["local", "function", "renamed"],
    ]);
    const buy = units[0]!;
    assert.equal(buy.signature, "async buy(item: string, qty = 1, ...rest: number[]): Promise<number>");
    assert.deepEqual(buy.params.map((p) => [p.name, p.type, p.optional, p.rest, p.defaultText]), [
      ["item", "string", false, false, null],
      ["qty", null, true, false, "1"],
      ["rest", "number[]", false, true, null],
    ]);
    assert.equal(units.find((u) => u.name === "Cart.empty")!.access.isStatic, true);
    assert.equal(units[0]!.id, "src/shop.ts#buy");
  });

  it("finds CommonJS exports", () => {
    const units = one("lib/a.js", "function a(x) {}\nfunction b() {}\nmodule.exports = { a, bee: b };\nexports.c = function (y) {};\n");
    assert.deepEqual(units.map((u) => [u.name, u.access.exportName, u.access.commonjs]), [["a", "a", true], ["bee", "bee", true], ["c", "c", true]]);
  });

  it("collects body facts: guarded throws, empty returns, calls by module, env, boundaries, catches, loops, user-facing text", () => {
    const [u] = one(
      "src/f.ts",
      [
        'import * as fs from "node:fs";',
        'import { spawn } from "node:child_process";',
        "export function f(limit: number, items: string[]) {",
        '  if (limit > 100) throw new RangeError("too big");',
        "  if (!items) return null;",
        "  const home = process.env.HOME;",
        "  for (const it of items) { for (const x of items) {} }",
        '  try { fs.readFileSync("a"); } catch {}',
        '  try { spawn("ls"); } catch (e) { throw new Error("failed"); }',
        '  console.error("Something went wrong");',
        "  return items.map((s) => s + home);",
        "}",
      ].join("\n"),
    );
    const facts = u!.facts;
    assert.deepEqual(facts.throws.map((t) => [t.line, t.condition, t.error, t.message]), [
      [4, "limit > 100", "RangeError", '"too big"'],
      [9, null, "Error", '"failed"'],
    ]);
    assert.deepEqual(facts.emptyReturns.map((r) => [r.line, r.condition, r.value]), [[5, "!items", "null"]]);
    assert.deepEqual(facts.env, [{ line: 6, name: "HOME" }]);
    assert.deepEqual(facts.comparisons, [{ line: 4, subject: "limit", operator: ">", value: 100 }]);
    assert.deepEqual(facts.catches.map((c) => c.handling), ["empty", "rethrown-without-cause"]);
    assert.deepEqual(facts.loops.map((l) => [l.over, l.nested]), [["items", false], ["items", true], ["items", false]]);
    assert.deepEqual(facts.calls.filter((c) => c.module).map((c) => [c.callee, c.module]), [["fs.readFileSync", "node:fs"], ["spawn", "node:child_process#spawn"]]);
    assert.deepEqual(facts.userFacing, [{ line: 10, kind: "message", text: '"Something went wrong"' }]);
  });

  it("finds nothing to test in tests, scripts and declaration files", () => {
    const code = "export function f() {}\n";
    assert.deepEqual(one("test/a.test.ts", code), []);
    assert.deepEqual(one("scripts/build.ts", code), []);
    assert.deepEqual(one("types/a.d.ts", code), []);
  });

  it("finds Python's public functions, classes, methods and script entry points", () => {
    const units = one(
      "pkg/store.py",
      [
        "import os",
        "def save(path: str, data, retries=3):",
        "    if retries < 0:",
        '        raise ValueError("negative")',
        "    try:",
        "        open(path, 'w').write(data)",
        "    except OSError:",
        "        pass",
        '    return os.environ.get("HOME")',
        "def _private(): pass",
        "class Store:",
        "    def __init__(self, root):",
        "        self.root = root",
        "    def get(self, key):",
        "        if key is None:",
        "            return None",
        "        return key",
        "    @staticmethod",
        "    def make():",
        "        return Store('.')",
        "    def _hidden(self): pass",
        'if __name__ == "__main__":',
        '    print("done")',
      ].join("\n") + "\n",
    );
    assert.deepEqual(units.map((u) => [u.name, u.kind]), [["save", "function"], ["Store", "class"], ["Store.get", "method"], ["Store.make", "method"], ["<module>", "entry"]]);
    const save = units[0]!;
    assert.equal(save.signature, "def save(path: str, data, retries=3)");
    assert.deepEqual(save.params.map((p) => [p.name, p.type, p.optional]), [["path", "str", false], ["data", null, false], ["retries", null, true]]);
    assert.deepEqual(save.facts.throws.map((t) => [t.line, t.condition, t.error]), [[4, "retries < 0", "ValueError"]]);
    assert.deepEqual(save.facts.comparisons, [{ line: 3, subject: "retries", operator: "<", value: 0 }]);
    assert.deepEqual(save.facts.catches.map((c) => c.handling), ["empty"]);
    assert.deepEqual(save.facts.env, [{ line: 9, name: "HOME" }]);
    assert.deepEqual(units[1]!.params.map((p) => p.name), ["root"], "a class takes its __init__ parameters, without self");
    assert.deepEqual(units[2]!.facts.emptyReturns.map((r) => [r.condition, r.value]), [["key is None", "None"]]);
    assert.equal(units[3]!.access.isStatic, true);
    assert.deepEqual(units[4]!.facts.userFacing.map((u) => u.text), ['"done"']);
  });

  it("respects __all__", () => {
    assert.deepEqual(one("m.py", '__all__ = ["b"]\ndef a(): pass\ndef b(): pass\n').map((u) => u.name), ["b"]);
  });
});

