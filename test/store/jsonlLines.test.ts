import { strict as assert } from "node:assert";
import { splitJsonLines } from "../../server/store";

const anyObject = (v: unknown) =>
  typeof v === "object" && v !== null ? { ok: true as const, value: v } : { ok: false as const, reason: "not an object" };

describe("splitJsonLines", () => {
  it("reads complete lines and reports no damage", () => {
    const v = splitJsonLines(Buffer.from('{"a":1}\n{"a":2}\n'), anyObject);
    assert.deepEqual(v.good.map((g) => g.value), [{ a: 1 }, { a: 2 }]);
    assert.equal(v.bad.length, 0);
    assert.equal(v.torn, false);
    assert.equal(v.completeBytes, 16);
  });

  it("sets a torn last line aside with its line number", () => {
    const v = splitJsonLines(Buffer.from('{"a":1}\n{"a":2}\n{"a":'), anyObject);
    assert.equal(v.good.length, 2);
    assert.equal(v.bad.length, 1);
    assert.equal(v.bad[0]!.lineNumber, 3);
    assert.match(v.bad[0]!.reason, /^torn last line/);
    assert.equal(v.torn, true);
  });

  it("keeps a valid last line that only lost its newline", () => {
    const v = splitJsonLines(Buffer.from('{"a":1}\n{"a":2}'), anyObject);
    assert.equal(v.good.length, 2);
    assert.equal(v.bad.length, 0);
    assert.equal(v.torn, true);
  });

  it("rejects lines that parse but fail validation, and skips blank lines", () => {
    const v = splitJsonLines(Buffer.from('{"a":1}\n\n42\n{"a":3}\n'), anyObject);
    assert.deepEqual(v.good.map((g) => g.value), [{ a: 1 }, { a: 3 }]);
    assert.deepEqual(v.bad.map((b) => [b.lineNumber, b.reason]), [[3, "not an object"]]);
  });

  it("counts bytes, not characters, for multi-byte text", () => {
    const v = splitJsonLines(Buffer.from('{"s":"é€"}\n'), anyObject);
    assert.equal(v.completeBytes, Buffer.byteLength('{"s":"é€"}\n'));
  });
});
