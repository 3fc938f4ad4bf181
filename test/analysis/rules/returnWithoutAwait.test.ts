import { strict as assert } from "node:assert";
import { returnWithoutAwait } from "../../../server/analysis/rules/codeQuality/returnWithoutAwait";
import { check } from "../ruleTester";

describe("rule: return-without-await", () => {
  it("flags a promise returned from a try block of an async function", () => {
    const code = [
      "async function load(id) { return id; }",
      "export async function get(id) {",
      "  try {",
      "    return load(id);",
      "  } catch (err) {",
      "    return null;",
      "  }",
      "}",
      "const fetchAll = async (urls) => { try { return Promise.all(urls.map((u) => fetch(u))); } finally { done(); } };",
      "class Store { async read() { return 1; } async safeRead() { try { return this.read(); } catch { return 0; } } }",
      "async function raw(u) { try { return fetch(u).then((r) => r.json()); } catch { return null; } }",
    ].join("\n");
    assert.deepEqual(
      check(returnWithoutAwait, code).map((f) => [f.range.start.line, f.data!.function, f.data!.guard]),
      [[4, "get", "catch"], [9, "fetchAll", "finally"], [10, "safeRead", "catch"], [11, "raw", "catch"]],
    );
  });

  it("is silent where the return is awaited, outside a try, in a sync function, in a nested callback, or not a known promise", () => {
    const code = [
      "async function load(id) { return id; }",
      "async function a(id) { try { return await load(id); } catch { return null; } }",
      "async function b(id) { return load(id); }",
      "function c(id) { try { return load(id); } catch { return null; } }",
      "async function d(xs) { try { xs.map((x) => { return load(x); }); } catch {} }",
      "async function e(x) { try { return compute(x); } catch { return null; } }",
      "async function f(id) { try { doIt(); } catch { return load(id); } }",
    ].join("\n");
    assert.deepEqual(check(returnWithoutAwait, code), []);
  });
});
